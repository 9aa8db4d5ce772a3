#!/usr/bin/python3
"""Screenshots + ground truth of the Tk application tk-brief (Debian package tk-brief), read
through Tk's own `send` introspection (tk_probe.tcl).

  /usr/bin/python3 tk_send.py --display :N --first I --count N --out DIR \
      [--width 1280 --height 800] [--want N]

For sample i a seeded random.Random("tk-brief:<i>") writes the application's configuration file
(~/.tk-brief.conf in a private HOME: language, palette colour, text colour, the letter's fields
and check-box states, the sender data) and a fontconfig alias for the application's font
(helvetica) to one of a few installed families, then starts tk-brief. Some samples open the
"Configuration" or "Multiple letters" window by clicking its button (xdotool) and place that
window next to the main window (xdotool windowmove, as a user would drag it).

Once the screen stops changing, tk_probe.tcl lists every viewable widget (class, root geometry,
text / variable values, entry contents and which characters are visible):

  Entry -> textfield, Button -> button, Checkbutton -> checkbox, Radiobutton -> radio,
  Menubutton (tk_optionMenu) -> dropdown, Label -> text

Labels are linked to the entry that shares their `labelentry` frame (one Label + one Entry).
Boxes are the widget windows, tightened against the pixels (models/renderers/common.py): texts to
their ink, check/radio buttons and buttons to the pixels that differ from the surroundings (Tk's
highlight ring). Elements of a window hidden by another are dropped when fully covered; a
partly covered element makes the screen unusable (skipped). A flat entry that cannot be told from
its background (tk-brief's zero-width "Our S." entry, disabled entries on a matching palette) is
dropped when empty; with text the screen is skipped.
"""

import argparse
import json
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
import common  # noqa: E402

APP = "tk-brief"
# the application: /usr/bin/tk-brief from the package, or a copy extracted from the .deb
# (tk-brief is one Tcl script; its package depends on TeX Live, which the screens do not need)
APP_BIN = os.environ.get("TK_BRIEF", "tk-brief")
PALETTES = ["LightSteelBlue", "LightSteelBlue", "wheat", "LightYellow", "honeydew", "lavender",
            "bisque", "azure", "#c6d3e0", "#e8e0c8", "#f0f0f0", "#ffffff", "PaleTurquoise",
            "#cfd8c0", "MistyRose", "#b8c8b8"]
TEXT_COLOURS = ["black", "black", "black", "#202020", "navy", "DarkGreen", "maroon", "#303050"]
FONTS = ["DejaVu Sans", "Liberation Sans", "FreeSans", "Noto Sans", "Open Sans", "Arimo",
         "Cantarell", "DejaVu Serif", "Liberation Serif", "Noto Serif", None]
DEFAULT_HELVETICA = "Nimbus Sans"   # what fontconfig picks for helvetica on Debian 12
LANGS = ["English", "English", "Deutsch", "Deutsch", "Nederlands"]

SALUTATION = {"English": ["Dear Sirs:", "Dear Madam or Sir,", "Dear Ms. {l},", "Dear Mr. {l},",
                          "Hello {f},"],
              "Deutsch": ["Sehr geehrte Damen und Herren,", "Sehr geehrte Frau {l},",
                          "Sehr geehrter Herr {l},", "Hallo {f},", "Liebe {f},"],
              "Nederlands": ["Geachte heer/mevrouw,", "Beste {f},", "Geachte heer {l},"]}
CLOSING = {"English": ["Sincerely", "Best regards", "Yours faithfully", "Kind regards"],
           "Deutsch": ["Mit freundlichen Grüßen", "Viele Grüße", "Beste Grüße",
                       "Hochachtungsvoll"],
           "Nederlands": ["Met vriendelijke groet", "Hoogachtend", "Groeten"]}
TO = {"English": ["To", "Mr.", "Ms.", "Dr.", "Messrs."],
      "Deutsch": ["An", "Herrn", "Frau", "Firma", "Dr."],
      "Nederlands": ["Aan", "De heer", "Mevrouw"]}
SUBJECTS = ["Invoice {n}", "Your order of {d}", "Termination of contract", "Application",
            "Rechnung Nr. {n}", "Kündigung", "Ihre Anfrage vom {d}", "Mahnung", "Offerte {n}",
            "Change of address", "Reclamation", "Bewerbung als Entwickler", "Meeting on {d}"]
