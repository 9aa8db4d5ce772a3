#!/usr/bin/python3
"""Screenshots + ground truth of GTK 3 applications (yad, zenity) read through AT-SPI.

  dbus-run-session -- /usr/bin/python3 gtk_atspi.py --app yad|zenity --display :N \
      --first I --count N --out DIR [--width 1024 --height 768]

Must run inside a D-Bus session (the application and this driver share it; the application's
atk-bridge registers with the accessibility bus of that session). For sample i a seeded
random.Random("<app>:<i>") chooses the dialog (fields, labels, values, theme, font), the app is
started on the display, values the app cannot take on its command line (zenity forms) are
entered through the AT-SPI EditableText / Selection interfaces (as assistive tools do), the
screen is grabbed once it stops changing and the accessibility tree is walked:

  push button -> button, text / password text / spin button -> textfield, check box -> checkbox,
  radio button -> radio, combo box -> dropdown, label -> text

Boxes are the accessible extents (desktop coordinates), tightened against the pixels by
models/renderers/common.py (texts to their ink; checkboxes to indicator + caption). Labels come
from RELATION_LABELLED_BY, or (zenity, which sets no relations) from the grid geometry.
A screen with anything the schema cannot describe exactly is skipped (see rt.Unusable).
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import rt  # noqa: E402
from rt import Elem, Unusable  # noqa: E402
import common  # noqa: E402  (models/renderers/common.py, via rt)

FONTS = ["Cantarell", "DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "FreeSans",
         "Arimo", "DejaVu Serif", "Liberation Serif", "Noto Serif"]

PASSWORD_LABELS = ["Password", "PIN", "Passphrase", "Passwort", "Mot de passe", "Repeat password"]
NUM_LABELS = ["Quantity", "Age", "Copies", "Count", "Port", "Timeout (s)", "Volume", "Retries",
              "Width", "Height", "Anzahl"]
DATE_LABELS = ["Start date", "Due date", "Date of birth", "Delivery date", "Valid until",
               "Datum"]
BUTTON_FIELDS = ["Browse…", "Check", "Generate", "Test connection", "Look up", "Details…",
                 "Verify", "Refresh", "Suchen"]


def clean(s):
    """Strings yad/zenity take literally: no field separators, markup or mnemonics."""
    return (s.replace(":", "").replace("!", "").replace("|", "").replace("&", "+")
            .replace("<", "").replace(">", "").replace("_", " "))


def password(rng):
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789#%+-"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(4, 12)))


def date(rng):
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1950, 2030)
    return rng.choice([f"{d:02d}.{m:02d}.{y}", f"{y}-{m:02d}-{d:02d}", f"{m:02d}/{d:02d}/{y}"])


def settings(rng):
    return {"font": f"{rng.choice(FONTS)} {rng.choice([9, 10, 10, 11, 11, 12, 13])}",
            "dark": rng.random() < 0.3,
            "select_on_focus": rng.random() < 0.3,
            "root": rng.choice(rt.ROOT_COLOURS)}


# --------------------------------------------------------------------------- yad

def yad_spec(rng):
    args = ["yad", "--form", "--title", "Form"]
    values = []
    n = rng.randint(3, 10)
    used = set()
    for _ in range(n):
        kind = rng.choices(["entry", "H", "RO", "NUM", "CHK", "CB", "CBE", "DT", "FBTN", "LBL"],
                           [6, 1, 0.7, 1.5, 3, 2.5, 1, 1, 1, 0.8])[0]
        if kind in ("entry", "RO"):
            lab = rng.choice(common.TEXT_FIELDS)
            val = common.value_for(rng, lab) if (kind == "RO" or rng.random() < 0.7) else ""
        elif kind == "H":
            lab, val = rng.choice(PASSWORD_LABELS), password(rng)
        elif kind == "NUM":
            lab = rng.choice(NUM_LABELS)
            lo = rng.choice([0, 1])
            hi = rng.choice([10, 99, 100, 1000, 65535])
            val = f"{rng.randint(lo, min(hi, 500))}!{lo}..{hi}"
        elif kind == "CHK":
            lab = rng.choice(common.CHECKS)
            val = "TRUE" if rng.random() < 0.45 else "FALSE"
        elif kind in ("CB", "CBE"):
            lab = rng.choice(list(common.CHOICES))
            opts = [clean(o) for o in common.CHOICES[lab]]
            rng.shuffle(opts)
            opts = opts[:rng.randint(2, min(7, len(opts)))]
            sel = rng.randrange(len(opts))
            val = "!".join(("^" if i == sel else "") + o for i, o in enumerate(opts))
        elif kind == "DT":
            lab, val = rng.choice(DATE_LABELS), date(rng) if rng.random() < 0.8 else ""
        elif kind == "FBTN":
            lab, val = rng.choice(BUTTON_FIELDS), "true"
        else:
            lab = rng.choice(common.SENTENCES + common.FRAME_TITLES) if rng.random() < 0.8 else ""
            val = ""
        lab = clean(lab)
        if lab and lab in used:
            continue
        used.add(lab)
        if kind in ("entry", "H", "RO", "NUM", "CB", "CBE", "DT") and rng.random() < 0.15:
            lab += " *"
        args.append(f"--field={lab}" + ("" if kind == "entry" else ":" + kind))
        values.append(clean(val) if kind in ("entry", "RO", "DT") else val)
    if n >= 6 and rng.random() < 0.5:
        args += ["--columns", "2"]
    args += ["--align", rng.choice(["left", "left", "right", "center"])]
    if rng.random() < 0.5:
        args += ["--text", clean(rng.choice(common.TITLES + common.SENTENCES))]
    if rng.random() < 0.7:
        for i, cap in enumerate(rng.choice(common.BUTTON_ROWS)):
            args.append(f"--button={clean(cap)}:{i}")
    if rng.random() < 0.6:
        args += ["--width", str(rng.choice([320, 400, 480, 560, 640, 720]))]
    args += ["--separator", "|"]
    return args + values, []


# --------------------------------------------------------------------------- zenity

def zenity_spec(rng):
    """argv and the fills to do through AT-SPI: [(kind, value)] in field order."""
    kind = rng.choices(["forms", "entry", "password", "question"], [6, 2, 1, 1])[0]
    fills = []
    args = ["zenity"]
    if kind == "forms":
        args += ["--forms", "--title", "Form"]
        if rng.random() < 0.75:
            args += ["--text", clean(rng.choice(common.TITLES + common.FRAME_TITLES))]
        used = set()
        for _ in range(rng.randint(2, 7)):
            k = rng.choices(["entry", "password", "combo"], [6, 1, 2])[0]
            if k == "entry":
                lab = clean(rng.choice(common.TEXT_FIELDS))
                if lab in used:
                    continue
                args += ["--add-entry", lab]
                fills.append(("text", common.value_for(rng, lab) if rng.random() < 0.85 else ""))
            elif k == "password":
                lab = rng.choice(PASSWORD_LABELS)
                if lab in used:
                    continue
                args += ["--add-password", lab]
                fills.append(("text", password(rng) if rng.random() < 0.8 else ""))
            else:
                lab = rng.choice(list(common.CHOICES))
                if lab in used:
                    continue
                opts = [clean(o) for o in common.CHOICES[lab]]
                rng.shuffle(opts)
                opts = opts[:rng.randint(2, min(7, len(opts)))]
                args += ["--add-combo", clean(lab), "--combo-values", "|".join(opts)]
                fills.append(("combo", rng.randrange(len(opts)) if rng.random() < 0.85 else None))
            used.add(lab)
    elif kind == "entry":
        lab = clean(rng.choice(common.TEXT_FIELDS))
        prompt = rng.choice([f"Enter {lab.lower()}:", f"{lab}:", f"Please enter the {lab.lower()}"])
        args += ["--entry", "--title", "Entry", "--text", prompt]
        val = common.value_for(rng, lab)
        if rng.random() < 0.8:
            args += ["--entry-text", val]
        if rng.random() < 0.2:
            args += ["--hide-text"]
    elif kind == "password":
        args += ["--password", "--username", "--title", "Login"]
        fills = [("text", common.value_for(rng, "Username") if rng.random() < 0.8 else ""),
                 ("text", password(rng) if rng.random() < 0.7 else "")]
    else:
        args += ["--question", "--title", "Question", "--no-wrap",
                 "--text", clean(rng.choice(common.SENTENCES + [
                     "Do you want to save the changes?", "Delete the selected record?",
                     "Overwrite the existing file?", "Quit without saving?"]))]
    if kind != "password" and rng.random() < 0.6:
        row = rng.choice([r for r in common.BUTTON_ROWS if len(r) == 2])
        args += ["--cancel-label", clean(row[0]), "--ok-label", clean(row[1])]
    if kind == "forms" and rng.random() < 0.5:
        args += ["--width", str(rng.choice([300, 380, 460, 540]))]
    return args, fills


# --------------------------------------------------------------------------- AT-SPI

def atspi():
    import pyatspi
    return pyatspi


def find_window(pyatspi, proc, timeout=20.0):
    pid = proc.pid
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise Unusable(f"application exited with {proc.returncode}")
        desk = pyatspi.Registry.getDesktop(0)
        for i in range(desk.childCount):
            app = desk.getChildAtIndex(i)
            try:
                if app is None or app.get_process_id() != pid:
                    continue
                for j in range(app.childCount):
                    w = app.getChildAtIndex(j)
                    st = w.getState()
                    if st.contains(pyatspi.STATE_SHOWING):
                        e = w.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
                        if e.width > 1 and e.height > 1:
                            return w
            except Exception:
                pass
        time.sleep(0.3)
    raise Unusable("application window did not appear")


CONTAINER_ROLES = ("FRAME", "DIALOG", "FILLER", "PANEL", "WINDOW", "ALERT", "OPTION_PANE",
                   "SEPARATOR", "ICON", "IMAGE")


def visible_text(pyatspi, acc, box):
    """The characters of a text accessible whose centre lies inside `box` (clipped entries)."""
    t = acc.queryText()
    s = t.getText(0, -1)
    x0, y0, w, h = box
    keep = []
    for i, ch in enumerate(s):
        e = t.getCharacterExtents(i, pyatspi.DESKTOP_COORDS)
        cx = e[0] + e[2] / 2
        if e[2] <= 0 or x0 < cx < x0 + w:
            keep.append(ch)
    return "".join(keep), s


def walk(pyatspi, win):
    """Elements of the window: [(Elem, accessible)], label relations resolved later."""
    R = pyatspi
    out = []

    def ext(a):
        e = a.queryComponent().getExtents(R.DESKTOP_COORDS)
        return [e.x, e.y, e.width, e.height]

    def rec(a):
        st = a.getState()
        if not st.contains(R.STATE_SHOWING) or not st.contains(R.STATE_VISIBLE):
            return
        role = a.getRole()
        box = ext(a)
        if box[2] <= 0 or box[3] <= 0:
            return
        if role == R.ROLE_PUSH_BUTTON:
            out.append((Elem("button", a.name, box=box), a))
        elif role in (R.ROLE_TEXT, R.ROLE_ENTRY, R.ROLE_PASSWORD_TEXT, R.ROLE_SPIN_BUTTON):
            if a.queryText().getText(0, -1).count("\n"):
                raise Unusable("multi-line text field")
            shown, full = visible_text(R, a, box)
            out.append((Elem("textfield", shown, box=box), a))
        elif role in (R.ROLE_CHECK_BOX, R.ROLE_RADIO_BUTTON):
            out.append((Elem("checkbox" if role == R.ROLE_CHECK_BOX else "radio", a.name,
                             box=box, checked=st.contains(R.STATE_CHECKED)), a))
        elif role == R.ROLE_COMBO_BOX:
            text = a.name
            for i in range(a.childCount):
                c = a.getChildAtIndex(i)
                if c.getRole() == R.ROLE_TEXT:
                    text = c.queryText().getText(0, -1)
            out.append((Elem("dropdown", text, box=box), a))
        elif role == R.ROLE_LABEL:
            text = a.queryText().getText(0, -1)
            if "\n" in text:
                raise Unusable("multi-line label")
            if text.strip():
                out.append((Elem("text", text, region=box), a))
        elif a.getRoleName().upper().replace(" ", "_") in CONTAINER_ROLES:
            if role in (R.ROLE_ICON, R.ROLE_IMAGE):
                return
            for i in range(a.childCount):
                rec(a.getChildAtIndex(i))
        else:
            raise Unusable(f"unsupported role {a.getRoleName()} {a.name!r}")

    rec(win)
    return out


def link_labels(pyatspi, items):
    by_acc = {}
    for e, a in items:
        by_acc[a] = e
    texts = [e for e, _ in items if e.type == "text"]
    for e, a in items:
        if e.type not in ("textfield", "dropdown"):
            continue
        lab = None
        for rel in a.getRelationSet():
            if rel.getRelationType() == pyatspi.RELATION_LABELLED_BY and rel.getNTargets():
                lab = by_acc.get(rel.getTarget(0))
        if lab is None:
            # no relation (zenity): the grid row's label left of the field, else the label
            # right above it
            x, y, w, h = e.box
            row = [t for t in texts if t.region[0] + t.region[2] <= x
                   and abs((t.region[1] + t.region[3] / 2) - (y + h / 2)) <= 2]
            if row:
                lab = max(row, key=lambda t: t.region[0] + t.region[2])
            else:
                above = [t for t in texts if t.region[1] + t.region[3] <= y
                         and y - (t.region[1] + t.region[3]) <= 12
                         and t.region[0] < x + w and t.region[0] + t.region[2] > x]
                if above:
                    lab = max(above, key=lambda t: t.region[1])
        if lab is not None:
            e.extra["label"] = lab


def do_fills(pyatspi, win, fills):
    """Enter values through AT-SPI in field order (text fields and combo boxes)."""
    if not fills:
        return
    R = pyatspi
    fields = []

    def rec(a):
        role = a.getRole()
        if role in (R.ROLE_TEXT, R.ROLE_PASSWORD_TEXT, R.ROLE_COMBO_BOX):
            fields.append(a)
            return
        for i in range(a.childCount):
            rec(a.getChildAtIndex(i))

    rec(win)
    # accessible children come last-first in GTK grids: order by position
    fields.sort(key=lambda a: (a.queryComponent().getExtents(R.DESKTOP_COORDS).y,
                               a.queryComponent().getExtents(R.DESKTOP_COORDS).x))
    if len(fields) != len(fills):
        raise Unusable(f"{len(fields)} fields for {len(fills)} values")
    for a, (kind, val) in zip(fields, fills):
        if kind == "text":
            if val:
                a.queryEditableText().setTextContents(val)
        elif val is not None:
            a.querySelection().selectChild(val)


def write_settings(cfg_dir, s):
    os.makedirs(os.path.join(cfg_dir, "gtk-3.0"), exist_ok=True)
    with open(os.path.join(cfg_dir, "gtk-3.0", "settings.ini"), "w") as f:
        f.write("[Settings]\n"
                f"gtk-font-name={s['font']}\n"
                f"gtk-application-prefer-dark-theme={'true' if s['dark'] else 'false'}\n"
                "gtk-cursor-blink=false\n"
                "gtk-enable-animations=false\n"
                f"gtk-entry-select-on-focus={'true' if s['select_on_focus'] else 'false'}\n")


def one(pyatspi, app, i, W, H, out_dir, tmp):
    rng = random.Random(f"{app}:{i}")
    s = settings(rng)
    argv, fills = yad_spec(rng) if app == "yad" else zenity_spec(rng)
    cfg = os.path.join(tmp, f"cfg{i}")
    write_settings(cfg, s)
    env = {k: v for k, v in os.environ.items()
           if k not in ("GTK_THEME", "NO_AT_BRIDGE", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE",
                        "GTK_MODULES")}
    env.update(XDG_CONFIG_HOME=cfg, GSETTINGS_BACKEND="memory", LC_ALL="C.UTF-8",
               XDG_DATA_HOME=os.path.join(tmp, "data"))
    rt.xsetroot(s["root"])
    rt.park_pointer(W, H)
    log = open(os.path.join(tmp, f"{app}{i}.log"), "w")
    proc = None
    try:
        for attempt in range(3):
            proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=log,
                                    stdin=subprocess.DEVNULL)
            try:
                win = find_window(pyatspi, proc)
                break
            except Unusable:
                rt.kill(proc)
                log.flush()
                with open(log.name) as f:
                    sys.stderr.write(f.read()[-2000:])
                if attempt == 2:
                    raise
                time.sleep(1)
        do_fills(pyatspi, win, fills)
        for attempt in range(3):
            pb = rt.wait_stable(W, H)
            e = win.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            window = [e.x, e.y, e.width, e.height]
            items = walk(pyatspi, win)
            link_labels(pyatspi, items)
            pb2 = rt.grab(W, H)
            if rt.pixels(pb2) == rt.pixels(pb):
                break
        else:
            raise Unusable("screen kept changing")
        if not rt.inside(window, [0, 0, W, H]):
            raise Unusable(f"window {window} larger than the screen")
        extra = {"app": app, "argv": argv[1:], "font": s["font"],
                 "theme": "Adwaita" + (":dark" if s["dark"] else "")}
        img = common.pixbuf_image(pb)
        for e, _ in items:
            if e.type in ("checkbox", "radio"):
                # indicator + caption: the ink inside the (often full-width) allocation
                ink = common.ink_box(img, e.box)
                if ink is None:
                    raise Unusable(f"check box {e.text!r} without ink")
                e.box = ink
        elems = sorted((e for e, _ in items), key=lambda e: ((e.box or e.region)[1],
                                                              (e.box or e.region)[0]))
        gt = rt.finalize(app, i, W, H, elems, pb, window, extra)
        rt.write(out_dir, f"{app}-{i}", gt, pb)
        return gt
    finally:
        rt.kill(proc)
        log.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True, choices=["yad", "zenity"])
    ap.add_argument("--display", required=True)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--want", type=int, default=0,
                    help="stop after this many written screens (default: count)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--width", type=int, default=1024)
    ap.add_argument("--height", type=int, default=768)
    a = ap.parse_args()
    rt.set_display(a.display)
    pyatspi = atspi()
    tmp = tempfile.mkdtemp(prefix="realapps-")
    written = 0
    try:
        for i in range(a.first, a.first + a.count):
            try:
                gt = one(pyatspi, a.app, i, a.width, a.height, a.out, tmp)
            except Unusable as ex:
                print(f"{a.app}-{i}: skipped: {ex}", flush=True)
                continue
            n = {}
            for e in gt["elements"]:
                n[e["type"]] = n.get(e["type"], 0) + 1
            print(f"{a.app}-{i}: {len(gt['elements'])} elements {n}", flush=True)
            written += 1
            if a.want and written >= a.want:
                break
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
