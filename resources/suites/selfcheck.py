#!/usr/bin/env python3
"""Checks the suites' plumbing without the agent: for every task, that the application starts
as bench.json says, becomes ready, can be driven to the task's values, and that the check then
passes -- and fails when one value is entered wrong.

  python3 resources/suites/selfcheck.py [--hemu-bin DIR] [--suite NAME ...] [--task NAME ...]
                                        [--no-negative] [-v]

--hemu-bin defaults to $HEMU_BIN, else build/bin of this checkout. For each task, twice (the
task's values, then the same with one value wrong):

1. a fresh Xvfb of the suite's screen size (display picked with -displayfd, no window manager);
2. the launch command and environment of bench.json, variables expanded as the bench does
   (${HEMU_BIN}, ${SUITE_DIR}, ${TASK_DIR}, ${RESOURCES}), in its own process group;
3. ready: the JSON event on stdout, or the screen changed and then held still (xwd grabs);
4. the task's steps, done by other means than hemu:
   - form lab: the controls' screen boxes from its ready/page/scroll lines; xdotool clicks and
     types, scrolls with the mouse wheel until a control is wholly visible, picks dropdown
     options with the keyboard in the open popup, clicks Next/Submit;
   - yad: keyboard only (the first field has the focus; Tab to each field, Ctrl+A and type,
     Up/Down in combo boxes, Space on check boxes, Tab to the button and Space), with the
     pointer parked inside yad's window (no window manager: key events go to the window
     under the pointer);
   - tk-brief: widget geometry from Tk `send` (tk-brief/tk_query.tcl, read-only); xdotool
     clicks the entry, selects its text (End, Shift+Home) and types; clicks check buttons
     whose variable differs from the wanted state;
   every step's target must name exactly one control (the captions a person sees);
5. the check of bench.json: json-event (the submit line's values, JSON equality), stdout (yad's
   whole output once it exited), command (run with DISPLAY while the application runs);
6. every process started here is stopped by its PID (the application by its process group).

The negative run changes the first text that a fill step types (appends "Q"), or, without
one, flips the first check box; its check must fail. Prints one line per run and a summary;
exit 0 when every task passed both ways.

Latin-1 letters that the US keymap lacks (é, ß, ...) are bound to spare keycodes with xmodmap
before the application starts, as hemu's XTest sink does, instead of xdotool's bind-per-key.

Needs: Xvfb, xdotool, xwd (x11-apps), xmodmap (x11-xserver-utils), wish (tk), the
applications. Standard library only.
"""

import argparse
import hashlib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.dirname(HERE)
ROOT = os.path.dirname(RESOURCES)


class Failure(Exception):
    """The plumbing of a task does not work (not: its check failed)."""


def log(msg):
    print(msg, flush=True)


# --------------------------------------------------------------------------- processes

