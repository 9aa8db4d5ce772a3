#include "capture/X11ScreenSource.h"

#include "capture/CaptureError.h"
#include "capture/Log.h"

#include <sys/ipc.h>
#include <sys/shm.h>

#include <chrono>
#include <cstring>

// X11 last: its Bool/Status macros clash with C++ headers.
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XShm.h>

namespace hemu::capture {
namespace {

std::int64_t steadyNowUs() {
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

struct DisplayCloser {
    void operator()(Display* d) const { XCloseDisplay(d); }
};
struct ImageDestroyer {
    void operator()(XImage* image) const { XDestroyImage(image); }
};

// XShm reports errors asynchronously through the error handler; a failed attach (for example
// a server on another host, or one without shared memory access) must not kill the process.
bool g_shmAttachFailed = false;
int recordShmError(Display*, XErrorEvent*) {
    g_shmAttachFailed = true;
    return 0;
}

}  // namespace

struct X11ScreenSource::Impl {
    std::string name;
    std::unique_ptr<Display, DisplayCloser> display;
    Window root = 0;
    int width = 0;
    int height = 0;
    int depth = 0;
    // XShm state; shm.shmid < 0 when not in use.
    XShmSegmentInfo shm{};
    std::unique_ptr<XImage, ImageDestroyer> shmImage;
    bool shmAttached = false;

    void setUpShm() {
        if (!XShmQueryExtension(display.get())) return;
        Visual* visual = DefaultVisual(display.get(), DefaultScreen(display.get()));
        shm.shmid = -1;
        shmImage.reset(XShmCreateImage(display.get(), visual, depth, ZPixmap, nullptr, &shm,
                                       width, height));
        if (!shmImage || shmImage->bits_per_pixel != 32) {
            shmImage.reset();
            return;
        }
        shm.shmid = shmget(IPC_PRIVATE, shmImage->bytes_per_line * shmImage->height,
                           IPC_CREAT | 0600);
        if (shm.shmid < 0) {
            shmImage.reset();
            return;
        }
        shm.shmaddr = shmImage->data = static_cast<char*>(shmat(shm.shmid, nullptr, 0));
        shm.readOnly = False;
        g_shmAttachFailed = false;
        auto previous = XSetErrorHandler(recordShmError);
        const bool attached = XShmAttach(display.get(), &shm);
        XSync(display.get(), False);
        XSetErrorHandler(previous);
        // Mark for removal now: the segment then disappears when both sides detach, even if
        // this process crashes.
        shmctl(shm.shmid, IPC_RMID, nullptr);
        if (!attached || g_shmAttachFailed) {
            shmdt(shm.shmaddr);
            shmImage->data = nullptr;
            shmImage.reset();
            shm.shmid = -1;
            return;
        }
        shmAttached = true;
    }

    ~Impl() {
        if (shmAttached) {
            XShmDetach(display.get(), &shm);
            XSync(display.get(), False);
            shmdt(shm.shmaddr);
            shmImage->data = nullptr;  // XDestroyImage must not free() shared memory
        }
    }
};

X11ScreenSource::X11ScreenSource(const std::string& display) : impl_(std::make_unique<Impl>()) {
    impl_->name = display;
    impl_->display.reset(XOpenDisplay(display.c_str()));
    if (!impl_->display) {
        throw ConnectionError("cannot open X display " + display +
                              " (is an X server running there, and may we connect?)");
    }
    Display* d = impl_->display.get();
    const int screen = DefaultScreen(d);
    impl_->root = RootWindow(d, screen);
    impl_->width = DisplayWidth(d, screen);
    impl_->height = DisplayHeight(d, screen);
    impl_->depth = DefaultDepth(d, screen);
    if (impl_->depth != 24 && impl_->depth != 32) {
        throw ConnectionError("X display " + display + " has depth " +
                              std::to_string(impl_->depth) + "; hemu needs 24 or 32");
    }
    impl_->setUpShm();
    namedLogger("capture.x11")->debug("{}", describe());
}

X11ScreenSource::~X11ScreenSource() = default;

Frame X11ScreenSource::grab() {
    Impl& s = *impl_;
    Frame frame;
    frame.image.create(s.height, s.width, CV_8UC4);
    if (s.shmAttached) {
        if (!XShmGetImage(s.display.get(), s.root, s.shmImage.get(), 0, 0, AllPlanes)) {
            throw ConnectionError("XShmGetImage failed on display " + s.name);
        }
        frame.timestampUs = steadyNowUs();
        const XImage& image = *s.shmImage;
        if (image.bytes_per_line == s.width * 4) {
            std::memcpy(frame.image.data, image.data, std::size_t(s.width) * s.height * 4);
        } else {
            for (int y = 0; y < s.height; ++y)
                std::memcpy(frame.image.ptr(y), image.data + y * image.bytes_per_line, s.width * 4);
        }
    } else {
        std::unique_ptr<XImage, ImageDestroyer> image(
            XGetImage(s.display.get(), s.root, 0, 0, s.width, s.height, AllPlanes, ZPixmap));
        frame.timestampUs = steadyNowUs();
        if (!image || image->bits_per_pixel != 32) {
            throw ConnectionError("XGetImage failed on display " + s.name);
        }
        for (int y = 0; y < s.height; ++y)
            std::memcpy(frame.image.ptr(y), image->data + y * image->bytes_per_line, s.width * 4);
    }
    return frame;
}

cv::Size X11ScreenSource::size() const { return {impl_->width, impl_->height}; }

bool X11ScreenSource::waitForChange(std::chrono::milliseconds) { return true; }

bool X11ScreenSource::usesShm() const { return impl_->shmAttached; }

std::string X11ScreenSource::describe() const {
    return "x11 " + impl_->name + " " + std::to_string(impl_->width) + "x" +
           std::to_string(impl_->height) + (impl_->shmAttached ? " XShm" : " XGetImage (no XShm)");
}

}  // namespace hemu::capture
