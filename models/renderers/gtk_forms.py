#!/usr/bin/python3
"""Render random GTK 3 forms on an X display and write screenshot + exact ground truth.

  /usr/bin/python3 gtk_forms.py --display :N --seed S --count N --out DIR

Screen i uses seed S+i and is written as DIR/gtk-<seed>.png and DIR/gtk-<seed>.json.
Needs python3-gi and gir1.2-gtk-3.0. Run it on a display without a window manager
(render.sh starts a private Xvfb).
"""

import os
import random
import sys
import time

sys.dont_write_bytecode = True   # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import Elem  # noqa: E402

_CSS = None
TINTS = ["#ffffff", "#fafafa", "#eeeeec", "#e8e8e7", "#f2efe8", "#edf2f7", "#f0f4ec", "#e4e7eb"]
THEMES = [("Adwaita", False)] * 5 + [("Adwaita", True)] * 3 + [
          ("HighContrast", False), ("HighContrastInverse", False)]


def main():
    a = common.parse_renderer_args()
    os.environ.pop("GTK_THEME", None)
    os.environ["NO_AT_BRIDGE"] = "1"
    os.environ["GDK_SCALE"] = "1"
    os.environ["GDK_DPI_SCALE"] = "1"
    import gi
    gi.require_version("Gtk", "3.0")
    gi.require_version("Gdk", "3.0")
    from gi.repository import Gtk, Gdk
    global GTK, GDK
    GTK, GDK = Gtk, Gdk
    if not Gtk.init_check(None)[0]:
        sys.exit(f"cannot open display {a.display}")
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()
    for i in range(a.count):
        seed = a.seed + i
        stats = {}
        gt, pb = render(seed, stats)
        common.save_png(pb, os.path.join(a.out, f"gtk-{seed}.png"))
        common.write_json(os.path.join(a.out, f"gtk-{seed}.json"), gt)
        if not a.quiet:
            print(f"gtk-{seed}: {len(gt['elements'])} elements, {gt['theme']}, {gt['font']}"
                  + (f" {stats}" if stats else ""), flush=True)
    dt = time.time() - t0
    if not a.quiet:
        print(f"{a.count} screens in {dt:.1f}s ({a.count / dt:.2f}/s)", flush=True)


# --------------------------------------------------------------------------- building