class Xvfb:
    def __init__(self, width, height):
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", f"{width}x{height}x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            num = f.readline().strip()
        if not num:
            self.stop()
            raise Failure("Xvfb did not start")
        self.display = f":{num}"
        self.width, self.height = width, height

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class App:
    """The application, in its own process group; stdout read line by line in a thread."""

    def __init__(self, argv, env, cwd):
        try:
            self.proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                         start_new_session=True)
        except OSError as e:
            raise Failure(f"cannot start {argv[0]}: {e.strerror}") from None
        self.lines = queue.Queue()
        self.out = []
        self.err = []
        threading.Thread(target=self._read, args=(self.proc.stdout, True), daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stderr, False), daemon=True).start()

    def _read(self, stream, is_out):
        for raw in iter(stream.readline, b""):
            if is_out:
                self.out.append(raw)
                self.lines.put(raw.decode("utf-8", "replace"))
            else:
                self.err.append(raw)
        if is_out:
            self.lines.put(None)

    def event(self, names, timeout):
        """The next stdout JSON line whose "event" is one of `names`."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f"no {'/'.join(names)} event within {timeout} s")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise Failure(f"stdout closed before a {'/'.join(names)} event "
                              f"(exit {self.proc.poll()}): {self.stderr_tail()}")
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if isinstance(d, dict) and d.get("event") in names:
                return d

    def stdout_bytes(self):
        return b"".join(self.out)

    def stderr_tail(self):
        return b"".join(self.err).decode("utf-8", "replace").strip()[-300:]

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)   # leftovers of the group
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()


class X:
    """xdotool and xwd on one display."""

    def __init__(self, display):
        self.env = dict(os.environ, DISPLAY=display)

    def do(self, *args):
        r = subprocess.run(["xdotool", *map(str, args)], env=self.env, capture_output=True,
                           text=True, timeout=30)
        if r.returncode != 0:
            raise Failure(f"xdotool {' '.join(map(str, args))}: {r.stderr.strip()}")
        return r.stdout

    def move(self, x, y):
        self.do("mousemove", int(x), int(y))

    def click(self, x, y, button=1):
        self.do("mousemove", int(x), int(y))
        time.sleep(0.05)
        self.do("click", button)
        time.sleep(0.15)

    def key(self, *keys):
        for k in keys:
            self.do("key", "--delay", 30, k)
            time.sleep(0.04)

    def type(self, text):
        if text:
            self.do("type", "--delay", 25, "--", text)
            time.sleep(0.1)

    def bind_keysyms(self, chars):
        """Puts the keysyms of `chars` (Latin-1 letters missing from the US keymap: é, ß...) on
        spare keycodes before the application starts. Left to xdotool, each such character is
        bound for one key press and unbound right after, and an application that looks the
        keycode up a moment later gets nothing (seen: "Andrés" arriving as "Andrs" in Qt)."""
        if not chars:
            return
        r = subprocess.run(["xmodmap", "-pke"], env=self.env, capture_output=True, text=True,
                           timeout=30)
        spare = [int(m.group(1)) for m in re.finditer(r"^keycode\s+(\d+)\s*=\s*$", r.stdout,
                                                       re.M) if int(m.group(1)) > 8]
        if len(spare) < len(chars):
            raise Failure(f"{len(chars)} characters to bind, {len(spare)} spare keycodes")
        exprs = []
        for code, ch in zip(spare, sorted(chars)):
            exprs += ["-e", f"keycode {code} = 0x{ord(ch):04x}"]
        r = subprocess.run(["xmodmap", *exprs], env=self.env, capture_output=True, text=True,
                           timeout=30)
        if r.returncode != 0:
            raise Failure("xmodmap: " + r.stderr.strip())

    def grab_hash(self):
        r = subprocess.run(["xwd", "-root", "-silent"], env=self.env, capture_output=True,
                           timeout=30)
        if r.returncode != 0:
            raise Failure("xwd failed: " + r.stderr.decode(errors="replace"))
        return hashlib.sha1(r.stdout).hexdigest()

    def wait_still(self, empty, timeout=30, interval=0.3, still=3):
        """Until the screen differs from `empty` and `still` grabs in a row are equal."""
        deadline = time.monotonic() + timeout
        last, same = None, 0
        while time.monotonic() < deadline:
            h = self.grab_hash()
            if h != empty and h == last:
                same += 1
                if same >= still - 1:
                    return
            else:
                same = 0
            last = h
            time.sleep(interval)
        raise Failure("the screen did not settle" if last != empty else "nothing appeared")


# --------------------------------------------------------------------------- helpers

def norm(s):
    """Caption comparison as hemu's grounding normalises (case, spaces, trailing : * .)."""
    s = " ".join(s.lower().split())
    return s.rstrip(":*. ")


