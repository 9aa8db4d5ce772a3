#include "actuation/XTestActionSink.h"

#include "actuation/Keysyms.h"
#include "capture/CaptureError.h"
#include "capture/Log.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

// X11 last: its Bool/Status macros clash with C++ headers.
#include <X11/XKBlib.h>
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>

namespace hemu::actuation {
namespace {

struct DisplayCloser {
    void operator()(Display* d) const { XCloseDisplay(d); }
};

struct KeyMapping {
    KeyCode keycode = 0;
    bool needsShift = false;
};

// Keysyms in the vendor block (XF86AudioMute, XF86Launch1...): keys a form-filling session never
// needs, so their keycodes can carry missing keysyms for a while and get their symbols back at
// the end. Xvfb's default keymap has only 19 empty keycodes, too few for Latin-1.
bool isVendorKeysym(KeySym sym) { return sym >= 0x1008ff00 && sym <= 0x1008ffff; }

// The other-case partner of a Latin-1 letter (é ↔ É), bound on the same keycode so that one
// keycode serves both and Shift picks between them; 0 for signs and letters without one.
KeySym latin1CasePartner(KeySym sym) {
    if (sym >= 0xc0 && sym <= 0xde && sym != 0xd7) return sym + 0x20;
    if (sym >= 0xe0 && sym <= 0xfe && sym != 0xf7) return sym - 0x20;
    return 0;
}

}  // namespace

struct XTestActionSink::Impl {
    std::string name;
    std::unique_ptr<Display, DisplayCloser> display;
    std::unordered_map<std::uint32_t, KeyMapping> mappings;
    int keysymsPerKeycode = 0;
    std::vector<KeyCode> spareKeycodes;                      // in order of preference
    std::map<KeyCode, std::vector<KeySym>> originalSymbols;  // restored at the end
    std::size_t nextSpare = 0;
    std::set<std::uint32_t> heldModifiers;
    std::unordered_map<std::uint32_t, bool> shiftAddedFor;  // keysym → we pressed Shift for it

    void findSpareKeycodes() {
        int minKeycode = 0, maxKeycode = 0;
        XDisplayKeycodes(display.get(), &minKeycode, &maxKeycode);
        KeySym* map = XGetKeyboardMapping(display.get(), KeyCode(minKeycode),
                                          maxKeycode - minKeycode + 1, &keysymsPerKeycode);
        if (!map) return;
        std::vector<KeyCode> vendor;
        // Highest keycodes first: they are the least likely to be real keys someone presses.
        for (int kc = maxKeycode; kc >= minKeycode; --kc) {
            bool empty = true, allVendor = true;
            for (int level = 0; level < keysymsPerKeycode; ++level) {
                const KeySym sym = map[(kc - minKeycode) * keysymsPerKeycode + level];
                empty &= sym == NoSymbol;
                allVendor &= sym == NoSymbol || isVendorKeysym(sym);
            }
            if (empty) spareKeycodes.push_back(KeyCode(kc));
            else if (allVendor) vendor.push_back(KeyCode(kc));
        }
        spareKeycodes.insert(spareKeycodes.end(), vendor.begin(), vendor.end());
        XFree(map);
    }

    KeyMapping mappingFor(std::uint32_t keysym) {
        if (auto it = mappings.find(keysym); it != mappings.end()) return it->second;
        KeyMapping mapping;
        const KeyCode kc = XKeysymToKeycode(display.get(), keysym);
        if (kc != 0 && XkbKeycodeToKeysym(display.get(), kc, 0, 0) == keysym) {
            mapping = {kc, false};
        } else if (kc != 0 && XkbKeycodeToKeysym(display.get(), kc, 0, 1) == keysym) {
            mapping = {kc, true};
        } else {
            bindSpare(keysym);
            return mappings.at(keysym);
        }
        mappings[keysym] = mapping;
        return mapping;
    }

    void bindSpare(std::uint32_t keysym) {
        if (spareKeycodes.empty()) {
            throw ConnectionError("X display " + name + " has no spare keycode to type keysym " +
                                  std::to_string(keysym));
        }
        // Past the pool, reuse the oldest binding; it may race with an application that has not
        // read the earlier key yet, which is why the pool is made large.
        const KeyCode kc = spareKeycodes[nextSpare++ % spareKeycodes.size()];
        for (auto it = mappings.begin(); it != mappings.end();) {
            it = it->second.keycode == kc ? mappings.erase(it) : std::next(it);
        }
        if (!originalSymbols.count(kc)) {
            int perKeycode = 0;
            KeySym* old = XGetKeyboardMapping(display.get(), kc, 1, &perKeycode);
            originalSymbols[kc].assign(old, old + perKeycode);
            XFree(old);
        }
        const KeySym partner = latin1CasePartner(keysym);
        KeySym lower = keysym, upper = keysym;  // a sign: the same on both levels
        if (partner) {
            lower = std::max<KeySym>(keysym, partner);  // lower case has the higher code
            upper = std::min<KeySym>(keysym, partner);
            mappings[lower] = {kc, false};
            mappings[upper] = {kc, true};
        } else {
            mappings[keysym] = {kc, false};
        }
        KeySym syms[2] = {lower, upper};
        XChangeKeyboardMapping(display.get(), kc, 2, syms, 1);
        XSync(display.get(), False);
    }

