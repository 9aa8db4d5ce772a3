#include "actuation/XRecordInputReader.h"

#include "capture/CaptureError.h"
#include "capture/Log.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>

// X11 last: its Bool/Status macros clash with C++ headers.
#include <X11/Xlib.h>
#include <X11/Xproto.h>
#include <X11/Xutil.h>
#include <X11/extensions/record.h>

namespace hemu::actuation {
namespace {

using namespace std::chrono_literals;

struct DisplayCloser {
    void operator()(Display* d) const { XCloseDisplay(d); }
};

// How long the server may take to confirm that recording began or ended: a local server
// answers in well under a millisecond, so this only bounds a hung one.
constexpr auto kServerReplyTimeout = 5s;

}  // namespace

struct XRecordInputReader::Impl {
    std::string name;
    int versionMajor = 0, versionMinor = 0;
    // RECORD's protocol: the data connection is blocked for requests while a context is
    // enabled on it, so creating, disabling and keymap look-ups go over the control connection.
    std::unique_ptr<Display, DisplayCloser> control;
    std::unique_ptr<Display, DisplayCloser> data;
    XRecordContext context = 0;
    int wakeFds[2] = {-1, -1};  // stop() → reader thread
    std::thread reader;

    // Set by the reader thread, read by start()/stop().
    std::mutex mutex;
    std::condition_variable stateChanged;
    bool recording = false;  // the server sent StartOfData
    bool ended = false;      // the reader thread is done
    std::exception_ptr sinkError;

    // Reader thread only.
    ActionSink* sink = nullptr;
    int pointerX = -1, pointerY = -1;
    std::unordered_map<unsigned, KeySym> pressedKeysyms;  // keycode → keysym of its press

    ~Impl() {
        for (int fd : wakeFds)
            if (fd >= 0) close(fd);
    }

    static void onRecorded(XPointer closure, XRecordInterceptData* recorded) {
        auto* self = reinterpret_cast<Impl*>(closure);
        self->handle(*recorded);
        XRecordFreeData(recorded);
    }

    void handle(const XRecordInterceptData& recorded) {
        switch (recorded.category) {
            case XRecordStartOfData: {
                std::lock_guard lock(mutex);
                recording = true;
                stateChanged.notify_all();
                return;
            }
            case XRecordEndOfData: {
                std::lock_guard lock(mutex);
                recording = false;
                stateChanged.notify_all();
                return;
            }
            case XRecordFromServer:
                break;
            default:
                return;
        }
        if (sinkError || recorded.data_len * 4 < sizeof(xEvent)) return;
        const auto& event = *reinterpret_cast<const xEvent*>(recorded.data);
        try {
            deliver(event);
        } catch (...) {
            std::lock_guard lock(mutex);
            sinkError = std::current_exception();  // later events are dropped; stop() rethrows
        }
    }

    void deliver(const xEvent& event) {
        const int type = event.u.u.type & 0x7f;  // the top bit marks SendEvent
        const int x = event.u.keyButtonPointer.rootX;
        const int y = event.u.keyButtonPointer.rootY;
        switch (type) {
            case MotionNotify:
                pointerX = x;
                pointerY = y;
                sink->movePointer(x, y);
                break;
            case ButtonPress:
            case ButtonRelease:
                // The press happens where the pointer is; a motion we did not see (a warp by
                // another client) is reported first so the sink knows the place.
                if (x != pointerX || y != pointerY) {
                    pointerX = x;
                    pointerY = y;
                    sink->movePointer(x, y);
                }
                sink->setButton(MouseButton(event.u.u.detail), type == ButtonPress);
                break;
            case KeyPress: {
                const KeySym keysym = keysymFor(event.u.u.detail, event.u.keyButtonPointer.state);
                if (keysym == NoSymbol) return;  // a keycode with nothing bound: no key to name
                pressedKeysyms[event.u.u.detail] = keysym;
                sink->setKey(std::uint32_t(keysym), true);
                break;
            }
            case KeyRelease: {
                auto it = pressedKeysyms.find(event.u.u.detail);
                const KeySym keysym =
                    it != pressedKeysyms.end()
                        ? it->second
                        : keysymFor(event.u.u.detail, event.u.keyButtonPointer.state);
                if (it != pressedKeysyms.end()) pressedKeysyms.erase(it);
                if (keysym == NoSymbol) return;
                sink->setKey(std::uint32_t(keysym), false);
                break;
            }
            default:
                break;
        }
    }

