#!/usr/bin/python3
"""Render random HTML forms in headless Chromium and write screenshot + exact ground truth.

  /usr/bin/python3 html_forms.py --seed S --count N --out DIR [--chromium PATH]

Screen i uses seed S+i and is written as DIR/html-<seed>.png and DIR/html-<seed>.json. Web
forms are the third real renderer: native browser controls and the page styles of the web
(bordered, rounded, underlined or filled fields, coloured buttons, cards, dark pages), none of
which the Qt, GTK or Tk screens look like. The ground truth comes from the browser's layout
(element boxes, text line boxes), text boxes are then tightened to their ink as for the other
renderers. Chromium is driven over its DevTools protocol on a pipe (--remote-debugging-pipe),
one browser for the whole run; no display is needed. Needs the Debian package `chromium`.
"""

import base64
import html
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import Elem  # noqa: E402


# --------------------------------------------------------------------------- browser

class Browser:
    """One headless Chromium, one page, spoken to in DevTools protocol messages over a pipe
    (JSON, each ended by a NUL byte)."""

    def __init__(self, path):
        self.profile = tempfile.mkdtemp(prefix="hemu-html-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def child_fds():   # the protocol's fixed descriptors: 3 reads commands, 4 writes replies
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.process = subprocess.Popen(
            [path, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--hide-scrollbars", "--mute-audio", "--no-first-run", "--disable-extensions",
             "--force-device-scale-factor=1", "--force-color-profile=srgb",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_fds, close_fds=False)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.next_id, self.buffer, self.events = 0, b"", []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)

    def _read_message(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, session=False, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            for i, e in enumerate(self.events):
                if e["method"] == method:
                    del self.events[:i + 1]
                    return e
            reply = self._read_message()
            if "method" in reply:
                self.events.append(reply)
        raise RuntimeError(f"no {method} within {timeout} s")

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def render(self, page_html, width, height):
        """Screenshot (PNG bytes) and the ground-truth boxes the page script reports."""
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)
        path = os.path.join(self.profile, "form.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(page_html)
        self.events.clear()
        self.call("Page.navigate", session=True, url="file://" + path)
        self.wait_event("Page.loadEventFired")
        boxes = self.evaluate("document.fonts.ready.then(() => JSON.stringify(hemuBoxes()))")
        shot = self.call("Page.captureScreenshot", session=True, format="png",
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
        return base64.b64decode(shot["data"]), json.loads(boxes)

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:  # noqa: BLE001 - it may be gone already
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


# --------------------------------------------------------------------------- page styles

WEB_FONTS = common.FONTS + ["sans-serif", "serif", "system-ui"]
ACCENTS = ["#0d6efd", "#1a73e8", "#6f42c1", "#198754", "#d63384", "#fd7e14", "#0f766e",
           "#2563eb", "#7c3aed", "#dc2626", "#374151", "#0891b2", "#4f46e5", "#b45309"]


def pick_style(rng):
    """A page style: the web's common looks, drawn from one stream per screen."""
    dark = rng.random() < 0.22
    look = rng.choices(["native", "bordered", "underline", "filled", "pill"], [3, 5, 1, 1.5, 1])[0]
    page = (rng.choice(["#121212", "#1e1e1e", "#202124", "#1f2937", "#0f172a", "#2b2b2b"]) if dark
            else rng.choice(["#ffffff", "#ffffff", "#f8f9fa", "#f3f4f6", "#f5f5f0", "#eef2f7", "#fafafa"]))
    ink = (rng.choice(["#e8eaed", "#f1f5f9", "#d4d4d4", "#ffffff"]) if dark
           else rng.choice(["#212529", "#202124", "#111827", "#333333", "#000000", "#374151"]))
    style = {
        "dark": dark, "look": look, "page": page, "ink": ink,
        "muted": "#9aa0a6" if dark else rng.choice(["#6c757d", "#5f6368", "#6b7280"]),
        "accent": rng.choice(ACCENTS),
        "radius": rng.choice([0, 2, 3, 4, 4, 6, 8, 10]),
        "border": (rng.choice(["#5f6368", "#4b5563", "#3c4043", "#6b7280"]) if dark
                   else rng.choice(["#ced4da", "#dadce0", "#d1d5db", "#adb5bd", "#999999", "#767676"])),
        "field_bg": (rng.choice(["#2d2e30", "#111827", "#1e293b", "#303134", page]) if dark
                     else rng.choice(["#ffffff", "#ffffff", "#ffffff", page])),
        "filled_bg": "#303134" if dark else rng.choice(["#f1f3f4", "#e9ecef", "#eeeeee", "#f3f4f6"]),
        "pad_y": rng.choice([3, 4, 6, 8, 10]), "pad_x": rng.choice([6, 8, 10, 12]),
        "card": rng.random() < 0.45,
        "card_bg": "#292a2d" if dark else "#ffffff",
        "button": rng.choice(["accent", "accent", "outline", "grey", "native"]),
        "gap": rng.choice([6, 8, 10, 12, 16, 20]),
        "control_size": rng.choice([0, 0, 0, 16, 18, 20]),   # check box / radio size, 0: native 13
    }
    if look == "native":
        style["button"] = rng.choice(["native", "native", style["button"]])
    return style


def css(spec, st):
    fam = spec["font_family"]
    family = f"'{fam}'" if " " in fam else fam
    size = spec["font_size"] + 3   # pixels; the toolkits' sizes are points
    r, b, look = st["radius"], st["border"], st["look"]
    field = {
        "native": "",
        "bordered": f"border:1px solid {b};border-radius:{r}px;background:{st['field_bg']};",
        "pill": f"border:1px solid {b};border-radius:999px;background:{st['field_bg']};",
        "underline": f"border:0;border-bottom:2px solid {b};border-radius:0;background:transparent;",
        "filled": (f"border:0;border-bottom:1px solid {b};border-radius:{r}px {r}px 0 0;"
                   f"background:{st['filled_bg']};"),
    }[look]
    if look != "native":
        field += f"color:{st['ink']};padding:{st['pad_y']}px {st['pad_x']}px;font:inherit;"
    elif st["dark"]:
        field += f"color-scheme:dark;font:inherit;"
    button = {
        "native": "font:inherit;" + ("color-scheme:dark;" if st["dark"] else ""),
        "accent": (f"font:inherit;background:{st['accent']};color:#fff;border:1px solid {st['accent']};"
                   f"border-radius:{r}px;padding:{st['pad_y']}px {st['pad_x'] + 6}px;"),
        "outline": (f"font:inherit;background:transparent;color:{st['accent']};border:1px solid {st['accent']};"
                    f"border-radius:{r}px;padding:{st['pad_y']}px {st['pad_x'] + 6}px;"),
        "grey": (f"font:inherit;background:{'#3c4043' if st['dark'] else '#e9ecef'};color:{st['ink']};"
                 f"border:1px solid {b};border-radius:{r}px;padding:{st['pad_y']}px {st['pad_x'] + 6}px;"),
    }[st["button"]]
    toggle = f"accent-color:{st['accent']};margin:0 6px 0 0;vertical-align:middle;"
    if st["control_size"]:
        toggle += f"width:{st['control_size']}px;height:{st['control_size']}px;"
    if st["dark"]:
        toggle += "color-scheme:dark;"
    return f"""
html,body{{margin:0;padding:0;overflow:hidden;background:{st['page']};color:{st['ink']};
  font-family:{family};font-size:{size}px;}}
*{{white-space:nowrap;box-sizing:border-box;}}
.screen{{padding:{spec['margin_top']}px {spec['margin']}px {spec['margin']}px {spec['margin_left']}px;}}
.card{{background:{st['card_bg']};border-radius:{max(r, 4)}px;padding:16px 20px;
  box-shadow:0 1px 3px rgba(0,0,0,.25);display:inline-block;}}
.cols{{display:flex;gap:{st['gap'] * 2}px;align-items:flex-start;}}
.col{{display:flex;flex-direction:column;gap:{st['gap']}px;}}
input[type=text],select{{{field}}}
button{{{button}}}
input[type=checkbox],input[type=radio]{{{toggle}}}
fieldset{{border:1px solid {b};border-radius:{r}px;margin:0;padding:6px 12px 10px;}}
legend{{padding:0 4px;}}
.grid{{display:grid;align-items:center;column-gap:{st['gap'] + 4}px;row-gap:{st['gap']}px;}}
.above{{display:flex;flex-direction:column;gap:{st['gap']}px;}}
.above>div{{display:flex;flex-direction:column;gap:3px;align-items:flex-start;}}
.toggles{{display:flex;gap:{st['gap']}px;}}
.toggles label{{display:inline-flex;align-items:center;}}
.buttons{{display:flex;gap:8px;}}
.tools{{display:flex;flex-direction:column;}}
table{{border-collapse:collapse;}}
td,th{{padding:3px 8px;text-align:left;}}
.menubar{{display:flex;gap:18px;padding:5px {spec['margin']}px;
  background:{'#2d2e30' if st['dark'] else '#f1f3f4'};border-bottom:1px solid {b};}}
.status{{position:fixed;left:0;bottom:0;right:0;padding:3px 8px;color:{st['muted']};
  border-top:1px solid {b};background:{st['page']};}}
h1,h2{{margin:0 0 4px 0;}} h1{{font-size:1.6em;}} h2{{font-size:1.25em;}}
p{{margin:0;}}
"""


# --------------------------------------------------------------------------- building

class Builder:
    def __init__(self, spec, rng, st):
        self.spec, self.rng, self.st = spec, rng, st
        self.elems = {}      # gt id -> Elem; boxes filled from the page
        self.n = 0
        self.status_id = None

    def gid(self, elem):
        self.n += 1
        self.elems[self.n] = elem
        return self.n

    def text(self, tag, s, attrs=""):
        e = Elem("text", s)
        return e, f'<{tag} data-text="{self.gid(e)}"{attrs}>{html.escape(s)}</{tag}>'

    def field(self, f, label_elem):
        if f["ctrl"] == "entry":
            shown = f["text"] or f["placeholder"] or ""
            size = max(f["chars"], len(shown) + 4) * self.rng.choice([1, 1, 0.8])
            attrs = f' size="{int(size)}"'
            if f["text"]:
                attrs += f' value="{html.escape(f["text"])}"'
                e = Elem("textfield", f["text"], label=label_elem)
            elif f["placeholder"]:
                attrs += f' placeholder="{html.escape(f["placeholder"])}"'
                e = Elem("textfield", f["placeholder"], placeholder=True, label=label_elem)
            else:
                e = Elem("textfield", "", label=label_elem)
            return f'<input type="text" data-ctrl="{self.gid(e)}"{attrs}>'
        opts = "".join(f"<option{' selected' if i == f['selected'] else ''}>{html.escape(o)}</option>"
                       for i, o in enumerate(f["options"]))
        e = Elem("dropdown", f["options"][f["selected"]], label=label_elem)
        return f'<select data-ctrl="{self.gid(e)}">{opts}</select>'

    def toggle(self, kind, caption, on, name=None):
        e = Elem(kind, caption, checked=on)
        i = self.gid(e)
        extra = f' name="{name}"' if name else ""
        return (f'<label data-toggle="{i}"><input type="{kind}"{extra}{" checked" if on else ""}>'
                f'<span data-caption="{i}">{html.escape(caption)}</span></label>')

    def button(self, caption):
        e = Elem("button", caption)
        return f'<button data-ctrl="{self.gid(e)}">{html.escape(caption)}</button>'

    def framed(self, title, inner):
        if not title:
            return inner
        _, legend = self.text("legend", title)
        return f"<fieldset>{legend}{inner}</fieldset>"

    def section(self, s, idx):
        rng, k = self.rng, s["kind"]
        if k == "form":
            align = "right" if s["label_align"] == "right" else "left"
            cells = []
            for f in s["fields"]:
                if "check" in f:
                    cap = self.toggle("checkbox", f["label"], f["check"])
                    cells.append((cap, self.field(f, None)))
                else:
                    le, lab = self.text("label", f["label"], f' style="text-align:{align}"')
                    cells.append((lab, self.field(f, le)))
            width = "" if s["fill"] else "justify-self:start;"
            if s["layout"] in ("left", "two"):
                per = 2 if s["layout"] == "two" else 1
                cols = " ".join(["max-content 1fr" if s["fill"] else "max-content max-content"] * per)
                body = "".join(f"{lab}<div style='display:grid;{width}'>{ctl}</div>" for lab, ctl in cells)
                inner = f'<div class="grid" style="grid-template-columns:{cols}">{body}</div>'
            else:
                inner = '<div class="above">' + "".join(f"<div>{lab}{ctl}</div>" for lab, ctl in cells) + "</div>"
            return self.framed(s["frame"], inner)
        if k in ("checks", "radios"):
            head = ""
            if s.get("heading"):
                _, head = self.text("div", s["heading"])
            direction = "row" if s["orient"] == "h" else "column"
            gap = rng.choice([12, 18, 24]) if s["orient"] == "h" else rng.choice([2, 4, 6])
            if k == "checks":
                items = [self.toggle("checkbox", c, on) for c, on in s["items"]]
            else:
                items = [self.toggle("radio", c, j == s["selected"], name=f"r{idx}")
                         for j, c in enumerate(s["options"])]
            inner = (f'{head}<div class="toggles" style="flex-direction:{direction};gap:{gap}px">'
                     + "".join(items) + "</div>")
            return self.framed(s["frame"], f"<div>{inner}</div>")
        if k == "text":
            return "<div>" + "".join(self.text("p", line)[1] for line in s["lines"]) + "</div>"
        if k == "table":
            grid = rng.choice(["", f"border:1px solid {self.st['border']};"])
            head = "".join(self.text("th", h, f' style="{grid}"')[1] for h in s["headers"])
            rows = []
            for r, row in enumerate(s["rows"]):
                bg = f' style="background:{self.st["accent"]}33"' if r == s["selected"] else ""
                rows.append(f"<tr{bg}>" + "".join(self.text("td", v, f' style="{grid}"')[1] for v in row) + "</tr>")
            return self.framed(s["frame"], f"<table><tr>{head}</tr>{''.join(rows)}</table>")
        captions = s["captions"]
        if s.get("orient") == "v":
            gap = s.get("gap", 0)
            return (f'<div class="tools" style="gap:{gap}px">'
                    + "".join(self.button(c).replace("<button", '<button style="width:100%"') for c in captions)
                    + "</div>")
        just = "flex-end" if s["align"] == "end" else "flex-start"
        return f'<div class="buttons" style="justify-content:{just}">' + "".join(map(self.button, captions)) + "</div>"

    def page(self):
        spec, st = self.spec, self.st
        parts = []
        if spec["menubar"]:
            parts.append('<div class="menubar">' + "".join(self.text("span", t)[1] for t in spec["menubar"]) + "</div>")
        body = []
        if spec["title"]:
            body.append(self.text("h1" if spec["title_big"] else "h2", spec["title"])[1])
        cols = []
        for c, col in enumerate(spec["columns"]):
            cols.append('<div class="col">' + "".join(self.section(s, f"{c}-{i}") for i, s in enumerate(col)) + "</div>")
        body.append('<div class="cols">' + "".join(cols) + "</div>")
        if spec["buttons"]:
            just = {"end": "flex-end", "start": "flex-start", "center": "center"}[spec["buttons_align"]]
            body.append(f'<div class="buttons" style="justify-content:{just};margin-top:{st["gap"] * 2}px">'
                        + "".join(map(self.button, spec["buttons"])) + "</div>")
        inner = "".join(body)
        if st["card"]:
            inner = f'<div class="card">{inner}</div>'
        parts.append(f'<div class="screen">{inner}</div>')
        if spec["status"]:
            parts.append(self.text("div", spec["status"], ' class="status"')[1])
            self.status_id = self.n
        return ("<!doctype html><html><head><meta charset='utf-8'><style>" + css(spec, st)
                + "</style><script>" + BOXES_JS + "</script></head><body>" + "".join(parts) + "</body></html>")


# The page reports every ground-truth element's box in CSS pixels (= screen pixels here):
# controls by their border box; a check box or radio by its input and caption together; a
# text by its line box (nowrap: one line each), to be tightened to its ink afterwards.
BOXES_JS = """
function hemuBoxes() {
  const r = (b) => [b.left, b.top, b.right, b.bottom];
  const union = (a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
  const out = {};
  for (const e of document.querySelectorAll('[data-ctrl]')) out[e.dataset.ctrl] = r(e.getBoundingClientRect());
  for (const e of document.querySelectorAll('[data-toggle]')) {
    const input = e.querySelector('input').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(e.querySelector('[data-caption]'));
    out[e.dataset.toggle] = union(r(input), r(range.getBoundingClientRect()));
  }
  for (const e of document.querySelectorAll('[data-text]')) {
    const range = document.createRange();
    range.selectNodeContents(e);
    out[e.dataset.text] = r(range.getBoundingClientRect());
  }
  // Content under the status bar (fixed at the window's foot) is hidden: the bar's top is
  // the limit for everything else.
  const status = document.querySelector('.status');
  out.limit = status ? status.getBoundingClientRect().top : innerHeight;
  return out;
}
"""


def render(browser, seed, stats):
    rng = random.Random(f"html:{seed}")   # renderer-specific stream: same seed, different form
    spec = common.make_spec(rng, "html")
    st = pick_style(random.Random(f"html-style:{seed}"))
    b = Builder(spec, rng, st)
    page = b.page()
    W, H = spec["width"], spec["height"]
    png, boxes = browser.render(page, W, H)
    _, GdkPixbuf = common.gdk()
    loader = GdkPixbuf.PixbufLoader.new_with_type("png")
    loader.write(png)
    loader.close()
    img = common.pixbuf_image(loader.get_pixbuf())
    elems = []
    for i, e in b.elems.items():
        x0, y0, x1, y1 = boxes[str(i)]
        # Scrolled off the screen (a page longer than the window) or under the status bar,
        # wholly or in part.
        bottom = H if i == b.status_id else boxes["limit"]
        if x1 - x0 < 1 or y1 - y0 < 1 or x0 < 0 or y0 < 0 or x1 > W or y1 > bottom:
            stats["not_visible"] = stats.get("not_visible", 0) + 1
            continue
        if e.type == "text":
            # The line box, not a pixel more above or below: lines set solid touch, and a
            # taller region took in the next line's accents.
            top, low = math.floor(y0), math.ceil(y1)
            e.region = [math.floor(x0) - 1, top, math.ceil(x1) - math.floor(x0) + 2, low - top]
        else:
            e.box = [round(x0), round(y0), round(x1) - round(x0), round(y1) - round(y0)]
        elems.append(e)
    theme = f"{st['look']}{'-dark' if st['dark'] else ''}"
    font = f"{spec['font_family']} {spec['font_size'] + 3}px"
    gt = common.finalize(spec, "html", seed, theme, font, elems, img, stats)
    return gt, png


def main():
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    if not os.path.exists(a.chromium):
        sys.exit(f"html_forms.py: no Chromium at {a.chromium} (Debian package 'chromium')")
    os.makedirs(a.out, exist_ok=True)
    browser = Browser(a.chromium)
    t0 = time.time()
    try:
        for i in range(a.count):
            seed = a.seed + i
            stats = {}
            gt, png = render(browser, seed, stats)
            tmp = os.path.join(a.out, f"html-{seed}.png.tmp")
            with open(tmp, "wb") as f:
                f.write(png)
            os.replace(tmp, os.path.join(a.out, f"html-{seed}.png"))
            common.write_json(os.path.join(a.out, f"html-{seed}.json"), gt)
            if not a.quiet:
                print(f"html-{seed}: {len(gt['elements'])} elements, {gt['theme']}, {gt['font']}"
                      + (f" {stats}" if stats else ""), flush=True)
    finally:
        browser.close()
    dt = time.time() - t0
    if not a.quiet:
        print(f"{a.count} screens in {dt:.1f}s ({a.count / dt:.2f}/s)", flush=True)


if __name__ == "__main__":
    main()
