#!/usr/bin/python3
"""Render random Tk forms (real Tk / ttk widgets in `wish`) and write screenshot + ground truth.

  /usr/bin/python3 tk_forms.py --display :N --seed S --count N --out DIR

Screen i uses seed S+i and is written as DIR/tk-<seed>.png and DIR/tk-<seed>.json.
The widgets live in a `wish` process running tk_forms.tcl; this driver generates the Tcl that
builds each form, asks wish for widget geometry, grabs the screen through Gdk (python3-gi) and
tightens every text box against the pixels. Needs packages tk, python3-gi, gir1.2-gtk-3.0.
"""

import colorsys
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True   # keep __pycache__ out of the source tree
sys.path.insert(0, HERE)
import common  # noqa: E402
from common import Elem  # noqa: E402

STYLES = ["ttk:clam", "ttk:clam", "ttk:default", "ttk:alt", "ttk:classic", "tk", "tk", "tk"]
PALETTES = ["#d9d9d9", "#d9d9d9", "#ececec", "#dcdad5", "#f0f0f0", "#c0c0c0", "#d4d0c8",
            "#efebe7", "#dde6ee", "#e6e0d0", "#3c3f41", "#2b2b2b", "#ffffff", "#c6d3e0"]


def tq(s):
    """Tcl string literal."""
    out = []
    for ch in str(s):
        if ch in '\\"$[]{}':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def tl(items):
    return "[list " + " ".join(tq(i) for i in items) + "]"


class Wish:
    def __init__(self, display):
        env = dict(os.environ, DISPLAY=display, LC_ALL="C.UTF-8")
        self.p = subprocess.Popen(["wish", os.path.join(HERE, "tk_forms.tcl")], env=env,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  encoding="utf-8", bufsize=1)

    def __call__(self, script):
        self.p.stdin.write(script.rstrip("\n") + "\n<<END>>\n")
        self.p.stdin.flush()
        lines = []
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise RuntimeError("wish died")
            line = line.rstrip("\n")
            if line == "<<DONE>>":
                break
            lines.append(line)
        if lines[0] != "OK":
            raise RuntimeError("Tcl error:\n" + "\n".join(lines[1:]) + "\n--- script:\n" + script)
        return "\n".join(lines[1:])

    def close(self):
        try:
            self.p.stdin.close()
            self.p.wait(timeout=5)
        except Exception:
            self.p.kill()
            self.p.wait()