    // The keysym a key press produces, by the core protocol's rules (X11 protocol, section 5:
    // "Keyboards"), plus AltGr as XKB exports it (levels 3 and 4 in the 5th and 6th column).
    // The mapping is read from the server for each press, not cached: XTestActionSink and
    // others rebind spare keycodes while we record (é on a US layout).
    KeySym keysymFor(unsigned keycode, unsigned state) {
        int perKeycode = 0;
        KeySym* syms = XGetKeyboardMapping(control.get(), KeyCode(keycode), 1, &perKeycode);
        if (!syms) return NoSymbol;
        auto at = [&](int i) { return i < perKeycode ? syms[i] : NoSymbol; };
        int column = 0;
        if ((state & Mod5Mask) && at(4) != NoSymbol) column = 4;  // AltGr (ISO_Level3_Shift)
        KeySym lowerSym = at(column), upperSym = at(column + 1);
        XFree(syms);
        if (lowerSym == NoSymbol) return NoSymbol;
        bool shifted = state & ShiftMask;
        if (IsKeypadKey(upperSym) && (state & Mod2Mask)) {
            shifted = !shifted;  // Num Lock (Mod2 on every common layout) swaps the keypad levels
        } else if (upperSym == NoSymbol) {
            KeySym lower = 0, upper = 0;
            XConvertCase(lowerSym, &lower, &upper);
            lowerSym = lower;
            upperSym = upper;
        }
        if (state & LockMask) {
            KeySym lower = 0, upper = 0;
            XConvertCase(lowerSym, &lower, &upper);
            if (lower != upper) shifted = !shifted;  // Caps Lock acts on letters only
        }
        return shifted ? upperSym : lowerSym;
    }

    void run() {
        const bool enabled = XRecordEnableContextAsync(data.get(), context, &Impl::onRecorded,
                                                       reinterpret_cast<XPointer>(this));
        bool disabling = false;
        auto giveUpAt = std::chrono::steady_clock::now() + 24h;
        while (enabled) {
            pollfd fds[2] = {{ConnectionNumber(data.get()), POLLIN, 0}, {wakeFds[0], POLLIN, 0}};
            poll(fds, 2, 100 /* ms: a backstop; replies and stop() both wake the poll */);
            XRecordProcessReplies(data.get());
            {
                std::lock_guard lock(mutex);
                if (disabling && !recording) break;  // EndOfData: everything was delivered
            }
            if ((fds[1].revents & POLLIN) && !disabling) {
                // Disabling makes the server flush what it recorded and end with EndOfData.
                XRecordDisableContext(control.get(), context);
                XFlush(control.get());
                disabling = true;
                giveUpAt = std::chrono::steady_clock::now() + kServerReplyTimeout;
            }
            if (std::chrono::steady_clock::now() > giveUpAt) break;
        }
        std::lock_guard lock(mutex);
        ended = true;
        stateChanged.notify_all();
    }
};

XRecordInputReader::XRecordInputReader(const std::string& display)
    : impl_(std::make_unique<Impl>()) {
    impl_->name = display;
    impl_->control.reset(XOpenDisplay(display.c_str()));
    impl_->data.reset(XOpenDisplay(display.c_str()));
    if (!impl_->control || !impl_->data) {
        throw ConnectionError("cannot open X display " + display +
                              " (is an X server running there, and may we connect?)");
    }
    if (!XRecordQueryVersion(impl_->control.get(), &impl_->versionMajor, &impl_->versionMinor)) {
        throw ConnectionError("X display " + display +
                              " lacks the RECORD extension, needed to see input");
    }
    XRecordClientSpec clients = XRecordAllClients;
    XRecordRange* range = XRecordAllocRange();
    if (!range) throw std::bad_alloc();
    // Device events only: what the input devices did, not what each client was sent.
    range->device_events.first = KeyPress;
    range->device_events.last = MotionNotify;
    impl_->context = XRecordCreateContext(impl_->control.get(), 0, &clients, 1, &range, 1);
    XFree(range);
    XSync(impl_->control.get(), False);
    if (!impl_->context)
        throw ConnectionError("X display " + display + ": RECORD refused a context");
    if (pipe2(impl_->wakeFds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    namedLogger("actuation.xrecord")->debug("{}", describe());
}

XRecordInputReader::~XRecordInputReader() {
    try {
        stop();
    } catch (const std::exception& e) {
        namedLogger("actuation.xrecord")->warn("{}", e.what());
    }
    if (impl_->context) {
        XRecordFreeContext(impl_->control.get(), impl_->context);
        XSync(impl_->control.get(), False);
    }
}

void XRecordInputReader::start(ActionSink& sink) {
    Impl& s = *impl_;
    if (s.reader.joinable()) throw std::logic_error("XRecordInputReader::start called twice");
    s.sink = &sink;
    s.reader = std::thread([&s] { s.run(); });
    std::unique_lock lock(s.mutex);
    if (!s.stateChanged.wait_for(lock, kServerReplyTimeout,
                                 [&] { return s.recording || s.ended; }) ||
        !s.recording) {
        lock.unlock();
        stop();
        throw ConnectionError("X display " + s.name + ": RECORD did not start recording");
    }
}

void XRecordInputReader::stop() {
    Impl& s = *impl_;
    if (s.reader.joinable()) {
        const char wake = 1;
        if (write(s.wakeFds[1], &wake, 1) != 1) {
            namedLogger("actuation.xrecord")->warn("cannot wake the reader thread");
        }
        s.reader.join();
    }
    std::lock_guard lock(s.mutex);
    if (auto error = std::exchange(s.sinkError, nullptr)) std::rethrow_exception(error);
}

std::string XRecordInputReader::describe() const {
    return "xrecord " + impl_->name + " (RECORD " + std::to_string(impl_->versionMajor) + "." +
           std::to_string(impl_->versionMinor) + ")";
}

}  // namespace hemu::actuation