    /// Binds every Latin-1 letter and sign the keymap lacks, now, while the pool has room.
    /// Bound at the moment it is typed, a keysym races the application: Tk filters a key
    /// through its input method as soon as it reads it, before it has handled the keymap
    /// change queued just ahead of it, and the key is lost ("Grüßen" typed as "Grüen", about
    /// one run in ten). Bound at start-up, the change is long handled when typing begins.
    void prebindLatin1() {
        std::vector<std::uint32_t> missing;
        for (std::uint32_t sym = 0xa1; sym <= 0xff; ++sym) {
            const KeySym partner = latin1CasePartner(sym);
            if (partner && partner > KeySym(sym)) continue;  // bound with its lower case
            if (XKeysymToKeycode(display.get(), sym) == 0) missing.push_back(sym);
        }
        constexpr std::size_t kLeftForOthers = 16;  // €, Greek...: still bound when typed
        if (missing.size() + kLeftForOthers > spareKeycodes.size()) return;
        for (std::uint32_t sym : missing) bindSpare(sym);
    }

    void fakeKey(KeyCode kc, bool down) {
        XTestFakeKeyEvent(display.get(), kc, down ? True : False, CurrentTime);
        XSync(display.get(), False);
    }

    ~Impl() {
        if (!display) return;
        for (std::uint32_t modifier : heldModifiers) fakeKey(mappingFor(modifier).keycode, false);
        for (auto& [kc, syms] : originalSymbols)
            XChangeKeyboardMapping(display.get(), kc, int(syms.size()), syms.data(), 1);
        XSync(display.get(), False);
    }
};

XTestActionSink::XTestActionSink(const std::string& display) : impl_(std::make_unique<Impl>()) {
    impl_->name = display;
    impl_->display.reset(XOpenDisplay(display.c_str()));
    if (!impl_->display) {
        throw ConnectionError("cannot open X display " + display +
                              " (is an X server running there, and may we connect?)");
    }
    int eventBase, errorBase, major, minor;
    if (!XTestQueryExtension(impl_->display.get(), &eventBase, &errorBase, &major, &minor)) {
        throw ConnectionError("X display " + display + " lacks the XTest extension");
    }
    // Our events must not wait behind another client's server grab.
    XTestGrabControl(impl_->display.get(), True);
    impl_->findSpareKeycodes();
    impl_->prebindLatin1();
    namedLogger("actuation.xtest")->debug("{}", describe());
}

XTestActionSink::~XTestActionSink() = default;

void XTestActionSink::movePointer(int x, int y) {
    XTestFakeMotionEvent(impl_->display.get(), -1 /* screen of the pointer */, x, y, CurrentTime);
    XSync(impl_->display.get(), False);
}

void XTestActionSink::setButton(MouseButton button, bool down) {
    XTestFakeButtonEvent(impl_->display.get(), unsigned(button), down ? True : False, CurrentTime);
    XSync(impl_->display.get(), False);
}

void XTestActionSink::setKey(std::uint32_t keysym, bool down) {
    Impl& s = *impl_;
    const KeyMapping mapping = s.mappingFor(keysym);
    if (isModifier(keysym)) {
        if (down) s.heldModifiers.insert(keysym); else s.heldModifiers.erase(keysym);
        s.fakeKey(mapping.keycode, down);
        return;
    }
    const bool shiftHeld = s.heldModifiers.count(keysym::kShiftL) ||
                           s.heldModifiers.count(keysym::kShiftL + 1);
    if (down) {
        const bool addShift = mapping.needsShift && !shiftHeld;
        s.shiftAddedFor[keysym] = addShift;
        if (addShift) s.fakeKey(s.mappingFor(keysym::kShiftL).keycode, true);
        s.fakeKey(mapping.keycode, true);
    } else {
        s.fakeKey(mapping.keycode, false);
        if (s.shiftAddedFor[keysym]) s.fakeKey(s.mappingFor(keysym::kShiftL).keycode, false);
        s.shiftAddedFor[keysym] = false;
    }
}

void XTestActionSink::sync() { XSync(impl_->display.get(), False); }

std::string XTestActionSink::describe() const {
    return "xtest " + impl_->name + " (" + std::to_string(impl_->spareKeycodes.size()) +
           " spare keycodes)";
}

}  // namespace hemu::actuation