class TkBuilder:
    def __init__(self, spec, rng, ttk, look, combo_look, dense_look, check_fields, check_rows, menu_column,
                 greyed=False, narrow=None):
        self.spec, self.rng, self.ttk = spec, rng, ttk
        # --narrow (a stream of its own, None without it): entries 2 to 10 characters wide,
        # holding a short value or nothing, most of them behind check boxes (tk-brief's "Uw
        # kenmerk" and "Uw brief van" fields, 22 and 94 px: a fifth of the real-application
        # text fields the detector missed; every other entry is 10 characters or more).
        self.narrow = narrow
        # --greyed: half the entries greyed out, most of them flat (no frame), and more fields
        # behind "enable" check boxes: the same streams as without it, drawn at other odds.
        self.greyed = greyed
        # Looks drawn from a side stream (disabled fields, wide option menus and tool columns,
        # as tk-brief has them), so that an older seed's form keeps its layout and only gains them.
        self.look = look
        self.combo_look = combo_look   # editable combo boxes: their own stream, added later
        # Dense forms, added later still: fields stacked with no padding (only Tk's focus rings
        # between them, 2 px), and a check box in a field's label place that is off greying its
        # field out, as "enable this field" check boxes do (tk-brief has both).
        self.dense_look = dense_look
        self.check_fields = check_fields   # more of those check boxes, on a stream of their own
        # Half of the forms with such check boxes pack each one's field right after its caption
        # instead of in the fields' column, so each row's field starts elsewhere (tk-brief's
        # "Fax", "E-Mail", "URL" rows: the greyed fields the detector missed most).
        self.check_rows = check_rows
        # Option menus standing in a tool column among its buttons, as wide as they are, with no
        # label, and a check box at the column's foot (tk-brief's document class and sender
        # menus, taken for text or buttons, and its "Signature" box, taken for a button).
        self.menu_column = menu_column
        self.lines = []
        self.items = []     # (section, kind, ref, Elem)
        self.n = 0

    def emit(self, s):
        self.lines.append(s)

    def relief_when_greyed(self):
        reliefs = ['flat', 'flat', 'sunken', 'solid']
        if self.greyed:   # tk-brief's: a flat grey band a few grey levels from its tinted window
            reliefs = ['flat'] * 5 + ['sunken']
        return self.look.choice(reliefs)

    def name(self, parent):
        self.n += 1
        return f"{parent}.w{self.n}"

    def cls(self, c):
        return ("ttk::" + c) if self.ttk else c

    def add(self, sec, kind, ref, e):
        self.items.append((sec, kind, ref, e))
        return e

    def label(self, sec, parent, text, font=None):
        p = self.name(parent)
        self.emit(f"{self.cls('label')} {p} -text {tq(text)}" + (f" -font {font}" if font else ""))
        return p, self.add(sec, "text", p, Elem("text", text))

    def framed(self, sec, parent, title):
        """Returns (outer widget, inner container)."""
        rng = self.rng
        if not title:
            p = self.name(parent)
            self.emit(f"{self.cls('frame')} {p}")
            return p, p
        p = self.name(parent)
        if self.ttk:
            pad = f"{rng.choice([6, 8, 12])} {rng.choice([2, 4, 6])} {rng.choice([6, 8, 12])} {rng.choice([6, 8])}"
            self.emit(f"ttk::labelframe {p} -padding {{{pad}}}")
        else:
            self.emit(f"labelframe {p} -padx {rng.choice([4, 6, 10])} -pady {rng.choice([2, 4, 6])}"
                      f" -bd {rng.choice([1, 2, 2])} -relief {rng.choice(['groove', 'groove', 'ridge', 'solid', 'sunken'])}")
        lab = p + ".lab"
        self.emit(f"{self.cls('label')} {lab} -text {tq(title)}")
        self.emit(f"{p} configure -labelwidget {lab}")
        self.add(sec, "text", lab, Elem("text", title))
        return p, p

    def checkbutton(self, sec, parent, caption, on):
        p = self.name(parent)
        self.emit(f"{self.cls('checkbutton')} {p} -text {tq(caption)} -variable ::hemu_v({p})")
        self.emit(f"set ::hemu_v({p}) {1 if on else 0}")
        self.add(sec, "ctrl", p, Elem("checkbox", caption, checked=on))
        return p

    def option_menu(self, p, opts, sel):
        self.emit(f"tk_optionMenu {p} ::hemu_v({p}) {tl(opts)[6:-1]}")
        self.emit(f"set ::hemu_v({p}) {tq(opts[sel])}")

    def field_ctrl(self, sec, parent, f, label_elem):
        rng = self.rng
        p = self.name(parent)
        if f["ctrl"] == "entry" and self.look.random() < 0.12:
            # A spin box: an entry with up and down arrows, a number in it. A text field to
            # the eye and in the ground truth, box over the arrows too.
            top = self.look.choice([10, 100, 1000, 100000])
            value = str(self.look.randint(0, top))
            cls = "ttk::spinbox" if self.ttk else "spinbox"
            self.emit(f"{cls} {p} -from 0 -to {top} -width {self.look.randint(4, 12)}")
            self.emit(f"{p} set {value}" if self.ttk else f"{p} delete 0 end; {p} insert 0 {value}")
            self.add(sec, "ctrl", p, Elem("textfield", value, label=label_elem))
            return p
        if f["ctrl"] == "entry":
            text = f["text"]
            chars = max(f["chars"], len(text) + 4)
            if self.narrow and self.narrow.random() < (0.6 if "check" in f else 0.25):
                chars = self.narrow.choice([2, 2, 3, 4, 6, 8, 10])
                text = self.narrow.choice(["", "", text[:max(chars - 1, 1)]])
            self.emit(f"{self.cls('entry')} {p} -width {chars}")
            if text:
                self.emit(f"{p} insert 0 {tq(text)}")
            greyed = self.look.random() < (0.5 if self.greyed else 0.12)
            if f.get("check") is False and self.dense_look.random() < 0.6:
                greyed = True
            if greyed:   # greyed out: grey text, often no frame
                if self.ttk:
                    self.emit(f"{p} state disabled")
                else:
                    self.emit(f"{p} configure -state disabled -disabledbackground "
                              f"{self.look.choice(['#d9d9d9', '#e0e0e0', '#c8c8c8', '[. cget -background]'])} "
                              f"-relief {self.relief_when_greyed()}")
            self.add(sec, "ctrl", p, Elem("textfield", text, label=label_elem))
        else:
            opts, sel = f["options"], f["selected"]
            if self.ttk or rng.random() < 0.3:
                width = max(len(o) for o in opts) + 2
                # A quarter of them editable: an entry's field beside the arrow, not a button.
                state = "normal" if self.combo_look.random() < 0.25 else "readonly"
                self.emit(f"ttk::combobox {p} -values {tl(opts)} -state {state} -width {width}")
                self.emit(f"{p} current {sel}")
            else:
                self.option_menu(p, opts, sel)
                if rng.random() < 0.5:
                    self.emit(f"{p} configure -width {max(len(o) for o in opts)} -anchor w")
                if self.look.random() < 0.3:   # far wider than its text, the text centred or not
                    self.emit(f"{p} configure -width {max(len(o) for o in opts) + self.look.randint(6, 24)} "
                              f"-anchor {self.look.choice(['center', 'w'])}")
            self.add(sec, "ctrl", p, Elem("dropdown", opts[sel], label=label_elem))
        return p

    def section(self, sec, parent, s):
        rng, sp = self.rng, self.spec["spacing"]
        k = s["kind"]
        if k == "form":
            outer, inner = self.framed(sec, parent, s.get("frame"))
            sticky_l = "e" if s["label_align"] == "right" else "w"
            sticky_c = "ew" if s["fill"] else "w"
            colgap = rng.choice([6, 8, 12, 16])
            if s["layout"] in ("left", "two"):
                per = 2 if s["layout"] == "two" else 1
                row_pad = 0 if self.dense_look.random() < 0.3 else sp // 2
                if self.check_fields.random() < (0.6 if self.greyed else 0.25):   # more fields behind check boxes, most off
                    for f in s["fields"]:
                        if f["ctrl"] == "entry" and "check" not in f and self.check_fields.random() < 0.5:
                            f["check"] = self.check_fields.random() < 0.4
                packed = any("check" in f for f in s["fields"]) and self.check_rows.random() < 0.5
                for i, f in enumerate(s["fields"]):
                    r, c = divmod(i, per)
                    if "check" in f and packed:   # check box and field side by side, one cell
                        row = self.name(inner)
                        self.emit(f"{self.cls('frame')} {row}")
                        lab = self.checkbutton(sec, row, f["label"], f["check"])
                        w = self.field_ctrl(sec, row, f, None)
                        self.emit(f"pack {lab} {w} -side left")
                        lpad = rng.choice([12, 18, 24]) if c else 0
                        self.emit(f"grid {row} -row {r} -column {2 * c} -columnspan 2 -sticky w "
                                  f"-padx {{{lpad} 0}} -pady {row_pad}")
                        continue
                    if "check" in f:   # a check box in the label's place: the field has no label
                        lab, le = self.checkbutton(sec, inner, f["label"], f["check"]), None
                    else:
                        lab, le = self.label(sec, inner, f["label"])
                    w = self.field_ctrl(sec, inner, f, le)
                    lpad = rng.choice([12, 18, 24]) if c else 0
                    self.emit(f"grid {lab} -row {r} -column {2 * c} -sticky {sticky_l} "
                              f"-padx {{{lpad} {colgap}}} -pady {row_pad}")
                    self.emit(f"grid {w} -row {r} -column {2 * c + 1} -sticky {sticky_c} -pady {row_pad}")
                if s["fill"]:
                    for c in range(per):
                        self.emit(f"grid columnconfigure {inner} {2 * c + 1} -weight 1")
            else:
                gap = rng.choice([0, 2, 4])
                for f in s["fields"]:
                    lab, le = self.label(sec, inner, f["label"])
                    w = self.field_ctrl(sec, inner, f, le)
                    self.emit(f"pack {lab} -side top -anchor w -pady {{{sp // 2} {gap}}}")
                    self.emit(f"pack {w} -side top -anchor w" + (" -fill x" if s["fill"] else ""))
            return outer
        if k in ("checks", "radios"):
            outer, inner = self.framed(sec, parent, s.get("frame"))
            if s.get("heading"):
                lab, _ = self.label(sec, inner, s["heading"])
                self.emit(f"pack {lab} -side top -anchor w")
            side = "left" if s["orient"] == "h" else "top"
            padx = rng.choice([0, 8, 12]) if side == "left" else 0
            if k == "checks":
                for cap, on in s["items"]:
                    p = self.checkbutton(sec, inner, cap, on)
                    self.emit(f"pack {p} -side {side} -anchor w -padx {{0 {padx}}}")
            else:
                var = f"::hemu_v(r{sec}_{self.n})"
                for j, cap in enumerate(s["options"]):
                    p = self.name(inner)
                    self.emit(f"{self.cls('radiobutton')} {p} -text {tq(cap)} -variable {var} -value {j}")
                    self.emit(f"pack {p} -side {side} -anchor w -padx {{0 {padx}}}")
                    self.add(sec, "ctrl", p, Elem("radio", cap, checked=(j == s["selected"])))
                self.emit(f"set {var} {s['selected']}")
            return outer
        if k == "text":
            outer = self.name(parent)
            self.emit(f"{self.cls('frame')} {outer}")
            for line in s["lines"]:
                lab, _ = self.label(sec, outer, line)
                self.emit(f"pack {lab} -side top -anchor w")
            return outer
        if k == "table":
            outer, inner = self.framed(sec, parent, s.get("frame"))
            t = self.name(inner)
            cols = [f"c{j}" for j in range(len(s["headers"]))]
            self.emit(f"ttk::treeview {t} -columns {{{' '.join(cols)}}} -show headings "
                      f"-height {len(s['rows'])} -selectmode browse")
            for j, h in enumerate(s["headers"]):
                texts = [h] + [r[j] for r in s["rows"]]
                self.emit(f"{t} heading c{j} -text {tq(h)}")
                self.emit(f"{t} column c{j} -stretch 0 -anchor {rng.choice(['w', 'w', 'center', 'e'])} -width "
                          f"[expr {{max([font measure TkHeadingFont {tq(h)}],"
                          f"[hemu_maxw {tl(texts[1:])}]) + {rng.choice([12, 16, 24])}}}]")
                self.add(sec, "heading", (t, f"c{j}"), Elem("text", h, skip_lines=True))
            for i, row in enumerate(s["rows"]):
                self.emit(f"{t} insert {{}} end -id r{i} -values {tl(row)}")
                for j, v in enumerate(row):
                    self.add(sec, "cell", (t, f"r{i}", f"c{j}"), Elem("text", v))
            if s["selected"] is not None:
                self.emit(f"{t} selection set r{s['selected']}")
            self.emit(f"pack {t} -side top -anchor w")
            return outer
        outer = self.name(parent)
        self.emit(f"{self.cls('frame')} {outer}")
        gap = rng.choice([4, 6, 8])
        wide = s.get("orient") == "v" and self.look.random() < 0.3   # a column wider than its captions
        extra = self.look.randint(8, 24)
        menus = set()
        if s.get("orient") == "v" and self.menu_column.random() < 0.35:
            menus = set(self.menu_column.sample(range(len(s["captions"])), self.menu_column.randint(1, 2)))
        for j, cap in enumerate(s["captions"]):
            b = self.name(outer)
            if j in menus:
                opts = common.CHOICES[self.menu_column.choice(sorted(common.CHOICES))]
                sel = self.menu_column.randrange(len(opts))
                self.option_menu(b, opts, sel)
                self.emit(f"pack {b} -side top -fill x -pady {{0 {s['gap']}}}")
                self.add(sec, "ctrl", b, Elem("dropdown", opts[sel]))
                continue
            self.emit(f"{self.cls('button')} {b} -text {tq(cap)}")
            if wide:
                self.emit(f"{b} configure -width {max(len(c) for c in s['captions']) + extra}")
            if s.get("orient") == "v":   # a tool column: equal widths, stacked
                self.emit(f"pack {b} -side top -fill x -pady {{0 {s['gap']}}}")
            else:
                self.emit(f"pack {b} -side left -padx {{0 {gap}}}")
            self.add(sec, "ctrl", b, Elem("button", cap))
        if s.get("orient") == "v" and self.menu_column.random() < 0.3:   # a check box ends the column
            p = self.checkbutton(sec, outer, self.menu_column.choice(common.CHECKS), self.menu_column.random() < 0.5)
            self.emit(f"pack {p} -side top -anchor w")
        return outer


