#!/bin/bash
# Regenerates the real-application evaluation set: screenshots of third-party Debian
# applications with automatically derived ground truth (see README.md beside this script).
#
#   resources/realapps/make_realapps.sh [OUTDIR] [APP ...]
#
# OUTDIR defaults to tests/data/realapps; APP is any of yad zenity tk-brief (default: all).
# Every application gets its own Xvfb (free display picked with -displayfd); the GTK ones run
# inside a private D-Bus session (dbus-run-session) so their accessibility bus is ours.
# Every process started here is killed by PID on exit.
#
# Debian packages: xvfb x11-utils x11-xserver-utils xdotool python3-gi gir1.2-gtk-3.0
#   at-spi2-core python3-pyatspi dbus yad zenity tk tk-brief
# (tk-brief depends on TeX Live; to skip that, extract the package instead and point TK_BRIEF at
#  it:  apt-get download tk-brief && dpkg -x tk-brief_*.deb DIR && TK_BRIEF=DIR/usr/bin/tk-brief)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/tests/data/realapps}
shift || true
apps=("$@")
[ ${#apps[@]} -eq 0 ] && apps=(yad zenity tk-brief)
PY=/usr/bin/python3

# seeds tried per application and how many usable screens to keep (the same seeds give the same
# screens; seeds whose screen cannot get exact ground truth are skipped, so TRY > WANT)
declare -A TRY=([yad]=40 [zenity]=30 [tk-brief]=40)
declare -A WANT=([yad]=${WANT_YAD:-18} [zenity]=${WANT_ZENITY:-12} [tk-brief]=${WANT_TK:-16})
declare -A SIZE=([yad]=1024x768 [zenity]=1024x768 [tk-brief]=1280x800)

for cmd in Xvfb xdotool xsetroot dbus-run-session wish yad zenity "${TK_BRIEF:-tk-brief}"; do
    command -v "$cmd" >/dev/null || { echo "missing $cmd (see the package list in $0)" >&2; exit 1; }
done

tmp=$(mktemp -d)
xpid=""
rpid=""
cleanup() {
    if [ -n "$rpid" ]; then kill "$rpid" 2>/dev/null || true; wait "$rpid" 2>/dev/null || true; fi
    if [ -n "$xpid" ]; then kill "$xpid" 2>/dev/null || true; wait "$xpid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$out"
for app in "${apps[@]}"; do
    [ -n "${TRY[$app]:-}" ] || { echo "unknown app $app" >&2; exit 2; }
    size=${SIZE[$app]}
    rm -f "$out/$app"-*.png "$out/$app"-*.json
    rm -f "$tmp/fd"; mkfifo "$tmp/fd"
    Xvfb -displayfd 3 -screen 0 "${size}x24" -nolisten tcp -noreset +extension RENDER \
        3>"$tmp/fd" >"$tmp/xvfb-$app.log" 2>&1 &
    xpid=$!
    if ! read -r -t 20 dnum <"$tmp/fd" || [ -z "${dnum:-}" ]; then
        echo "Xvfb did not start:" >&2; cat "$tmp/xvfb-$app.log" >&2; exit 1
    fi
    args=(--display ":$dnum" --first 0 --count "${TRY[$app]}" --want "${WANT[$app]}" --out "$out"
          --width "${size%x*}" --height "${size#*x}")
    # a clean environment: no desktop session settings, accessibility on (no NO_AT_BRIDGE)
    envargs=(env -u GTK_THEME -u NO_AT_BRIDGE -u WAYLAND_DISPLAY -u XDG_SESSION_TYPE
             -u GTK_MODULES -u DBUS_SESSION_BUS_ADDRESS -u AT_SPI_BUS_ADDRESS
             -u SESSION_MANAGER -u XDG_CURRENT_DESKTOP)
    case $app in
        yad|zenity)
            "${envargs[@]}" dbus-run-session -- "$PY" "$here/gtk_atspi.py" --app "$app" "${args[@]}" \
                2> >(grep -v -e '^dbus-daemon' -e 'SpiRegistry daemon' >&2) &
            ;;
        tk-brief)
            "${envargs[@]}" "$PY" "$here/tk_send.py" "${args[@]}" &
            ;;
    esac
    rpid=$!
    rc=0
    wait "$rpid" || rc=$?
    rpid=""
    kill "$xpid" 2>/dev/null || true
    wait "$xpid" 2>/dev/null || true
    xpid=""
    [ "$rc" -eq 0 ] || { echo "$app: driver failed ($rc)" >&2; exit "$rc"; }
    n=$(ls "$out/$app"-*.json 2>/dev/null | wc -l)
    echo "$app: $n screens"
done