POST = ["Registered mail", "Einschreiben", "Per Eilboten", "Confidential", "Persönlich",
        "Aangetekend", "By hand"]
ENCLOSURES = ["CV, certificates", "Invoice copy", "Zeugnisse", "2 photos", "Contract",
              "Lebenslauf", "Bijlage A"]
CLASS_OPTIONS = ["", "", "a4paper", "11pt,a4paper", "draft", "twoside"]
EDITORS = ["xterm -e vi", "gedit", "emacs", "xterm -e nano", "kate", "mousepad",
           "xterm -fn 10x20 -e sensible-editor"]
PRINTERS = ["lpr", "lpr -Plaser", "lp -d office", "lpr -Pcolor", "lp"]


def tcl_list_item(s):
    return "{" + s + "}" if (not s or any(c in s for c in " \t")) else s


def config(rng, lang):
    f, l = common.person(rng)
    sf, sl = common.person(rng)
    d = common._date(rng)
    n = f"{rng.randint(2019, 2026)}-{rng.randint(1, 999):03d}"

    def flag(p):
        return 1 if rng.random() < p else 0

    def short(v, k):
        return v[:k]

    name = f"{f} {l}" if rng.random() < 0.75 else rng.choice(common.COMPANIES).replace("&", "und")
    c = {
        "absender_anzahl": "1", "abs_nummer": "0",
        "titelliste": tcl_list_item(rng.choice(["", "Dr.", "Prof.", "Dipl.-Ing.", "M.Sc."])),
        "namenliste": tcl_list_item(f"{sf} {sl}"),
        "zusatzliste": tcl_list_item(rng.choice(["", "", "c/o " + rng.choice(common.COMPANIES)
                                                 .replace("&", "und"), "Apt. 4"])),
        "adressenliste": tcl_list_item(f"{rng.choice(common.STREETS)} {rng.randint(1, 99)}"),
        "ortliste": tcl_list_item(f"{rng.randint(1000, 99999):05d} {rng.choice(common.CITIES)}"),
        "telephonliste": tcl_list_item(common.value_for(rng, "Phone")),
        "Telefax(do_it)": str(flag(0.3)),
        "telefaxliste": tcl_list_item(common.value_for(rng, "Phone") if rng.random() < 0.5 else ""),
        "Email(do_it)": str(flag(0.5)),
        "emailliste": tcl_list_item(common.value_for(rng, "Email")),
        "Bank(do_it)": str(flag(0.3)),
        "bankliste": tcl_list_item(rng.choice(["Sparkasse", "Postbank", "ING", "Volksbank",
                                               "Deutsche Bank", "Rabobank"])),
        "blzliste": tcl_list_item(f"{rng.randint(100, 999)} {rng.randint(100, 999)} "
                                  f"{rng.randint(10, 99)}"),
        "kontoliste": tcl_list_item(str(rng.randint(100000, 99999999))),
        "Postvermerk(do_it)": str(flag(0.35)),
        "Postvermerk(wert)": rng.choice(POST) if rng.random() < 0.7 else "",
        "an": rng.choice(TO[lang]),
        "name": name,
        "adresse": f"{rng.choice(common.STREETS)} {rng.randint(1, 220)}",
        "ort": f"{rng.randint(1000, 99999):05d} {rng.choice(common.CITIES)}",
        "Betreff(wert)": rng.choice(SUBJECTS).format(n=n, d=d) if rng.random() < 0.85 else "",
        "Iz(do_it)": str(flag(0.3)),
        "Iz(wert)": short(rng.choice(["AB", "kl", "M1", "x", "JD"]), 2) if rng.random() < 0.6 else "",
        "Ihr_S(do_it)": str(flag(0.3)),
        "Ihr_S(wert)": d if len(d) <= 10 and rng.random() < 0.7 else "",
        "Mein_Z(do_it)": str(flag(0.3)),
        "Mein_Z(wert)": rng.choice(["", "rm", "42", "Z"]),
        "Anrede(wert)": rng.choice(SALUTATION[lang]).format(f=f, l=l),
        "gruss": rng.choice(CLOSING[lang]),
        "Anlagen(do_it)": str(flag(0.35)),
        "Anlagen(wert)": rng.choice(ENCLOSURES) if rng.random() < 0.7 else "",
        "Verteiler(do_it)": str(flag(0.3)),
        "Verteiler(wert)": f"{common.person(rng)[0]} {common.person(rng)[1]}" if rng.random() < 0.6 else "",
        "print_command": rng.choice(PRINTERS),
        "edit_command": rng.choice(EDITORS),
        "latex_command": "latex", "pdf_command": "pdflatex", "dvips_command": "dvips",
        "ispell_command": rng.choice(["ispell", "aspell check", "xterm -e ispell"]),
        "Fenster(do_it)": str(flag(0.3)),
        "Fenster(wert)": f"{sf} {sl}, {rng.choice(common.CITIES)}",
        "Http(do_it)": str(flag(0.3)),
        "http": f"www.{sl.lower().encode('ascii', 'ignore').decode()}.de",
        "trenn": str(flag(0.6)), "loch": str(flag(0.4)), "falt": str(flag(0.6)),
        "klass": str(flag(0.3)), "fenst": str(flag(0.6)), "size": rng.choice(["10pt", "11pt", "12pt"]),
        "Unterschrift(leer)": str(flag(0.6)),
        "briefstyle": rng.choice(["g-brief", "dinbrief", "letter", "KOMA", "brief"]),
        "german": str(flag(0.6)), "sprache": lang, "directory": "./",
        "xdvi_command": rng.choice(["xdvi", "evince", "okular"]),
        "fax_command": rng.choice(["sendfax", "efax", "hylafax"]),
        "faxnummer": common.value_for(rng, "Phone") if rng.random() < 0.4 else "",
        "Pak(do_it)": str(flag(0.3)),
        "Pak(wert)": rng.choice(["", "ngerman", "babel", "url"]),
        "color": rng.choice(PALETTES),
        "color2": rng.choice(TEXT_COLOURS),
        "coptions": rng.choice(CLASS_OPTIONS),
        "sffamily": str(flag(0.5)),
        "latex_type": rng.choice(["pdflatex", "latex"]),
        "acroread_command": "xdg-open",
    }
    for k in ("class_list",):
        c[k] = c["briefstyle"]
    return c