PRELUDE = """
proc hemu_maxw {texts} {
    set m 0
    foreach t $texts { set m [expr {max($m, [font measure TkDefaultFont $t])}] }
    return $m
}
"""


def pastel(rng):
    """A light window tint of any hue, as Tk applications set with tk_setPalette (sage, steel
    blue, sand): greyed-out entries (#d9d9d9) on it differ from the window more in colour than
    in grey."""
    r, g, b = colorsys.hls_to_rgb(rng.random(), rng.uniform(0.72, 0.88), rng.uniform(0.12, 0.4))
    return "#%02x%02x%02x" % (round(r * 255), round(g * 255), round(b * 255))


def setup_script(rng, spec, style, tint_rng, fill_rng, greyed=False):
    """Theme, palette, option database and fonts for one screen. `tint_rng` (a stream of its
    own, so that older seeds keep their forms) gives four in ten classic Tk windows a pastel;
    `fill_rng` (another) fills half of those windows' entries with the window's own colour,
    as tk-brief's are: a field is then only its thin sunken frame."""
    fam, size = spec["font_family"], spec["font_size"]
    s = ["catch {destroy .s}", "option clear"]
    if style == "tk":
        bg = rng.choice(PALETTES)
        if tint_rng.random() < (0.9 if greyed else 0.4):
            bg = pastel(tint_rng)
        s.append(f"tk_setPalette {bg}")
        s.append(f"ttk::style theme use {rng.choice(['default', 'classic', 'alt'])}")
        s.append(f"ttk::style configure . -background {bg}")
        if rng.random() < 0.5:
            s.append(f"option add *Button.borderWidth {rng.choice([1, 2, 3])}")
        if rng.random() < 0.4:
            s.append(f"option add *Entry.relief {rng.choice(['solid', 'groove', 'ridge', 'sunken'])}")
        if rng.random() < 0.4:
            s.append(f"option add *Entry.background {rng.choice(['white', '#ffffee', '#f8f8f8', bg])}")
        if rng.random() < 0.3:
            s.append(f"option add *Button.relief {rng.choice(['groove', 'ridge', 'solid'])}")
        if bg not in PALETTES and fill_rng.random() < 0.5:   # later options of a pattern win
            s.append(f"option add *Entry.background {bg}")
            s.append(f"option add *Entry.relief {fill_rng.choice(['sunken', 'sunken', 'solid'])}")
        theme = f"tk-classic {bg}"
    else:
        th = style.split(":")[1]
        s.append("tk_setPalette #d9d9d9")
        s.append(f"ttk::style theme use {th}")
        theme = f"ttk-{th}"
    for f in ("TkDefaultFont", "TkTextFont", "TkMenuFont", "TkHeadingFont", "TkCaptionFont",
              "TkSmallCaptionFont", "TkIconFont", "TkTooltipFont"):
        s.append(f"font configure {f} -family {tq(fam)} -size {size}")
    s.append("catch {font delete HemuTitle}")
    s.append(f"font create HemuTitle -family {tq(fam)} -size "
             f"{size + (rng.choice([3, 4, 6]) if spec['title_big'] else 0)} -weight bold")
    s.append("ttk::style configure Treeview -rowheight "
             f"[expr {{[font metrics TkDefaultFont -linespace] + {rng.choice([2, 4, 6])}}}]")
    s.append("font actual TkDefaultFont -family")
    return "\n".join(s), theme


