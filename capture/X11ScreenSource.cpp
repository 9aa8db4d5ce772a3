#include "capture/X11ScreenSource.h"

#include "capture/CaptureError.h"
#include "capture/Log.h"

#include <sys/ipc.h>
#include <sys/shm.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <vector>

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

// Frame buffers in shared memory that the X server writes into directly, handed out as the
// pixels of cv::Mats: no copy per frame. Copying a 1080p frame out of one shared segment took
// ~0.4 ms, as long as the server's own copy, and put a 1 ms frame budget out of reach.
//
// OpenCV calls allocate() from Mat::create and deallocate() when the last Mat sharing the
// pixels is gone; a buffer is then free for the next grab. The pool outlives its source while
// any frame from it is alive.
class ShmBufferPool final : public cv::MatAllocator {
public:
    struct Buffer {
        XShmSegmentInfo segment{};
        std::unique_ptr<XImage, ImageDestroyer> image;
        bool inUse = false;
    };

    /// Creates `count` buffers attached to the display; false if the server refuses XShm.
    bool create(Display* display, int width, int height, int depth, int count) {
        Visual* visual = DefaultVisual(display, DefaultScreen(display));
        for (int i = 0; i < count; ++i) {
            auto buffer = std::make_unique<Buffer>();
            buffer->image.reset(XShmCreateImage(display, visual, depth, ZPixmap, nullptr,
                                                &buffer->segment, width, height));
            if (!buffer->image || buffer->image->bits_per_pixel != 32 ||
                buffer->image->bytes_per_line != width * 4)
                return false;
            buffer->segment.shmid =
                shmget(IPC_PRIVATE, std::size_t(width) * height * 4, IPC_CREAT | 0600);
            if (buffer->segment.shmid < 0) return false;
            buffer->segment.shmaddr = static_cast<char*>(shmat(buffer->segment.shmid, nullptr, 0));
            buffer->image->data = buffer->segment.shmaddr;
            buffer->segment.readOnly = False;
            // Marked for removal now: the segment then disappears when both sides detach,
            // even if this process crashes.
            shmctl(buffer->segment.shmid, IPC_RMID, nullptr);
            buffers_.push_back(std::move(buffer));  // from here on released by ~ShmBufferPool
            g_shmAttachFailed = false;
            auto previous = XSetErrorHandler(recordShmError);
            const bool attached = XShmAttach(display, &buffers_.back()->segment);
            XSync(display, False);
            XSetErrorHandler(previous);
            if (!attached || g_shmAttachFailed) {
                buffers_.back()->segment.shmid = -1;  // not attached: nothing to detach
                return false;
            }
        }
        return true;
    }

    /// Detaches from the server (before the display closes); frames stay readable.
    void detach(Display* display) {
        for (auto& buffer : buffers_)
            if (buffer->segment.shmid >= 0) XShmDetach(display, &buffer->segment);
        XSync(display, False);
    }

    /// The source is gone: the pool deletes itself once no frame uses its buffers.
    void release() {
        std::unique_lock lock(mutex_);
        ownerGone_ = true;
        if (outstanding_ == 0) {
            lock.unlock();
            delete this;
        }
    }

    cv::UMatData* allocate(int dims, const int* sizes, int type, void* data, size_t* step,
                           cv::AccessFlag flags, cv::UMatUsageFlags usage) const override {
        std::lock_guard lock(mutex_);
        Buffer* free = nullptr;
        for (auto& buffer : buffers_)
            if (!buffer->inUse) free = buffer.get();
        const std::size_t bytes = dims == 2 ? std::size_t(sizes[0]) * sizes[1] * 4 : 0;
        if (!free || data || dims != 2 || CV_MAT_TYPE(type) != CV_8UC4 ||
            bytes != std::size_t(free->image->bytes_per_line) * free->image->height) {
            // Every buffer is held by a frame (or an odd request): ordinary memory.
            return cv::Mat::getStdAllocator()->allocate(dims, sizes, type, data, step, flags, usage);
        }
        free->inUse = true;
        ++outstanding_;
        auto* u = new cv::UMatData(this);
        u->data = u->origdata = reinterpret_cast<uchar*>(free->image->data);
        u->size = bytes;
        u->userdata = free;
        step[0] = std::size_t(sizes[1]) * 4;
        step[1] = 4;
        return u;
    }

