#!/usr/bin/env python3
"""The check of the tk-brief suite: does the running tk-brief hold exactly the expected letter?

  python3 check_tkbrief.py EXPECTED.json        (DISPLAY set to tk-brief's display)

EXPECTED.json: {"interp": "tk-brief", "variables": {"an": "Ms.", "Anlagen(do_it)": "1", ...}}:
the Tcl variables behind the main window's entries and check boxes, every one of them (so a
value typed into the wrong field fails too). They are read with tk_query.tcl (Tk `send`,
read-only) while the application runs. Prints one line: "ok: N variables" or what differs;
exit 0 when all are equal, 1 when not, 2 when they cannot be read.
Standard library only; needs `wish` (Debian package tk).
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def read_variables(interp, names, timeout_s=20):
    r = subprocess.run(["wish", os.path.join(HERE, "tk_query.tcl"), interp, "vars", *names],
                       capture_output=True, timeout=timeout_s)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
                           or [f"wish exited with {r.returncode}"])
    got = {}
    for line in r.stdout.decode("utf-8").splitlines():
        d = json.loads(line)
        got[d["var"]] = None if d.get("missing") else d["value"]
    return got


def main():
    if len(sys.argv) != 2:
        print("usage: check_tkbrief.py EXPECTED.json")
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        expected = json.load(f)
    want = expected["variables"]
    try:
        got = read_variables(expected.get("interp", "tk-brief"), list(want))
    except (RuntimeError, subprocess.TimeoutExpired, OSError, ValueError) as e:
        print(f"cannot read tk-brief's variables: {e}")
        return 2
    wrong = [f"{k}: want {v!r}, got {got.get(k)!r}" for k, v in want.items() if got.get(k) != v]
    if wrong:
        print(f"{len(wrong)} of {len(want)} differ: " + "; ".join(wrong))
        return 1
    print(f"ok: {len(want)} variables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