def parse_boxes(text):
    out = []
    for line in text.splitlines():
        if line.strip():
            out.append([int(round(float(v))) for v in line.split()])
    return out


def render(wish, seed, stats, greyed=False, narrow=False):
    rng = random.Random(f"tk:{seed}")   # renderer-specific stream: same seed, different form
    spec = common.make_spec(rng, "tk")
    W, H = spec["width"], spec["height"]
    style = rng.choice(STYLES)
    if greyed:   # classic Tk, as tk-brief: ttk's disabled entries keep their frame
        style = "tk"
    script, theme = setup_script(rng, spec, style, random.Random(f"tk-tint:{seed}"),
                                 random.Random(f"tk-fill:{seed}"), greyed)
    family = wish(script).strip()
    font = f"{family} {spec['font_size']}"
    b = TkBuilder(spec, rng, style != "tk", random.Random(f"tk-look:{seed}"), random.Random(f"tk-combo:{seed}"),
                  random.Random(f"tk-dense:{seed}"), random.Random(f"tk-check-fields:{seed}"),
                  random.Random(f"tk-check-rows:{seed}"), random.Random(f"tk-menu-column:{seed}"), greyed,
                  random.Random(f"tk-narrow:{seed}") if narrow else None)
    m, sp = spec["margin"], spec["spacing"]
    b.emit("toplevel .s")
    if spec["menubar"]:
        b.emit("menu .s.mb -tearoff 0")
        for i, t in enumerate(spec["menubar"]):
            b.emit(f".s.mb add cascade -label {tq(t)} -menu [menu .s.mb.m{i} -tearoff 0]")
            b.add(-1, "menu", i, Elem("text", t))
        b.emit(".s configure -menu .s.mb")
    b.emit("wm withdraw .s")
    b.emit(f"{b.cls('frame')} .s.bg")
    b.emit("pack .s.bg -fill both -expand 1")
    if spec["status"]:
        lab, _ = b.label(-4, ".s.bg", spec["status"])
        b.emit(f"pack {lab} -side bottom -anchor w -padx 6 -pady 2")
        b.emit("ttk::separator .s.bg.sep -orient horizontal")
        b.emit("pack .s.bg.sep -side bottom -fill x")
    body = ".s.bg.body"
    b.emit(f"{b.cls('frame')} {body}")
    pad = f"-padx {{{spec['margin_left']} {m}}} -pady {{{spec['margin_top']} {m}}}"
    b.emit(f"pack {body} -fill both -expand 1 {pad}")
    if spec["title"]:
        lab, _ = b.label(-2, body, spec["title"], font="HemuTitle")
        b.emit(f"pack {lab} -side top -anchor w -pady {{0 {sp * 2}}}")
    if spec["buttons"]:
        bb = body + ".bb"
        b.emit(f"{b.cls('frame')} {bb}")
        anchor = {"end": "e", "start": "w", "center": "center"}[spec["buttons_align"]]
        b.emit(f"pack {bb} -side bottom -anchor {anchor} -pady {{{sp * 2} 0}}")
        gap = rng.choice([4, 6, 8, 12])
        for cap in spec["buttons"]:
            p = b.name(bb)
            b.emit(f"{b.cls('button')} {p} -text {tq(cap)}"
                   + (f" -width {rng.choice([8, 10])}" if rng.random() < 0.5 else ""))
            b.emit(f"pack {p} -side left -padx {{{gap} 0}}")
            b.add(-3, "ctrl", p, Elem("button", cap))
    cf = body + ".cols"
    b.emit(f"{b.cls('frame')} {cf}")
    b.emit(f"pack {cf} -side top -anchor nw")
    colgap = rng.choice([16, 24, 32, 48])
    secs = []   # (column path, section path, section id)
    sid = 0
    for ci, col in enumerate(spec["columns"]):
        cp = f"{cf}.c{ci}"
        b.emit(f"{b.cls('frame')} {cp}")
        b.emit(f"pack {cp} -side left -anchor n -padx {{0 {colgap}}}")
        for s in col:
            w = b.section(sid, cp, s)
            b.emit(f"pack {w} -side top -anchor w -fill x -pady {{0 {sp * 2}}}")
            secs.append((cp, w, sid))
            sid += 1
    b.emit("update idletasks")
    b.emit("set mb [hemu_menubar .s]")
    b.emit("expr {$mb eq {} ? 0 : [winfo reqheight $mb]}")
    mbh = int(wish(PRELUDE + "\n".join(b.lines)))
    avail_h = H - mbh

    # drop sections until the form fits: too tall -> the last section of the tallest column,
    # too wide -> the widest section; a column left empty goes too
    while secs:
        q = ["update idletasks", "set r [list [winfo reqwidth .s] [winfo reqheight .s]]"]
        q += [f"lappend r [winfo reqheight {c}]" for c in sorted({c for c, _, _ in secs})]
        q += [f"lappend r [winfo reqwidth {w}]" for _, w, _ in secs]
        q.append("set r")
        vals = [int(v) for v in wish("\n".join(q)).split()]
        cols = sorted({c for c, _, _ in secs})
        rw, rh = vals[0], vals[1]
        ch = dict(zip(cols, vals[2:2 + len(cols)]))
        sw = vals[2 + len(cols):]
        if rw <= W and rh <= avail_h:
            break
        if rh > avail_h:
            victim = max(cols, key=lambda c: ch[c])
            idx = max(i for i, x in enumerate(secs) if x[0] == victim)
        else:
            idx = max(range(len(secs)), key=lambda i: (sw[i], i))
        col, w, s = secs.pop(idx)
        wish(f"destroy {w}" + ("" if any(c == col for c, _, _ in secs) else f"\ndestroy {col}"))
        b.items = [it for it in b.items if it[0] != s]
        stats["dropped_sections"] = stats.get("dropped_sections", 0) + 1

    wish(f"wm geometry .s {W}x{avail_h}+0+0\nwm deiconify .s\nhemu_settle")
    g = [int(v) for v in wish("hemu_geom .s").split()]
    if g != [0, mbh, W, avail_h]:
        raise RuntimeError(f"window geometry {g}, wanted {[0, mbh, W, avail_h]} "
                           "(is a window manager running on this display?)")

    q = []
    for sec, kind, ref, e in b.items:
        if kind in ("text", "ctrl"):
            q.append(f"puts [hemu_geom {ref}]")
        elif kind == "menu":
            q.append(f"puts [hemu_menuentry $mb {ref}]")
        elif kind == "cell":
            q.append(f"puts [hemu_cell {ref[0]} {ref[1]} {ref[2]}]")
        elif kind == "heading":
            q.append(f"puts [hemu_heading {ref[0]} {ref[1]} TkHeadingFont]")
    # puts goes straight to stdout before "OK"; collect through a string instead
    q = ["set hemu_out {}"] + [x.replace("puts [", "append hemu_out [") + ' "\\n"' for x in q] + \
        ["set hemu_out"]
    boxes = parse_boxes(wish("\n".join(q)))
    assert len(boxes) == len(b.items), (len(boxes), len(b.items))

    pb = common.grab_root(W, H)
    img = common.pixbuf_image(pb)
    elems = []
    for (sec, kind, ref, e), box in zip(b.items, boxes):
        if kind == "ctrl":
            e.box = box
        else:
            e.region = box
        elems.append(e)
    gt = common.finalize(spec, "tk", seed, theme, font, elems, img, stats)
    return gt, pb


