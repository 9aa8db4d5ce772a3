#include "app/bench/XEventProbe.h"

#include <poll.h>

#include <stdexcept>

#include <X11/Xlib.h>

namespace hemu::bench {

struct XEventProbe::Impl {
    Display* display = nullptr;
    Window window = 0;

    // Next event of one of `types`, or false at the deadline.
    bool nextEvent(XEvent& event, std::chrono::steady_clock::time_point deadline) {
        for (;;) {
            if (XPending(display) > 0) {
                XNextEvent(display, &event);
                return true;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd pfd{ConnectionNumber(display), POLLIN, 0};
            poll(&pfd, 1, int(left.count()));
        }
    }
};

XEventProbe::XEventProbe(const std::string& display, int width, int height)
    : impl_(std::make_unique<Impl>()) {
    Display* d = impl_->display = XOpenDisplay(display.c_str());
    if (!d) throw std::runtime_error("XEventProbe: cannot open " + display);
    const int screen = DefaultScreen(d);
    XSetWindowAttributes attributes{};
    attributes.override_redirect = True;  // exactly where we put it, window manager or not
    attributes.event_mask = PointerMotionMask | KeyPressMask | StructureNotifyMask;
    attributes.background_pixel = WhitePixel(d, screen);
    impl_->window = XCreateWindow(d, RootWindow(d, screen), 0, 0, width, height, 0, CopyFromParent,
                                  InputOutput, CopyFromParent,
                                  CWOverrideRedirect | CWEventMask | CWBackPixel, &attributes);
    XMapRaised(d, impl_->window);
    XEvent event;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (impl_->nextEvent(event, deadline))
        if (event.type == MapNotify) break;
    // Keyboard input goes to this window wherever the pointer is.
    XSetInputFocus(d, impl_->window, RevertToParent, CurrentTime);
    XSync(d, False);
}

XEventProbe::~XEventProbe() {
    XDestroyWindow(impl_->display, impl_->window);
    XCloseDisplay(impl_->display);
}

bool XEventProbe::waitForMotion(int x, int y, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    XEvent event;
    while (impl_->nextEvent(event, deadline))
        if (event.type == MotionNotify && event.xmotion.x == x && event.xmotion.y == y) return true;
    return false;
}

bool XEventProbe::waitForKeyPress(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    XEvent event;
    while (impl_->nextEvent(event, deadline))
        if (event.type == KeyPress) return true;
    return false;
}

}  // namespace hemu::bench