class Builder:
    def __init__(self, spec, rng, look, combo_look, form_button):
        self.spec, self.rng = spec, rng
        # Looks drawn from a side stream (spin buttons, as yad's numeric fields), so that an
        # older seed's form keeps its layout and only gains them.
        self.look = look
        # Its own stream (editable combo boxes came after the looks above): older seeds keep
        # every other look they had.
        self.combo_look = combo_look
        # A button across a label-left form's both columns, between two fields (yad's button
        # fields: "Check", "Details…" as wide as the window, taken for text fields).
        self.form_button = form_button
        self.items = []       # (section_id, kind, widget or tuple, Elem)

    def add(self, sec, kind, ref, elem):
        self.items.append((sec, kind, ref, elem))
        return elem

    def label(self, sec, text, markup=None, xalign=0.0):
        Gtk = GTK
        lab = Gtk.Label()
        if markup:
            lab.set_markup(markup)
        else:
            lab.set_text(text)
        lab.set_xalign(xalign)
        lab.set_yalign(0.5)
        e = self.add(sec, "text", lab, Elem("text", text))
        return lab, e

    def control(self, sec, widget, type_, text, **extra):
        return self.add(sec, "control", widget, Elem(type_, text, **extra))

    def framed(self, sec, title, child):
        Gtk = GTK
        if not title:
            return child
        fr = Gtk.Frame(label=title)
        fr.set_label_align(self.rng.choice([0.0, 0.0, 0.02, 0.05]), 0.5)
        child.set_margin_start(self.rng.choice([6, 8, 12]))
        child.set_margin_end(self.rng.choice([6, 8, 12]))
        child.set_margin_top(self.rng.choice([4, 6, 8]))
        child.set_margin_bottom(self.rng.choice([6, 8, 12]))
        fr.add(child)
        self.add(sec, "text", fr.get_label_widget(), Elem("text", title))
        return fr

    def checkbutton(self, sec, caption, on):
        w = GTK.CheckButton(label=caption)
        w.set_active(on)
        w.set_halign(GTK.Align.START)
        self.control(sec, w, "checkbox", caption, checked=on)
        return w

    def field_ctrl(self, sec, f, fill, label_elem):
        Gtk = GTK
        if f["ctrl"] == "entry" and self.look.random() < 0.12:
            # A spin button: an entry with minus and plus buttons, a number in it. A text
            # field to the eye and in the ground truth, box over the buttons too.
            digits = self.look.choice([0, 0, 0, 1, 2])
            top = self.look.choice([10, 100, 1000, 100000])
            adj = Gtk.Adjustment(value=0, lower=0, upper=top, step_increment=1, page_increment=10)
            w = Gtk.SpinButton(adjustment=adj, digits=digits)
            w.set_value(round(self.look.uniform(0, top), digits))
            w.set_width_chars(self.look.randint(4, 12))
            self.control(sec, w, "textfield", w.get_text(), label=label_elem)
        elif f["ctrl"] == "entry":
            w = Gtk.Entry()
            shown = f["text"] or f["placeholder"] or ""
            w.set_width_chars(max(f["chars"], len(shown) + 4))
            if f["text"]:
                w.set_text(f["text"])
            if f["placeholder"]:
                w.set_placeholder_text(f["placeholder"])
            if f["text"]:
                self.control(sec, w, "textfield", f["text"], label=label_elem)
            elif f["placeholder"]:
                self.control(sec, w, "textfield", f["placeholder"], placeholder=True,
                             label=label_elem)
            else:
                self.control(sec, w, "textfield", "", label=label_elem)
        else:
            # A quarter of them editable (an entry and a separate arrow button, as yad's
            # and many GTK dialogs' are): a dropdown all the same, its box over both.
            editable = self.combo_look.random() < 0.25
            w = Gtk.ComboBoxText.new_with_entry() if editable else Gtk.ComboBoxText()
            for o in f["options"]:
                w.append_text(o)
            w.set_active(f["selected"])
            if editable:
                w.get_child().set_width_chars(max(len(o) for o in f["options"]) + self.combo_look.randint(0, 8))
            self.control(sec, w, "dropdown", f["options"][f["selected"]], label=label_elem)
        w.set_halign(Gtk.Align.FILL if fill else Gtk.Align.START)
        w.set_hexpand(fill)
        w.set_valign(Gtk.Align.CENTER)
        return w

    def section(self, sec, s):
        Gtk, rng, sp = GTK, self.rng, self.spec["spacing"]
        k = s["kind"]
        if k == "form":
            xal = 1.0 if s["label_align"] == "right" else 0.0
            if s["layout"] in ("left", "two"):
                g = Gtk.Grid()
                g.set_column_spacing(rng.choice([6, 8, 12, 16]))
                g.set_row_spacing(sp)
                per = 2 if s["layout"] == "two" else 1
                button_after = None
                if per == 1 and self.form_button.random() < 0.25:
                    button_after = self.form_button.randrange(len(s["fields"]))
                for i, f in enumerate(s["fields"]):
                    r, c = divmod(i, per)
                    if button_after is not None and i > button_after:
                        r += 1
                    if "check" in f:   # a check box in the label's place: the field has no label
                        lab, le = self.checkbutton(sec, f["label"], f["check"]), None
                    else:
                        lab, le = self.label(sec, f["label"], xalign=xal)
                    w = self.field_ctrl(sec, f, s["fill"], le)
                    if c:
                        lab.set_margin_start(rng.choice([12, 18, 24]))
                    g.attach(lab, 2 * c, r, 1, 1)
                    g.attach(w, 2 * c + 1, r, 1, 1)
                    if i == button_after:
                        cap = self.form_button.choice(common.TOOL_BUTTONS)
                        bt = Gtk.Button(label=cap)
                        bt.set_hexpand(True)
                        g.attach(bt, 0, r + 1, 2, 1)
                        self.control(sec, bt, "button", cap)
                body = g
            else:
                body = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=sp)
                for f in s["fields"]:
                    b = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=rng.choice([0, 2, 4]))
                    lab, le = self.label(sec, f["label"])
                    b.pack_start(lab, False, False, 0)
                    b.pack_start(self.field_ctrl(sec, f, s["fill"], le), False, False, 0)
                    body.pack_start(b, False, False, 0)
            return self.framed(sec, s["frame"], body)
        if k in ("checks", "radios"):
            box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=rng.choice([0, 2, 4]))
            if s.get("heading"):
                lab, _ = self.label(sec, s["heading"])
                lab.set_halign(Gtk.Align.START)
                box.pack_start(lab, False, False, 0)
            inner = Gtk.Box(orientation=Gtk.Orientation.HORIZONTAL if s["orient"] == "h"
                            else Gtk.Orientation.VERTICAL,
                            spacing=rng.choice([8, 12, 18]) if s["orient"] == "h" else 0)
            lead = None
            if k == "checks":
                for cap, on in s["items"]:
                    inner.pack_start(self.checkbutton(sec, cap, on), False, False, 0)
            else:
                radios = []
                for j, cap in enumerate(s["options"]):
                    w = Gtk.RadioButton.new_with_label_from_widget(lead, cap)
                    lead = lead or w
                    w.set_halign(Gtk.Align.START)
                    inner.pack_start(w, False, False, 0)
                    self.control(sec, w, "radio", cap, checked=(j == s["selected"]))
                    radios.append(w)
                radios[s["selected"]].set_active(True)
            box.pack_start(inner, False, False, 0)
            return self.framed(sec, s["frame"], box)
        if k == "text":
            box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=rng.choice([0, 2]))
            for line in s["lines"]:
                lab, _ = self.label(sec, line)
                lab.set_halign(Gtk.Align.START)
                box.pack_start(lab, False, False, 0)
            return box
        if k == "table":
            n = len(s["headers"])
            store = Gtk.ListStore(*([str] * n))
            for row in s["rows"]:
                store.append(row)
            tv = Gtk.TreeView(model=store)
            tv.set_can_focus(False)
            if rng.random() < 0.3:
                tv.set_grid_lines(rng.choice([Gtk.TreeViewGridLines.HORIZONTAL,
                                              Gtk.TreeViewGridLines.VERTICAL,
                                              Gtk.TreeViewGridLines.BOTH]))
            cols = []
            for j, h in enumerate(s["headers"]):
                cell = Gtk.CellRendererText()
                cell.set_property("xpad", rng.choice([2, 4, 6]))
                col = Gtk.TreeViewColumn(None, cell, text=j)
                hl = Gtk.Label(label=h)
                hl.show()
                col.set_widget(hl)
                col.set_resizable(True)
                tv.append_column(col)
                cols.append(col)
                self.add(sec, "text", hl, Elem("text", h))
            for r, row in enumerate(s["rows"]):
                for j, v in enumerate(row):
                    self.add(sec, "cell", (tv, r, cols[j]), Elem("text", v))
            sel = tv.get_selection()
            if s["selected"] is not None:
                sel.select_path(Gtk.TreePath.new_from_indices([s["selected"]]))
            else:
                sel.set_mode(Gtk.SelectionMode.NONE)
            sw = Gtk.ScrolledWindow()
            sw.set_policy(Gtk.PolicyType.NEVER, Gtk.PolicyType.NEVER)
            sw.set_shadow_type(Gtk.ShadowType.IN)
            sw.add(tv)
            return self.framed(sec, s["frame"], sw)
        # buttons
        vertical = s.get("orient") == "v"   # a tool column: equal widths, stacked
        box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL if vertical else Gtk.Orientation.HORIZONTAL,
                      spacing=s["gap"] if vertical else rng.choice([4, 6, 8]))
        box.set_homogeneous(vertical)
        for cap in s["captions"]:
            b = Gtk.Button(label=cap)
            box.pack_start(b, vertical, vertical, 0)
            self.control(sec, b, "button", cap)
        box.set_halign(Gtk.Align.START if s["align"] == "start" else Gtk.Align.END)
        return box