def main():
    def options(ap):
        ap.add_argument("--greyed", action="store_true",
                        help="greyed-out looks only: classic Tk, nine in ten windows tinted, half the "
                             "entries greyed out (most flat), more fields behind check boxes")
        ap.add_argument("--narrow", action="store_true",
                        help="narrow entries too: 2 to 10 characters wide, a short value or none, "
                             "most of them behind check boxes")
    a = common.parse_renderer_args(options)
    import gi
    gi.require_version("Gtk", "3.0")
    from gi.repository import Gtk
    if not Gtk.init_check(None)[0]:
        sys.exit(f"cannot open display {a.display}")
    os.makedirs(a.out, exist_ok=True)
    wish = Wish(a.display)
    t0 = time.time()
    try:
        for i in range(a.count):
            seed = a.seed + i
            stats = {}
            gt, pb = render(wish, seed, stats, a.greyed, a.narrow)
            common.save_png(pb, os.path.join(a.out, f"tk-{seed}.png"))
            common.write_json(os.path.join(a.out, f"tk-{seed}.json"), gt)
            if not a.quiet:
                print(f"tk-{seed}: {len(gt['elements'])} elements, {gt['theme']}, {gt['font']}"
                      + (f" {stats}" if stats else ""), flush=True)
    finally:
        wish.close()
    dt = time.time() - t0
    if not a.quiet:
        print(f"{a.count} screens in {dt:.1f}s ({a.count / dt:.2f}/s)", flush=True)


if __name__ == "__main__":
    main()
