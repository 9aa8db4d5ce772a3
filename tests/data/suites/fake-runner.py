#!/usr/bin/env python3
"""A stand-in for `hemu run` in hemu bench's tests: the same arguments, the same report.

    fake-runner.py run TASK.json (--display :N | --vnc HOST:PORT --vnc-password-file F)
                   --report R.json --overlay-dir DIR [--record V.mkv]

It performs a task file's steps on the one-field form of tests/data/suites/mini without
looking at the screen: pointer into the window, Tab to the field (the form's scroll area has
the focus first), type the "fill" value, Return to submit for "click". A "click" whose target
contains "Missing" fails the way an agent that cannot find its target does (exit 1, a report
with an error and a screenshot); a "wait" step never ends (for time limits and interrupts).

Input goes through xdotool with --display, and through `hemu act` ($HEMU_BINARY) with --vnc,
using the password file the bench gave. Next to the report it writes fake-runner.json: how
it was called, for the tests to check (never the password itself).
"""

import argparse
import json
import os
import signal
import struct
import subprocess
import sys
import time
import zlib


def tiny_png(path, rgb=(200, 40, 40), size=16):
    """A valid size x size PNG of one colour, so reports link to real pictures."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    row = b"\x00" + bytes(rgb) * size
    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(row * size))
           + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(png)


class Input:
    """Pointer and keys through xdotool (X display) or `hemu act` (VNC)."""

    def __init__(self, args):
        self.args = args

    def _run(self, xdotool_args, hemu_args):
        if self.args.display:
            env = dict(os.environ, DISPLAY=self.args.display)
            subprocess.run(["xdotool", *xdotool_args], env=env, check=True)
        else:
            subprocess.run([os.environ["HEMU_BINARY"], "act", "--vnc", self.args.vnc,
                            "--vnc-password-file", self.args.vnc_password_file, *hemu_args],
                           check=True)

    def move(self, x, y):
        self._run(["mousemove", str(x), str(y)], ["move", str(x), str(y)])

    def key(self, combo):
        self._run(["key", combo], ["key", combo])

    def type(self, text):
        self._run(["type", "--delay", "0", text], ["type", text])


def main():
    started = time.monotonic()
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["run"])
    parser.add_argument("task")
    parser.add_argument("--display")
    parser.add_argument("--vnc")
    parser.add_argument("--vnc-password-file")
    parser.add_argument("--report", required=True)
    parser.add_argument("--overlay-dir", required=True)
    parser.add_argument("--record")
    args = parser.parse_args()

    run_dir = os.path.dirname(os.path.abspath(args.report))
    called = {
        "argv": sys.argv[1:],
        "pid": os.getpid(),
        "password_file": args.vnc_password_file,
        "password_file_mode": (oct(os.stat(args.vnc_password_file).st_mode & 0o777)
                               if args.vnc_password_file else None),
    }
    # Written whole, then renamed: a test waiting for this file never reads half of it.
    with open(os.path.join(run_dir, "fake-runner.json.tmp"), "w") as f:
        json.dump(called, f)
    os.replace(os.path.join(run_dir, "fake-runner.json.tmp"), os.path.join(run_dir, "fake-runner.json"))

    with open(args.task) as f:
        task = json.load(f)
    os.makedirs(args.overlay_dir, exist_ok=True)
    if args.record:
        with open(args.record, "wb") as f:
            f.write(b"not a real video")

    user_input = Input(args)
    user_input.move(300, 200)  # into the window: without a window manager, focus follows it
    steps, ok, error, screenshot = [], True, None, None
    for index, step in enumerate(task["steps"]):
        step_start = time.monotonic()
        action, target = step["action"], step.get("target", "")
        if action == "wait":
            signal.pause()  # until the bench stops us
        if action == "click" and "Missing" in target:
            ok, error = False, f'no element matches "{target}"'
            screenshot = os.path.join(run_dir, "failure.png")
            tiny_png(screenshot)
        elif action == "fill":
            user_input.key("Tab")
            user_input.type(step["value"])
        elif action == "click":
            user_input.key("Return")
        overlay = os.path.join(args.overlay_dir, f"step-{index + 1}.png")
        tiny_png(overlay, rgb=(40, 120, 200))
        act_ms = (time.monotonic() - step_start) * 1000
        record = {"action": action, "target": target, "ok": ok, "seconds": act_ms / 1000 + 0.028,
                  "box": [70, 24, 252, 25], "human_seconds": 3.25, "overlay": overlay,
                  "time_ms": {"capture": 1.0, "perceive": 20.0, "decide": 2.0, "act": act_ms,
                              "settle": 5.0}}
        if not ok:
            record["error"] = error
        steps.append(record)
        if not ok:
            break

    seconds = time.monotonic() - started
    human = 3.25 * len(task["steps"])
    report = {"name": task["name"], "ok": ok, "seconds": seconds, "human_seconds": human,
              "klm_seconds": human, "speedup": human / seconds, "startup_seconds": 0.05,
              "steps": steps}
    if not ok:
        report["error"], report["screenshot"] = error, screenshot
    with open(args.report, "w") as f:
        json.dump(report, f, indent=1)
    if not ok:
        print(f"fake-runner: {error}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
