#!/usr/bin/python3
"""Sanity checks for rendered ground truth: schema, boxes inside the screen, text box sizes
plausible for the font, no text box overlapping another element.

  /usr/bin/python3 check_gt.py DIR_OR_JSON...      (exit status 1 when a check fails)
"""

import glob
import json
import os
import sys

TYPES = {"textfield", "button", "checkbox", "radio", "dropdown", "text"}


def overlap(a, b):
    return (a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3])


def check(path):
    errs = []
    gt = json.load(open(path, encoding="utf-8"))
    for k in ("width", "height", "seed", "renderer", "theme", "font", "elements"):
        if k not in gt:
            errs.append(f"missing {k}")
    W, H = gt["width"], gt["height"]
    size = gt["font"].split()[-1]                     # points, or pixels ("13px", HTML)
    px = int(size[:-2]) if size.endswith("px") else int(size) * 96 / 72
    els = gt["elements"]
    byid = {}
    for i, e in enumerate(els):
        if e.get("id") != i:
            errs.append(f"id {e.get('id')} at index {i}")
        byid[e["id"]] = e
        if e["type"] not in TYPES:
            errs.append(f"{i}: type {e['type']}")
        b = e["box"]
        if len(b) != 4 or not all(isinstance(v, int) for v in b):
            errs.append(f"{i}: box {b}")
            continue
        x, y, w, h = b
        if w <= 0 or h <= 0 or x < 0 or y < 0 or x + w > W or y + h > H:
            errs.append(f"{i}: box outside screen {b}")
        if not isinstance(e.get("text"), str):
            errs.append(f"{i}: text")
        if e["type"] in ("checkbox", "radio") and not isinstance(e.get("checked"), bool):
            errs.append(f"{i}: checked")
        if e["type"] == "text":
            if h > 2.6 * px + 8 or h < 3:
                errs.append(f"{i}: text height {h} for {px:.0f}px font: {e['text']!r}")
            n = len(e["text"])
            if w > n * px * 1.3 + 24:
                errs.append(f"{i}: text width {w} too wide for {e['text']!r}")
            if n >= 4 and w < n * px * 0.2:
                errs.append(f"{i}: text width {w} too narrow for {e['text']!r}")
    for e in els:
        if "label" in e:
            lab = byid.get(e["label"])
            if lab is None or lab["type"] != "text":
                errs.append(f"{e['id']}: label {e['label']} is not a text element")
    for i, a in enumerate(els):
        for b in els[i + 1:]:
            if overlap(a["box"], b["box"]) and (a["type"] == "text" or b["type"] == "text"):
                errs.append(f"overlap {a['id']} {a['text']!r} / {b['id']} {b['text']!r}")
    return errs


def main():
    files = []
    for a in sys.argv[1:]:
        files += sorted(glob.glob(os.path.join(a, "*.json"))) if os.path.isdir(a) else [a]
    bad = 0
    for f in files:
        errs = check(f)
        if errs:
            bad += 1
            print(f"{f}:")
            for e in errs:
                print("   ", e)
    print(f"{len(files)} files, {bad} with problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