def write_config(home, c):
    with open(os.path.join(home, ".tk-brief.conf"), "w", encoding="utf-8") as fh:
        fh.write("Version| 5.91\n")
        for k, v in c.items():
            fh.write(f"{k}|  {v}\n")


def write_fontconfig(path, family):
    with open(path, "w") as fh:
        fh.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                 '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n')
        if family:
            fh.write('  <match target="pattern"><test name="family" qual="any"><string>helvetica'
                     '</string></test><edit name="family" mode="prepend" binding="strong"><string>'
                     f'{family}</string></edit></match>\n')
        fh.write("</fontconfig>\n")


# --------------------------------------------------------------------------- probing

def probe(env):
    r = subprocess.run(["wish", os.path.join(HERE, "tk_probe.tcl"), APP], env=env,
                       capture_output=True, timeout=120)
    if r.returncode != 0:
        raise Unusable("probe failed: " + r.stderr.decode(errors="replace")[-500:])
    tops, widgets = [], []
    for line in r.stdout.decode("utf-8").splitlines():
        d = json.loads(line)
        (tops if "toplevel" in d and "path" not in d else widgets).append(d)
    return tops, widgets


def wait_interp(env, timeout=20.0):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        r = subprocess.run(["wish", os.path.join(HERE, "tk_probe.tcl"), "-list"], env=env,
                           capture_output=True, timeout=30)
        if any(n.startswith(APP) for n in r.stdout.decode().split("\n")):
            return
        time.sleep(0.5)
    raise Unusable("application did not register")


def label_visible_text(w):
    """Characters of a (possibly clipped) centred label text that Tk shows in the window."""
    text = w["text"]
    tw = w["textwidth"]
    inset = int(w["borderwidth"] or 0) + int(w["highlightthickness"] or 0)
    if tw <= w["w"] - 2 * inset:
        return text
    anchor = w.get("anchor") or "center"
    if anchor in ("w", "nw", "sw"):
        x0 = inset + int(w.get("padx") or 0)
    elif anchor in ("e", "ne", "se"):
        x0 = w["w"] - inset - int(w.get("padx") or 0) - tw
    else:
        x0 = (w["w"] - tw) // 2
    pre = [0] + [int(v) for v in w["prefixes"].split(",") if v]
    out = []
    for i, ch in enumerate(text):
        cx = x0 + (pre[i] + pre[i + 1]) / 2
        if inset < cx < w["w"] - inset:
            out.append(ch)
    return "".join(out).strip()


