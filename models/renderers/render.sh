#!/bin/bash
# Render COUNT random forms with a real toolkit on a private Xvfb (or, for html, in headless
# Chromium) and write OUTDIR/<renderer>-<seed>.png and .json (seeds SEED .. SEED+COUNT-1).
#
#   models/renderers/render.sh gtk|tk|html SEED COUNT OUTDIR [RENDERER OPTIONS...]
#
# Renderer options go to the renderer as they are (tk: --greyed, see tk_forms.py --help).
#
# Needs: xvfb, python3-gi, gir1.2-gtk-3.0 (every renderer), tk (for tk), chromium (for html).
# No window manager runs, so windows sit at 0,0 undecorated. The Xvfb is always killed (by PID).
set -euo pipefail

if [ $# -lt 4 ]; then
    echo "usage: $0 gtk|tk|html SEED COUNT OUTDIR [RENDERER OPTIONS...]" >&2
    exit 2
fi
renderer=$1 seed=$2 count=$3 out=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
case $renderer in
    gtk) script=$here/gtk_forms.py ;;
    tk) script=$here/tk_forms.py ;;
    # Headless: no display; the renderer starts and ends its own browser.
    html) exec /usr/bin/python3 "$here/html_forms.py" --seed "$seed" --count "$count" --out "$out" "$@" ;;
    *) echo "unknown renderer '$renderer' (gtk, tk or html)" >&2; exit 2 ;;
esac
PY=/usr/bin/python3

tmp=$(mktemp -d)
xpid=""
rpid=""
cleanup() {
    if [ -n "$rpid" ]; then
        kill "$rpid" 2>/dev/null || true
        wait "$rpid" 2>/dev/null || true
    fi
    if [ -n "$xpid" ]; then
        kill "$xpid" 2>/dev/null || true
        wait "$xpid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Xvfb picks a free display number itself and writes it to fd 3 once it is ready.
mkfifo "$tmp/fd"
Xvfb -displayfd 3 -screen 0 1366x800x24 -nolisten tcp \
    -noreset +extension RENDER 3>"$tmp/fd" >"$tmp/xvfb.log" 2>&1 &
xpid=$!
if ! read -r -t 20 dnum <"$tmp/fd" || [ -z "${dnum:-}" ]; then
    echo "Xvfb did not start:" >&2
    cat "$tmp/xvfb.log" >&2
    exit 1
fi

mkdir -p "$out"
# keep the user's session settings (XSETTINGS, dconf, GTK_THEME ...) out of the renders
env -u GTK_THEME -u WAYLAND_DISPLAY -u XDG_SESSION_TYPE -u GTK_MODULES \
    XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" GSETTINGS_BACKEND=memory \
    NO_AT_BRIDGE=1 \
    "$PY" "$script" --display ":$dnum" --seed "$seed" --count "$count" --out "$out" "$@" &
rpid=$!
# wait (unlike a foreground child) lets the INT/TERM trap run at once
rc=0
wait "$rpid" || rc=$?
rpid=""
exit "$rc"
