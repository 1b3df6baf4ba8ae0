# SPDX-License-Identifier: GPL-2.0-or-later
# completion.sh - drive the shell completions the way each shell does; for
# docs.test (the files in the tree) and install.test (the installed ones).
# Source after libtest.sh.  Each function prints the candidates for each
# LINE, one per line, and "--END--" after each LINE.
#   bcomp BASH-FILE LINE...   bash: COMP_WORDS split as readline splits them
#   zcomp ZSH-DIR LINE...     zsh: an interactive zsh on a pty, fpath=(ZSH-DIR ...)
#   fcomp FISH-FILE LINE...   fish: the file sourced, then complete -C
#   have_zpty                 true when zsh with zsh/zpty is installed
#   ... | words               one line per LINE: its candidates with blanks between
#   ... | blocks              one line per LINE: its candidates run together, or "(none)"

# bash: complete LINE as readline would split it (blanks; ':' and '=' are
# words of their own).  $BCOMP_PRE is sourced first when set (for
# bash-completion's own library).
cat >"$T/bashcomp" <<'EOF'
comp() {
  local line=$1 w=() cur="" ch i
  for ((i = 0; i < ${#line}; i++)); do
    ch=${line:i:1}
    case $ch in
      ' ') [[ -n $cur ]] && w+=("$cur"); cur="" ;;
      ':' | '=') [[ -n $cur ]] && w+=("$cur"); w+=("$ch"); cur="" ;;
      *) cur+=$ch ;;
    esac
  done
  w+=("$cur")
  COMP_WORDS=("${w[@]}") COMP_CWORD=$((${#w[@]} - 1)) COMP_LINE=$line COMP_POINT=${#line}
  COMPREPLY=()
  _sbx sbx "${w[-1]}" "${w[-2]:-}"
  printf '%s\n' "${COMPREPLY[@]}"
}
EOF
bcomp() { # FILE LINE...
  bash -c '[ -z "${BCOMP_PRE:-}" ] || . "$BCOMP_PRE"; . "$1"; . "$2"; shift 2; for l; do comp "$l"; echo --END--; done' \
    bash "$1" "$T/bashcomp" "${@:2}" 2>&1
}

# zsh: complete each LINE in an interactive zsh on a pty: a widget runs the
# completion, recording every candidate compadd is given, then a marker.
# The next LINE is typed only after the marker: zsh skips completion while
# input is pending.
cat >"$T/zcomp.zsh" <<'EOF'
zmodload zsh/zpty || exit 2
dir=$1 out=$2; shift 2
: >$out
zpty z zsh -f -i
zpty -w z "PS1=; unsetopt autolist; LISTMAX=100000; fpath=($dir \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z "compadd() { local -a h; builtin compadd -A h \"\$@\"; print -rl -- \$h >>$out; builtin compadd \"\$@\" }"
zpty -w z "zle -C sbx-complete complete-word _main_complete; sbx-test() { zle sbx-complete; print -- --END-- >>$out; }; zle -N sbx-test; bindkey '^T' sbx-test"
k=0
for l; do
  zpty -w -n z "$l"$'\x14'
  k=$((k + 1))
  for i in {1..600}; do
    [[ $(grep -c -- --END-- $out) -ge $k ]] && break
    sleep 0.1
  done
  zpty -w -n z $'\x15'
done
zpty -d z
EOF
zcomp() { # DIR LINE...
  zsh -f "$T/zcomp.zsh" "$1" "$T/zsh.out" "${@:2}"
  grep . "$T/zsh.out"
}
have_zpty() { command -v zsh >/dev/null && zsh -fc 'zmodload zsh/zpty' 2>/dev/null; }

fcomp() { # FILE LINE...: candidates without their descriptions
  fish -N -c 'source $argv[1]; for l in $argv[2..-1]; complete -C $l | string replace -r "\t.*" ""; echo --END--; end' \
    "$@" 2>&1
}

words() { awk '/^--END--$/ { print substr(got, 2); got = ""; next } { got = got " " $0 }'; }
blocks() { awk '/^--END--$/ { print (got != "" ? got : "(none)"); got = ""; next } { got = got $0 }'; }
