#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/clients/thumbnail.py IMAGE.png OUT.png - have libgnome-desktop-3 make
# the normal-size thumbnail of IMAGE (it runs the thumbnailer, here
# gdk-pixbuf-thumbnailer, under the first bwrap in PATH, with --seccomp), save
# it as GNOME does (with a fixed mtime, so two runs write the same file) and
# copy the saved file to OUT.  Prints the pixbuf's geometry and a digest of
# its pixels; exits 1 when no thumbnail came.
import hashlib
import shutil
import sys

import gi

gi.require_version("GnomeDesktop", "3.0")
from gi.repository import GLib, GnomeDesktop  # noqa: E402

MTIME = 1700000000
image, out = sys.argv[1], sys.argv[2]
uri = GLib.filename_to_uri(image, None)
factory = GnomeDesktop.DesktopThumbnailFactory.new(GnomeDesktop.DesktopThumbnailSize.NORMAL)
try:
    pixbuf = factory.generate_thumbnail(uri, "image/png", None)
except GLib.Error as e:
    print("no thumbnail: " + e.message, flush=True)
    sys.exit(1)
if pixbuf is None:
    print("no thumbnail", flush=True)
    sys.exit(1)
print("size: %dx%d rowstride %d channels %d alpha %s" % (
    pixbuf.get_width(), pixbuf.get_height(), pixbuf.get_rowstride(),
    pixbuf.get_n_channels(), pixbuf.get_has_alpha()))
print("pixels sha256: " + hashlib.sha256(pixbuf.get_pixels()).hexdigest())
factory.save_thumbnail(pixbuf, uri, MTIME, None)
saved = factory.lookup(uri, MTIME)
if not saved:
    print("the thumbnail was not saved", flush=True)
    sys.exit(1)
shutil.copyfile(saved, out)