    bool allocate(cv::UMatData*, cv::AccessFlag, cv::UMatUsageFlags) const override {
        return false;
    }

    void deallocate(cv::UMatData* u) const override {
        std::unique_lock lock(mutex_);
        static_cast<Buffer*>(u->userdata)->inUse = false;
        delete u;
        if (--outstanding_ == 0 && ownerGone_) {
            lock.unlock();
            delete this;
        }
    }

    static XImage* imageOf(const cv::Mat& mat) {
        return static_cast<Buffer*>(mat.u->userdata)->image.get();
    }

private:
    ~ShmBufferPool() override {
        for (auto& buffer : buffers_) {
            if (buffer->segment.shmaddr) shmdt(buffer->segment.shmaddr);
            if (buffer->image) buffer->image->data = nullptr;  // not ours to free()
        }
    }

    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<Buffer>> buffers_;
    mutable int outstanding_ = 0;
    bool ownerGone_ = false;
};

// Frames a caller may hold at once before grabs fall back to copying: the agent keeps the
// previous and the current frame to compare, plus one in flight.
constexpr int kShmBuffers = 4;

}  // namespace

struct X11ScreenSource::Impl {
    std::string name;
    std::unique_ptr<Display, DisplayCloser> display;
    Window root = 0;
    int width = 0;
    int height = 0;
    int depth = 0;
    ShmBufferPool* pool = nullptr;  // null without XShm; deletes itself (see release())

    ~Impl() {
        if (!pool) return;
        pool->detach(display.get());
        pool->release();
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
    if (XShmQueryExtension(d)) {
        impl_->pool = new ShmBufferPool;
        if (!impl_->pool->create(d, impl_->width, impl_->height, impl_->depth, kShmBuffers)) {
            impl_->pool->detach(d);
            impl_->pool->release();
            impl_->pool = nullptr;
        }
    }
    namedLogger("capture.x11")->debug("{}", describe());
}

X11ScreenSource::~X11ScreenSource() = default;

Frame X11ScreenSource::grab() {
    Impl& s = *impl_;
    Frame frame;
    if (s.pool) {
        frame.image.allocator = s.pool;
        frame.image.create(s.height, s.width, CV_8UC4);
        if (frame.image.u->currAllocator == s.pool) {
            if (!XShmGetImage(s.display.get(), s.root, ShmBufferPool::imageOf(frame.image), 0, 0,
                              AllPlanes)) {
                throw ConnectionError("XShmGetImage failed on display " + s.name);
            }
            frame.timestampUs = steadyNowUs();
            return frame;
        }
        // All shared buffers are held by earlier frames: take the slow path below.
    }
    std::unique_ptr<XImage, ImageDestroyer> image(
        XGetImage(s.display.get(), s.root, 0, 0, s.width, s.height, AllPlanes, ZPixmap));
    frame.timestampUs = steadyNowUs();
    if (!image || image->bits_per_pixel != 32) {
        throw ConnectionError("XGetImage failed on display " + s.name);
    }
    frame.image = cv::Mat(s.height, s.width, CV_8UC4);
    for (int y = 0; y < s.height; ++y)
        std::memcpy(frame.image.ptr(y), image->data + y * image->bytes_per_line, s.width * 4);
    return frame;
}

cv::Size X11ScreenSource::size() const { return {impl_->width, impl_->height}; }

bool X11ScreenSource::waitForChange(std::chrono::milliseconds) { return true; }

bool X11ScreenSource::usesShm() const { return impl_->pool != nullptr; }

std::string X11ScreenSource::describe() const {
    return "x11 " + impl_->name + " " + std::to_string(impl_->width) + "x" +
           std::to_string(impl_->height) + (impl_->pool ? " XShm" : " XGetImage (no XShm)");
}

}  // namespace hemu::capture
