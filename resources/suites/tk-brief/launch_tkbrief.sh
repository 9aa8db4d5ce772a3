#!/bin/sh
# Starts tk-brief from a known state, for the tk-brief suite:
#
#   launch_tkbrief.sh CONFIG-FILE [LETTER-NAME]
#
# tk-brief reads ~/.tk-brief.conf at start-up, creates it when missing and rewrites it (and
# LETTER.cfg in its directory) when "End" or "Save" is clicked. So it runs with HOME and its
# working directory in a fresh temporary folder holding a copy of CONFIG-FILE: the task's
# files in the repository are never written, and every run starts from the same state.
# The folder is removed when tk-brief exits or this script is stopped (SIGTERM, as the bench
# does to the process group).
#
# TK_BRIEF may name the tk-brief script (e.g. one extracted from the .deb without installing
# its TeX Live dependencies, see README.md); default: tk-brief from PATH.
set -eu
conf=$1
letter=${2:-letter}
home=$(mktemp -d "${TMPDIR:-/tmp}/hemu-tkbrief.XXXXXX")
cp "$conf" "$home/.tk-brief.conf"
cd "$home"
HOME=$home
export HOME
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    cd /
    rm -rf "$home"
}
trap 'cleanup; exit 143' TERM INT HUP
"${TK_BRIEF:-tk-brief}" "$letter" </dev/null &
pid=$!
rc=0
wait "$pid" || rc=$?
pid=""
cleanup
exit "$rc"