def rect(d):
    return [d["x"], d["y"], d["w"], d["h"]]


def covered(box, r):
    """0: no overlap, 2: box fully inside r, 1: partly."""
    x, y, w, h = box
    X, Y, W, H = r
    if x >= X + W or X >= x + w or y >= Y + H or Y >= y + h:
        return 0
    if x >= X and y >= Y and x + w <= X + W and y + h <= Y + H:
        return 2
    return 1


def build(tops, widgets, img):
    order = [t["toplevel"] for t in tops]
    top_rect = {t["toplevel"]: rect(t) for t in tops}
    elems = []      # (Elem, widget dict)
    by_path = {}
    for w in widgets:
        cls = w["class"]
        box = rect(w)
        if cls in ("Frame", "Toplevel", "Tk-brief", "Menu") or w["path"] == w["toplevel"]:
            continue
        if w.get("image") or w.get("bitmap"):
            raise Unusable(f"{w['path']} shows an image")
        text = w.get("text", "")
        hl = int(w["highlightthickness"] or 0)
        bd = int(w["borderwidth"] or 0)
        # the highlight ring (drawn in the background colour unless focused) is not part of
        # what one sees as the widget
        vis = [box[0] + hl, box[1] + hl, box[2] - 2 * hl, box[3] - 2 * hl]
        inner = [box[0] + hl + bd, box[1] + hl + bd, box[2] - 2 * (hl + bd), box[3] - 2 * (hl + bd)]
        if cls == "Entry":
            text = w["show"] * len(w["visible"]) if w["show"] else w["visible"]
            if w["relief"] == "flat":
                # a flat entry shows only its (disabled) background: the box is that area,
                # if it differs from the surroundings at all
                ring = img.pixel(box[0], box[1] + box[3] // 2)
                ink = common.ink_box(img, vis, tol=4, bg=ring)
                if ink is None or ink[2] < 0.9 * inner[2] or ink[3] < 0.9 * inner[3]:
                    if w["text"]:
                        raise Unusable(f"{w['path']}: text in an invisible entry")
                    continue
                e = Elem("textfield", text, box=ink)
            else:
                e = Elem("textfield", text, box=vis)
        elif cls == "Button":
            e = Elem("button", label_visible_text(w), box=vis)
        elif cls in ("Checkbutton", "Radiobutton"):
            if w["indicatoron"] in ("0", "false"):
                raise Unusable(f"{w['path']}: check button without indicator")
            ink = common.ink_box(img, inner)
            if ink is None:
                raise Unusable(f"{w['path']}: no ink")
            e = Elem("checkbox" if cls == "Checkbutton" else "radio", label_visible_text(w),
                     box=ink, checked=(w["value"] == w["onvalue"]))
        elif cls == "Menubutton":
            e = Elem("dropdown", label_visible_text(w), box=vis)
        elif cls == "Label":
            if "\n" in w["text"] or (w.get("wraplength") not in ("", "0")):
                raise Unusable(f"{w['path']}: multi-line label")
            t = label_visible_text(w)
            if not t:
                continue
            e = Elem("text", t, region=inner)
        else:
            raise Unusable(f"unsupported widget class {cls} ({w['path']})")
        # occlusion by toplevels stacked above this widget's toplevel
        k = order.index(w["toplevel"])
        cov = [covered(box, top_rect[t]) for t in order[k + 1:]]
        if 2 in cov:
            continue
        if 1 in cov:
            raise Unusable(f"{w['path']} partly covered by another window")
        if not rt.inside(box, top_rect[w["toplevel"]]):
            raise Unusable(f"{w['path']} outside its window")
        elems.append((e, w))
        by_path[w["path"]] = e
    # labelentry frames: one Label + one Entry side by side
    kids = {}
    for e, w in elems:
        kids.setdefault(w["parent"], []).append((e, w))
    for parent, lst in kids.items():
        labs = [e for e, w in lst if w["class"] == "Label"]
        ents = [e for e, w in lst if w["class"] == "Entry"]
        if len(labs) == 1 and len(ents) == 1 and len(lst) == 2:
            ents[0].extra["label"] = labs[0]
    return [e for e, _ in elems]


def one(i, W, H, out_dir, tmp, base_env):
    rng = random.Random(f"{APP}:{i}")
    lang = rng.choice(LANGS)
    c = config(rng, lang)
    family = rng.choice(FONTS)
    screen = rng.choices(["main", "conf", "serie"], [5, 4, 1.5])[0]
    filename = rng.choice(["tk-brief", "brief", "letter", "anschreiben", "bewerbung",
                           f"rechnung{rng.randint(1, 99)}", "kuendigung", "offerte"])
    gap, dy = rng.randint(0, 60), rng.randint(0, 120)
    home = os.path.join(tmp, f"home{i}")
    os.makedirs(home)
    write_config(home, c)
    fc = os.path.join(tmp, f"fonts{i}.conf")
    write_fontconfig(fc, family)
    env = dict(base_env, HOME=home, FONTCONFIG_FILE=fc)
    rt.xsetroot(rng.choice(rt.ROOT_COLOURS))
    rt.park_pointer(W, H)
    log = open(os.path.join(tmp, f"app{i}.log"), "w")
    proc = subprocess.Popen([APP_BIN, filename], env=env, cwd=home, stdout=log, stderr=log,
                            stdin=subprocess.DEVNULL)
    try:
        wait_interp(env)
        rt.wait_stable(W, H)
        if screen != "main":
            tops, widgets = probe(env)
            btn = {"conf": ".config", "serie": ".do_it"}[screen]
            b = next(w for w in widgets if w["path"] == btn)
            rt.click(b["x"] + b["w"] // 2, b["y"] + b["h"] // 2)
            rt.park_pointer(W, H)
            main_w = next(t for t in tops if t["toplevel"] == ".")["w"]
            top = "." + screen
            for _ in range(40):
                time.sleep(0.25)
                tops, _w = probe(env)
                if any(t["toplevel"] == top for t in tops):
                    break
            else:
                raise Unusable(f"{top} did not open")
            t = next(t for t in tops if t["toplevel"] == top)
            wid = subprocess.run(["xdotool", "search", "--name", "^" + t["title"] + "$"],
                                 env=env, capture_output=True, text=True).stdout.split()
            if len(wid) != 1:
                raise Unusable(f"window of {top}: {wid}")
            x = main_w + gap
            if x + t["w"] > W:
                x = max(main_w, W - t["w"])
            y = min(dy, max(0, H - t["h"]))
            subprocess.run(["xdotool", "windowmove", wid[0], str(x), str(y)], check=True, env=env)
        for attempt in range(3):
            pb = rt.wait_stable(W, H)
            tops, widgets = probe(env)
            pb2 = rt.grab(W, H)
            if rt.pixels(pb2) == rt.pixels(pb):
                break
        else:
            raise Unusable("screen kept changing")
        img = common.pixbuf_image(pb)
        elems = build(tops, widgets, img)
        elems.sort(key=lambda e: ((e.box or e.region)[1], (e.box or e.region)[0]))
        wx = min(t["x"] for t in tops)
        wy = min(t["y"] for t in tops)
        wr = max(t["x"] + t["w"] for t in tops)
        wb = max(t["y"] + t["h"] for t in tops)
        extra = {"app": APP, "screen": screen, "language": lang,
                 "font": f"{family or DEFAULT_HELVETICA} 12",
                 "theme": f"tk palette {c['color']}, text {c['color2']}",
                 "windows": [rect(t) + [t["title"]] for t in tops]}
        gt = rt.finalize(APP, i, W, H, elems, pb, [wx, wy, wr - wx, wb - wy], extra)
        rt.write(out_dir, f"{APP}-{i}", gt, pb)
        return gt
    finally:
        rt.kill(proc)
        log.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--display", required=True)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--want", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=800)
    a = ap.parse_args()
    rt.set_display(a.display)
    base_env = {k: v for k, v in os.environ.items() if k not in ("FONTCONFIG_FILE",)}
    base_env.update(DISPLAY=a.display, LC_ALL="C.UTF-8")
    tmp = tempfile.mkdtemp(prefix="realapps-tk-")
    written = 0
    try:
        for i in range(a.first, a.first + a.count):
            try:
                gt = one(i, a.width, a.height, a.out, tmp, base_env)
            except Unusable as ex:
                print(f"{APP}-{i}: skipped: {ex}", flush=True)
                continue
            n = {}
            for e in gt["elements"]:
                n[e["type"]] = n.get(e["type"], 0) + 1
            print(f"{APP}-{i}: {gt['screen']} {len(gt['elements'])} elements {n}", flush=True)
            written += 1
            if a.want and written >= a.want:
                break
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
