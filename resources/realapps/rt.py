"""Shared parts of the real-application drivers (gtk_atspi.py, tk_send.py).

- screen grabs through Gdk and waiting until the screen stops changing
- turning collected elements into ground truth (pixel tightening from
  models/renderers/common.py), visibility checks, JSON + PNG writing
- small X helpers (xsetroot, xdotool)

Only the standard library and PyGObject (python3-gi, gir1.2-gtk-3.0) are used.
"""

import hashlib
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True   # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.join(ROOT, "models", "renderers"))
import common  # noqa: E402  (models/renderers/common.py)
from common import Elem  # noqa: E402,F401

# plain desktop colours behind the application window
ROOT_COLOURS = ["#2e3440", "#3b4252", "#1d4f73", "#254d32", "#4a4a4a", "#6d6d6d", "#203040",
                "#5e3a5e", "#008080", "#335577", "#101010", "#7a7a7a"]


class Unusable(Exception):
    """The screen cannot be given exact ground truth; the sample is skipped."""


def set_display(display):
    os.environ["DISPLAY"] = display


def xsetroot(colour):
    subprocess.run(["xsetroot", "-solid", colour], check=True)


def park_pointer(W, H):
    """Pointer to the bottom-right screen corner, away from every window (no hover effects)."""
    subprocess.run(["xdotool", "mousemove", str(W - 1), str(H - 1)], check=True)


def click(x, y):
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)


def grab(W, H):
    pb = common.grab_root(W, H)
    return pb


def pixels(pb):
    return bytes(pb.get_pixels())


def wait_stable(W, H, timeout=20.0, interval=0.3, settle=3):
    """Grab until `settle` consecutive grabs `interval` s apart are identical; returns the pixbuf."""
    t0 = time.monotonic()
    last, same = None, 0
    while True:
        pb = grab(W, H)
        px = hashlib.sha1(pixels(pb)).digest()
        if px == last:
            same += 1
            if same >= settle - 1:
                return pb
        else:
            same = 0
        last = px
        if time.monotonic() - t0 > timeout:
            raise Unusable("screen did not settle")
        time.sleep(interval)


def inside(box, rect):
    x, y, w, h = box
    X, Y, Wr, Hr = rect
    return w > 0 and h > 0 and x >= X and y >= Y and x + w <= X + Wr and y + h <= Y + Hr


def finalize(app, index, W, H, elems, pb, window, extra=None, stats=None):
    """Ground truth for one screen. Every element must end up fully inside `window` (x,y,w,h)
    and the screen; text elements need ink. Returns the JSON dict."""
    img = common.pixbuf_image(pb)
    for e in elems:
        e.text = e.text.strip()
    st = {} if stats is None else stats
    gt = common.finalize({"width": W, "height": H}, "app:" + app, index, "", "", elems, img, st)
    for k in ("theme", "font"):
        gt.pop(k, None)
    kept = []
    for e in gt["elements"]:
        if not inside(e["box"], window):
            raise Unusable(f"element outside its window: {e}")
        kept.append(e)
    if st.get("not_visible"):
        raise Unusable(f"{st['not_visible']} elements not visible")
    if st.get("text_no_ink"):
        raise Unusable(f"{st['text_no_ink']} texts without ink")
    gt["window"] = list(window)
    if extra:
        gt.update(extra)
    return gt


def write(out_dir, name, gt, pb):
    os.makedirs(out_dir, exist_ok=True)
    common.write_json(os.path.join(out_dir, name + ".json"), gt)
    common.save_png(pb, os.path.join(out_dir, name + ".png"))


def kill(proc, timeout=5):
    """Terminate a child by PID and reap it."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
