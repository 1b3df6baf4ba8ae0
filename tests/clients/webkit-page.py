#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/clients/webkit-page.py PAGE.html - load a local page in WebKitGTK with
# the web-process sandbox on (WebKit then starts every web process through
# /usr/bin/bwrap) and print the title its JavaScript sets.  Exits 0 when a
# title came, 1 on a load failure or after 45 s, and dies with WebKit when
# the web process cannot start (WebKit aborts).
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

status = 1


def on_title(view, _pspec):
    global status
    title = view.get_title()
    if title and title.startswith("sbx-client-test:"):
        print("title: " + title, flush=True)
        status = 0
        Gtk.main_quit()


def on_failed(_view, _event, uri, error):
    print("load failed: %s: %s" % (uri, error.message), flush=True)
    Gtk.main_quit()
    return True


def on_crash(_view):
    print("web process crashed", flush=True)
    Gtk.main_quit()
    return True


def on_timeout():
    print("no title after 45 s", flush=True)
    Gtk.main_quit()
    return False


context = WebKit2.WebContext.new()
# Must come before the first web process starts.
context.set_sandbox_enabled(True)
view = WebKit2.WebView.new_with_context(context)
view.connect("notify::title", on_title)
view.connect("load-failed", on_failed)
view.connect("web-process-crashed", on_crash)
window = Gtk.OffscreenWindow()
window.add(view)
window.show_all()
view.load_uri(GLib.filename_to_uri(sys.argv[1], None))
GLib.timeout_add_seconds(45, on_timeout)
Gtk.main()
sys.exit(status)