def same_json(a, b):
    """JSON equality: 1 equals 1.0, but true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def expand(text, variables):
    def sub(m):
        if m.group(1) not in variables:
            raise Failure(f"unknown variable ${{{m.group(1)}}}")
        return variables[m.group(1)]
    return re.sub(r"\$\{([^}]*)\}", sub, text)


def one(matches, what):
    if len(matches) != 1:
        raise Failure(f"{what}: {len(matches)} controls match")
    return matches[0]


# --------------------------------------------------------------------------- form lab

class FormlabDriver:
    def __init__(self, app, x, ready):
        self.app, self.x = app, x
        self.state = ready
        self.checked = {}   # checkbox id -> state after our clicks
        self.scrolled = 0

    def controls(self):
        return self.state["controls"]

    def find(self, step):
        a, t = step["action"], norm(step["target"])
        cs = self.controls()
        if a == "fill":
            m = [c for c in cs if c["type"] == "textfield" and norm(c.get("label", "")) == t]
        elif a == "select":
            m = [c for c in cs if c["type"] == "dropdown" and norm(c.get("label", "")) == t]
        elif a == "check":
            m = [c for c in cs if c["type"] == "checkbox" and norm(c["text"]) == t]
        else:
            m = [c for c in cs if c["type"] in ("button", "radio", "checkbox")
                 and norm(c["text"]) == t]
        # a target must not also be the caption of another control or text on the page
        others = [c for c in cs if c not in m and norm(c.get("text", "")) == t
                  and c["type"] != "label"]
        if others:
            raise Failure(f"target {step['target']!r} is ambiguous")
        return one(m, f"{a} {step['target']!r}")

    def ensure_visible(self, step, c):
        key = (c.get("id"), c["type"], c.get("text"))
        for _ in range(60):
            if c["visible"]:
                return c
            win = self.state["window"]
            wy0, wy1 = win[1], win[1] + win[3]
            y = c["box"][1]
            button = 4 if y < wy0 + 40 else 5
            # the wheel over the right edge (the scroll bar), never over a control: a wheel
            # over a combo box would change its value
            self.x.move(win[0] + win[2] - 6, (wy0 + wy1) // 2)
            self.x.do("click", button)
            self.state = self.app.event(("scroll",), 5)
            self.scrolled += 1
            c = next(d for d in self.controls()
                     if (d.get("id"), d["type"], d.get("text")) == key)
        raise Failure(f"{step['target']!r} did not scroll into view")

    def run(self, steps):
        for step in steps:
            c = self.ensure_visible(step, self.find(step))
            x, y, w, h = c["box"]
            a = step["action"]
            if a == "fill":
                self.x.click(x + w // 2, y + h // 2)
                self.x.key("ctrl+a")
                if step["value"]:
                    self.x.type(step["value"])
                else:
                    self.x.key("BackSpace")
            elif a == "select":
                idx = c["options"].index(step["value"])
                self.x.click(x + w // 2, y + h // 2)
                time.sleep(0.4)   # the popup opens
                self.x.key("Home", *(["Down"] * idx), "Return")
                time.sleep(0.2)
            elif a == "check":
                cur = self.checked.get(c["id"], c["checked"])
                if cur != step["value"]:
                    self.x.click(x + min(9, w // 2), y + h // 2)
                    self.checked[c["id"]] = step["value"]
            elif a == "click":
                self.x.click(x + (min(9, w // 2) if c["type"] == "radio" else w // 2),
                             y + h // 2)
                if c["type"] == "button" and c.get("id") == "next":
                    ev = self.app.event(("page", "invalid"), 10)
                    if ev["event"] == "invalid":
                        raise Failure(f"Next rejected: invalid {ev.get('fields')}")
                    self.state = ev
            else:
                raise Failure(f"unsupported action {a}")


# --------------------------------------------------------------------------- yad

def yad_form(argv):
    """Fields [(label, kind)], their initial values and the buttons of a yad --form argv."""
    fields, buttons, rest = [], [], []
    for a in argv[1:]:
        if a.startswith("--field="):
            lab, _, kind = a[len("--field="):].partition(":")
            fields.append((lab, kind))
        elif a.startswith("--button="):
            buttons.append(a[len("--button="):].rsplit(":", 1)[0])
        elif not a.startswith("--"):
            rest.append(a)
    if len(rest) != len(fields):
        raise Failure(f"{len(fields)} fields but {len(rest)} values on the command line")
    return fields, rest, buttons


def run_yad(app, x, argv, steps):
    fields, initial, buttons = yad_form(argv)
    out = x.do("search", "--sync", "--onlyvisible", "--pid", app.proc.pid).split()
    if not out:
        raise Failure("yad's window not found")
    g = dict(line.split("=", 1) for line in
             x.do("getwindowgeometry", "--shell", out[-1]).split())
    x.move(int(g["X"]) + 3, int(g["Y"]) + 3)   # keys go to the window under the pointer
    time.sleep(0.2)
    combo = {}
    for i, (lab, kind) in enumerate(fields):
        if kind == "CB":
            opts = initial[i].split("!")
            combo[i] = [o.lstrip("^") for o in opts], next(
                (k for k, o in enumerate(opts) if o.startswith("^")), 0)
    checks = {i: initial[i] == "TRUE" for i, (_, k) in enumerate(fields) if k == "CHK"}
    cur = 0
    for step in steps:
        if step["action"] == "click":
            b = one([k for k, cap in enumerate(buttons) if norm(cap) == norm(step["target"])],
                    f"button {step['target']!r}")
            x.key(*(["Tab"] * (len(fields) - cur + b)), "space")
            continue
        i = one([k for k, (lab, _) in enumerate(fields) if norm(lab) == norm(step["target"])],
                f"field {step['target']!r}")
        if i < cur:
            raise Failure("steps out of the fields' order")
        x.key(*(["Tab"] * (i - cur)))
        cur = i
        kind = fields[i][1]
        if step["action"] == "fill" and kind in ("", "NUM"):
            x.key("ctrl+a")
            if step["value"]:
                x.type(step["value"])
            else:
                x.key("BackSpace")
        elif step["action"] == "select" and kind == "CB":
            opts, sel = combo[i]
            want = opts.index(step["value"])
            x.key(*(["Down" if want > sel else "Up"] * abs(want - sel)))
            combo[i] = opts, want
        elif step["action"] == "check" and kind == "CHK":
            if checks[i] != step["value"]:
                x.key("space")
                checks[i] = step["value"]
        else:
            raise Failure(f"{step['action']} on a {kind or 'entry'} field")


# --------------------------------------------------------------------------- tk-brief

def tk_query(x, *args):
    r = subprocess.run(["wish", os.path.join(HERE, "tk-brief", "tk_query.tcl"), "tk-brief",
                        *args], env=x.env, capture_output=True, timeout=30)
    if r.returncode != 0:
        raise Failure("tk_query: " + r.stderr.decode("utf-8", "replace").strip())
    return [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]


def run_tkbrief(app, x, steps):
    for _ in range(40):   # the interpreter registers a moment after the window appears
        try:
            widgets = tk_query(x, "widgets")
            break
        except Failure:
            time.sleep(0.5)
    else:
        raise Failure("tk-brief's interpreter not found")
    for step in steps:
        t = norm(step["target"])
        if step["action"] == "fill":
            lab = one([w for w in widgets if w["class"] == "Label" and norm(w["text"]) == t],
                      f"label {step['target']!r}")
            e = one([w for w in widgets if w["class"] == "Entry" and w["parent"] == lab["parent"]],
                    f"entry of {step['target']!r}")
            x.click(e["x"] + e["w"] // 2, e["y"] + e["h"] // 2)
            x.key("End", "shift+Home")
            if step["value"]:
                x.type(step["value"])
            else:
                x.key("BackSpace")
        elif step["action"] == "check":
            c = one([w for w in widgets if w["class"] == "Checkbutton" and norm(w["text"]) == t],
                    f"check button {step['target']!r}")
            val = tk_query(x, "vars", c["variable"])[0].get("value")
            if (val == "1") != step["value"]:
                x.click(c["x"] + c["w"] // 2, c["y"] + c["h"] // 2)
        else:
            raise Failure(f"unsupported action {step['action']}")
    time.sleep(0.3)


# --------------------------------------------------------------------------- one run

def mutate(steps):
    """The steps with one value wrong: the first typed text gets a "Q" appended (a number
    field's validator would drop letters, so a digit there), else the first check box flips."""
    steps = [dict(s) for s in steps]
    fills = [s for s in steps if s["action"] == "fill" and s["value"]]
    texts = [s for s in fills if re.search(r"[A-Za-z]", s["value"])
             and not re.fullmatch(r"\d{4}-\d\d-\d\d", s["value"])]
    for s in texts[:1] or fills[:1]:
        s["value"] += "Q" if s in texts else "7"
        return steps, f"{s['target']!r} typed as {s['value']!r}"
    for s in steps:
        if s["action"] == "check":
            s["value"] = not s["value"]
            return steps, f"{s['target']!r} set to {s['value']}"
    raise Failure("nothing to get wrong")


def run_task(suite, task_dir, hemu_bin, negative, verbose):
    with open(os.path.join(task_dir, "bench.json"), encoding="utf-8") as f:
        bench = json.load(f)
    with open(os.path.join(task_dir, bench["task"]), encoding="utf-8") as f:
        task = json.load(f)
    variables = {"HEMU_BIN": hemu_bin, "SUITE_DIR": suite["dir"], "TASK_DIR": task_dir,
                 "RESOURCES": RESOURCES}
    argv = [expand(a, variables) for a in bench["launch"]]
    steps = task["steps"]
    note = ""
    if negative:
        steps, note = mutate(steps)
    xvfb = Xvfb(*suite["screen"])
    app = None
    x = X(xvfb.display)
    info = {"scrolled": 0}
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="xcb", GDK_BACKEND="x11", NO_AT_BRIDGE="1")
        env.update({k: expand(v, variables) for k, v in bench.get("env", {}).items()})
        env["DISPLAY"] = xvfb.display
        x.bind_keysyms({c for st in steps if isinstance(st.get("value"), str)
                        for c in st["value"] if not c.isascii()})
        x.move(suite["screen"][0] - 1, suite["screen"][1] - 1)
        empty = x.grab_hash()
        app = App(argv, env, task_dir)
        ready = bench["ready"]
        if ready.startswith("json-event:"):
            first = app.event((ready.split(":", 1)[1],), 30)
        else:
            x.wait_still(empty)
            first = None
        kind = os.path.basename(argv[0])
        if kind == "hemu-formlab":
            d = FormlabDriver(app, x, first)
            d.run(steps)
            info["scrolled"] = d.scrolled
        elif kind == "yad":
            run_yad(app, x, argv, steps)
        elif kind == "launch_tkbrief.sh":
            run_tkbrief(app, x, steps)
        else:
            raise Failure(f"no driver for {kind}")
        chk = bench["check"]
        if chk["kind"] == "json-event":
            try:
                ev = app.event((chk["event"], "invalid"), 10)
            except Failure as e:
                return False, f"no {chk['event']} event: {e}", note, info
            if ev["event"] == "invalid":
                return False, f"form rejected: invalid {ev.get('fields')}", note, info
            if not same_json(ev.get("values"), chk["values"]):
                diff = [k for k in chk["values"] if not same_json(ev["values"].get(k),
                                                                  chk["values"][k])]
                return False, "values differ: " + ", ".join(
                    f"{k}={ev['values'].get(k)!r} (want {chk['values'][k]!r})" for k in diff), \
                    note, info
            return True, "submit values equal", note, info
        if chk["kind"] == "stdout":
            try:
                app.proc.wait(10)
            except subprocess.TimeoutExpired:
                return False, "the app did not exit", note, info
            time.sleep(0.2)
            got = app.stdout_bytes().decode("utf-8", "replace")
            if got != chk["expected"]:
                return False, f"stdout {got!r}, want {chk['expected']!r}", note, info
            return True, "stdout equal", note, info
        if chk["kind"] == "command":
            cargv = [expand(a, variables) for a in chk["argv"]]
            r = subprocess.run(cargv, env=dict(os.environ, DISPLAY=xvfb.display),
                               capture_output=True, text=True, timeout=60)
            msg = (r.stdout.strip() or r.stderr.strip()).splitlines()
            msg = msg[-1] if msg else ""
            if r.returncode == 2:
                raise Failure(f"checker could not check: {msg}")
            return r.returncode == 0, msg, note, info
        raise Failure(f"unknown check kind {chk['kind']}")
    finally:
        if app:
            app.stop()
            if verbose and app.err:
                log("    app stderr: " + app.stderr_tail().replace("\n", " | "))
        xvfb.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--hemu-bin", default=os.environ.get("HEMU_BIN",
                                                         os.path.join(ROOT, "build", "bin")))
    ap.add_argument("--suite", action="append")
    ap.add_argument("--task", action="append")
    ap.add_argument("--no-negative", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    hemu_bin = os.path.abspath(a.hemu_bin)

    suites = []
    for name in sorted(os.listdir(HERE)):
        d = os.path.join(HERE, name)
        if os.path.isfile(os.path.join(d, "suite.json")) and (not a.suite or name in a.suite):
            with open(os.path.join(d, "suite.json"), encoding="utf-8") as f:
                s = json.load(f)
            s["dir"] = d
            suites.append(s)
    results = []
    for s in suites:
        for t in sorted(os.listdir(s["dir"])):
            td = os.path.join(s["dir"], t)
            if not os.path.isfile(os.path.join(td, "bench.json")):
                continue
            if a.task and t not in a.task and f"{s['name']}/{t}" not in a.task:
                continue
            row = {"task": f"{s['name']}/{t}"}
            for negative in ([False] if a.no_negative else [False, True]):
                t0 = time.monotonic()
                try:
                    passed, why, note, info = run_task(s, td, hemu_bin, negative, a.verbose)
                    ok = passed != negative
                except Failure as e:
                    passed, why, note, info, ok = None, f"PLUMBING: {e}", "", {}, False
                dt = time.monotonic() - t0
                label = "wrong value" if negative else "task values"
                verdict = "ok" if ok else "BAD"
                extra = f", scrolled {info['scrolled']}x" if info.get("scrolled") else ""
                log(f"{verdict:3} {row['task']:40} {label:11} check "
                    f"{'passed' if passed else 'failed' if passed is False else 'not run'}"
                    f" ({why}{'; ' + note if note else ''}{extra}) {dt:.1f}s")
                row["negative" if negative else "positive"] = ok
                if not negative:
                    row["scrolled"] = info.get("scrolled", 0)
            results.append(row)
    pos = sum(1 for r in results if r.get("positive"))
    neg = sum(1 for r in results if r.get("negative"))
    scrolled = sum(1 for r in results if r.get("scrolled"))
    log(f"\n{len(results)} tasks: check passes with the task's values in {pos}, fails with a "
        f"wrong value in {neg}" + ("" if a.no_negative else "") +
        f"; {scrolled} form lab tasks needed scrolling")
    good = all(r.get("positive") and (a.no_negative or r.get("negative")) for r in results)
    return 0 if good and results else 1


if __name__ == "__main__":
    sys.exit(main())