def render(seed, stats):
    Gtk, Gdk = GTK, GDK
    rng = random.Random(f"gtk:{seed}")   # renderer-specific stream: same seed, different form
    spec = common.make_spec(rng, "gtk")
    W, H = spec["width"], spec["height"]
    theme, dark = rng.choice(THEMES)
    settings = Gtk.Settings.get_default()
    settings.props.gtk_theme_name = theme
    settings.props.gtk_application_prefer_dark_theme = dark
    settings.props.gtk_cursor_blink = False
    settings.props.gtk_enable_animations = False
    settings.props.gtk_entry_select_on_focus = False
    font = f"{spec['font_family']} {spec['font_size']}"
    settings.props.gtk_font_name = font
    settings.props.gtk_xft_antialias = 1
    settings.props.gtk_xft_hinting = 1
    settings.props.gtk_xft_hintstyle = rng.choice(["hintnone", "hintslight", "hintslight",
                                                   "hintmedium", "hintfull"])
    settings.props.gtk_xft_rgba = rng.choice(["none", "none", "rgb"])
    theme_name = theme + ("-dark" if dark else "")
    global _CSS
    screen = Gdk.Screen.get_default()
    if _CSS is not None:
        Gtk.StyleContext.remove_provider_for_screen(screen, _CSS)
        _CSS = None
    if theme == "Adwaita" and not dark and rng.random() < 0.35:
        # a tinted window background / squarer widgets, as distributions and apps do
        tint = rng.choice(TINTS)
        css = f"window, .background {{ background-color: {tint}; }}\n"
        if rng.random() < 0.5:
            r = rng.choice([0, 2, 8])
            css += f"button, entry, combobox button {{ border-radius: {r}px; }}\n"
        _CSS = Gtk.CssProvider()
        _CSS.load_from_data(css.encode())
        Gtk.StyleContext.add_provider_for_screen(screen, _CSS,
                                                 Gtk.STYLE_PROVIDER_PRIORITY_APPLICATION)
        theme_name += f"+{tint}"

    b = Builder(spec, rng, random.Random(f"gtk-look:{seed}"), random.Random(f"gtk-combo:{seed}"),
                random.Random(f"gtk-form-button:{seed}"))
    win = Gtk.Window(type=Gtk.WindowType.TOPLEVEL)
    win.set_title("hemu")
    win.set_default_size(W, H)
    win.move(0, 0)
    outer = Gtk.Box(orientation=Gtk.Orientation.VERTICAL)
    win.add(outer)
    if spec["menubar"]:
        mb = Gtk.MenuBar()
        for t in spec["menubar"]:
            it = Gtk.MenuItem.new_with_label(t)
            it.set_submenu(Gtk.Menu())
            mb.append(it)
            b.add(-1, "text", it.get_child(), Elem("text", t))
        outer.pack_start(mb, False, False, 0)
    m, sp = spec["margin"], spec["spacing"]
    body = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=sp * 2)
    body.set_margin_start(spec["margin_left"])
    body.set_margin_top(spec["margin_top"])
    body.set_margin_end(m)
    body.set_margin_bottom(m)
    outer.pack_start(body, True, True, 0)
    if spec["title"]:
        mk = GLibMarkup(spec["title"], spec["title_big"])
        lab, _ = b.label(-2, spec["title"], markup=mk)
        lab.set_halign(Gtk.Align.START)
        body.pack_start(lab, False, False, 0)
    colbox = Gtk.Box(orientation=Gtk.Orientation.HORIZONTAL, spacing=rng.choice([16, 24, 32, 48]))
    body.pack_start(colbox, False, False, 0)
    secwidgets = []   # (column box, widget, section id)
    sid = 0
    for col in spec["columns"]:
        cb = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=sp * 2)
        cb.set_valign(Gtk.Align.START)
        cb.set_hexpand(False)   # do not let hexpand of "fill" entries spread the columns
        colbox.pack_start(cb, False, False, 0)
        for s in col:
            w = b.section(sid, s)
            cb.pack_start(w, False, False, 0)
            secwidgets.append((cb, w, sid))
            sid += 1
    if spec["buttons"]:
        bb = Gtk.ButtonBox(orientation=Gtk.Orientation.HORIZONTAL)
        bb.set_layout({"end": Gtk.ButtonBoxStyle.END, "start": Gtk.ButtonBoxStyle.START,
                       "center": Gtk.ButtonBoxStyle.CENTER}[spec["buttons_align"]])
        bb.set_spacing(rng.choice([4, 6, 8, 12]))
        for cap in spec["buttons"]:
            bt = Gtk.Button(label=cap)
            bb.add(bt)
            b.control(-3, bt, "button", cap)
        body.pack_end(bb, False, False, 0)
    if spec["status"]:
        st = Gtk.Label(label=spec["status"])
        st.set_xalign(0.0)
        st.set_margin_start(6)
        st.set_margin_bottom(3)
        st.set_margin_top(3)
        outer.pack_end(st, False, False, 0)
        outer.pack_end(Gtk.Separator(orientation=Gtk.Orientation.HORIZONTAL), False, False, 0)
        b.add(-4, "text", st, Elem("text", spec["status"]))

    # drop sections until the form fits: too tall -> the last section of the tallest column,
    # too wide -> the widest section; a column left empty goes too
    outer.show_all()
    while secwidgets:
        mw = win.get_preferred_width()[0]
        mh = win.get_preferred_height()[0]
        if mw <= W and mh <= H:
            break
        if mh > H:
            heights = {}
            for cb, w, s in secwidgets:
                heights[cb] = cb.get_preferred_height()[0]
            victim_col = max(heights, key=lambda c: heights[c])
            idx = max(i for i, x in enumerate(secwidgets) if x[0] is victim_col)
        else:
            idx = max(range(len(secwidgets)),
                      key=lambda i: (secwidgets[i][1].get_preferred_width()[0], i))
        cb, w, s = secwidgets.pop(idx)
        cb.remove(w)
        if not cb.get_children():
            colbox.remove(cb)
        b.items = [it for it in b.items if it[0] != s]
        stats["dropped_sections"] = stats.get("dropped_sections", 0) + 1

    drawn = [0]
    win.show_all()
    # the "draw" signal would need python3-gi-cairo; the frame clock tells us as well
    win.get_frame_clock().connect("after-paint", lambda *_: drawn.__setitem__(0, drawn[0] + 1))
    win.set_focus(None)
    # sometimes an entry has the keyboard focus (caret + focus ring); not one showing a placeholder
    focusable = [it[2] for it in b.items if it[1] == "control" and it[3].type == "textfield"
                 and not it[3].extra.get("placeholder")]
    if focusable and rng.random() < 0.3:
        f = rng.choice(focusable)
        win.set_focus(f)
        f.set_position(rng.choice([0, -1, -1]))
        stats["focus"] = f.get_text()
    settle(drawn)
    aw, ah = win.get_allocated_width(), win.get_allocated_height()
    gw = win.get_window()
    ox, oy = gw.get_origin()[1:]
    if (aw, ah) != (W, H) or (ox, oy) != (0, 0):
        raise RuntimeError(f"window is at {ox},{oy} size {aw}x{ah}, wanted 0,0 {W}x{H} "
                           "(is a window manager running on this display?)")
    Gdk.Display.get_default().sync()
    pb = common.grab_root(W, H)
    img = common.pixbuf_image(pb)

    elems = []
    for sec, kind, ref, e in b.items:
        if kind == "cell":
            tv, r, col = ref
            path = Gtk.TreePath.new_from_indices([r])
            rect = tv.get_cell_area(path, col)
            x, y = tv.convert_bin_window_to_widget_coords(rect.x, rect.y)
            tx, ty = tv.translate_coordinates(win, x, y)
            # stay inside the cell and inside the view
            vx, vy = tv.translate_coordinates(win, 0, 0)
            x0, y0 = max(tx + 1, vx), max(ty + 1, vy)
            x1 = min(tx + rect.width - 1, vx + tv.get_allocated_width())
            y1 = min(ty + rect.height - 1, vy + tv.get_allocated_height())
            e.region = [x0, y0, x1 - x0, y1 - y0]
            elems.append(e)
            continue
        w = ref
        if not w.get_mapped():
            stats["unmapped"] = stats.get("unmapped", 0) + 1
            continue
        x, y = w.translate_coordinates(win, 0, 0)
        box = [x, y, w.get_allocated_width(), w.get_allocated_height()]
        if kind == "text":
            e.region = box
        else:
            e.box = box
            if e.type == "textfield" and e.text:
                lw = w.get_layout().get_pixel_size()[0]
                if lw > w.get_text_area().width:
                    stats["entry_overflow"] = stats.get("entry_overflow", 0) + 1
        elems.append(e)
    gt = common.finalize(spec, "gtk", seed, theme_name, font, elems, img, stats)
    win.destroy()
    while Gtk.events_pending():
        Gtk.main_iteration_do(False)
    return gt, pb


def GLibMarkup(text, big):
    from gi.repository import GLib
    t = GLib.markup_escape_text(text)
    return f"<big><b>{t}</b></big>" if big else f"<b>{t}</b>"


def settle(drawn, quiet=0.06, limit=5.0):
    """Run the main loop until the window has been drawn and nothing happened for `quiet` s."""
    Gtk = GTK
    t0 = last = time.time()
    while True:
        busy = False
        while Gtk.events_pending():
            Gtk.main_iteration_do(False)
            busy = True
        now = time.time()
        if busy:
            last = now
        if drawn[0] and now - last >= quiet:
            return
        if now - t0 > limit:
            raise RuntimeError("window was never drawn")
        time.sleep(0.005)


if __name__ == "__main__":
    main()
