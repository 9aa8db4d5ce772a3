#!/usr/bin/python3
"""Draw every ground-truth box of a rendered screen into a copy of its PNG (for checking).

  /usr/bin/python3 overlay.py IN.png IN.json OUT.png [--crop x,y,w,h] [--scale N]

Colours: text red, textfield green, button blue, checkbox magenta, radio cyan, dropdown orange;
label links are drawn as a yellow line from the control's top-left corner to its label.
Needs only python3-gi + GdkPixbuf.
"""

import json
import sys

import gi
gi.require_version("GdkPixbuf", "2.0")
from gi.repository import GdkPixbuf, GLib  # noqa: E402

COL = {"text": (255, 0, 0), "textfield": (0, 200, 0), "button": (0, 90, 255),
       "checkbox": (255, 0, 255), "radio": (0, 220, 220), "dropdown": (255, 140, 0)}


def main():
    args = sys.argv[1:]
    crop, scale = None, 1
    if "--crop" in args:
        i = args.index("--crop")
        crop = [int(v) for v in args[i + 1].split(",")]
        del args[i:i + 2]
    if "--scale" in args:
        i = args.index("--scale")
        scale = int(args[i + 1])
        del args[i:i + 2]
    png, js, out = args
    pb = GdkPixbuf.Pixbuf.new_from_file(png)
    if pb.get_has_alpha():
        pb = pb.add_alpha(False, 0, 0, 0).copy()
    W, H, n, rs = pb.get_width(), pb.get_height(), pb.get_n_channels(), pb.get_rowstride()
    buf = bytearray(pb.get_pixels())
    gt = json.load(open(js, encoding="utf-8"))

    def put(x, y, c):
        if 0 <= x < W and 0 <= y < H:
            o = y * rs + x * n
            buf[o:o + 3] = bytes(c)

    byid = {e["id"]: e for e in gt["elements"]}
    for e in gt["elements"]:
        x, y, w, h = e["box"]
        c = COL[e["type"]]
        # the outline is drawn just outside the box so the box's own pixels stay visible
        for xx in range(x - 1, x + w + 1):
            put(xx, y - 1, c)
            put(xx, y + h, c)
        for yy in range(y - 1, y + h + 1):
            put(x - 1, yy, c)
            put(x + w, yy, c)
        if "label" in e and e["label"] in byid:
            lx, ly = byid[e["label"]]["box"][:2]
            steps = max(abs(lx - x), abs(ly - y), 1)
            for k in range(steps + 1):
                put(round(x + (lx - x) * k / steps), round(y + (ly - y) * k / steps), (230, 230, 0))
    res = GdkPixbuf.Pixbuf.new_from_bytes(GLib.Bytes.new(bytes(buf)), GdkPixbuf.Colorspace.RGB,
                                          n == 4, 8, W, H, rs)
    if crop:
        res = res.new_subpixbuf(*crop)
    if scale != 1:
        res = res.scale_simple(res.get_width() * scale, res.get_height() * scale,
                               GdkPixbuf.InterpType.NEAREST)
    res.savev(out, "png", [], [])


if __name__ == "__main__":
    main()
