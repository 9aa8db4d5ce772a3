#include "app/record/ScreenRecorder.h"

#include "capture/Log.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace hemu::record {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t steadyNowUs() {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch())
        .count();
}

bool samePixels(const cv::Mat& a, const cv::Mat& b) {
    if (a.size() != b.size() || a.type() != b.type()) return false;
    if (a.data == b.data) return true;
    const std::size_t rowBytes = a.cols * a.elemSize();
    for (int y = 0; y < a.rows; ++y)
        if (std::memcmp(a.ptr(y), b.ptr(y), rowBytes) != 0) return false;
    return true;
}

// The next tick after `now`, on the grid start + k * period: a late wake-up skips ticks
// instead of grabbing a burst to catch up.
Clock::time_point nextTick(Clock::time_point tick, Clock::duration period, Clock::time_point now) {
    tick += period;
    if (tick <= now) tick += period * ((now - tick) / period + 1);
    return tick;
}

}  // namespace

struct ScreenRecorder::Impl {
    capture::ScreenSource& screen;
    ScreenRecorderOptions options;
    cv::Rect videoArea;  // the screen, less a column/row H264 cannot take
    capture::VideoRecorder video;
    capture::Frame first;  // encoder thread only

    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;                  // capture thread: finish
    bool captureDone = false;               // encoder thread: no more frames will come
    std::optional<capture::Frame> waiting;  // the next frame to encode
    std::int64_t stopAtUs = 0;
    std::exception_ptr error;
    std::atomic<bool> failed{false};
    std::atomic<int> framesQueued{1};  // the first frame
    std::atomic<int> framesDropped{0};

    std::thread captureThread, encoderThread;
    bool stopped = false;

    Impl(capture::ScreenSource& s, const capture::Frame& firstFrame, const std::string& path,
         ScreenRecorderOptions o, cv::Rect area)
        : screen(s),
          options(std::move(o)),
          videoArea(area),
          video(path, area.size(), options.video),
          first(firstFrame) {}

    void fail(std::exception_ptr e) {
        std::lock_guard lock(mutex);
        if (!error) error = e;
        failed = true;
    }

    void enqueue(capture::Frame frame) {
        std::lock_guard lock(mutex);
        if (waiting)
            ++framesDropped;  // the encoder is behind: the newer frame wins
        else
            ++framesQueued;
        waiting = std::move(frame);
        wake.notify_all();
    }

    void captureLoop(capture::Frame latest) {
        const auto recordPeriod = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / options.fps));
        const auto grabPeriod =
            options.onFrame ? std::min(recordPeriod,
                                       std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(1.0 / options.viewerFps)))
                            : recordPeriod;
        capture::Frame lastWritten = latest;
        bool changed = false;  // latest differs from lastWritten
        const Clock::time_point start = Clock::now();
        Clock::time_point grabAt = start + grabPeriod, writeAt = start + recordPeriod;
        try {
            for (;;) {
                {
                    std::unique_lock lock(mutex);
                    if (wake.wait_until(lock, grabAt, [&] { return stopping; })) break;
                }
                // X11 cannot tell and always says "changed"; VNC says whether updates came.
                if (screen.waitForChange(std::chrono::milliseconds(0))) {
                    capture::Frame frame = screen.grab();
                    if (frame.changedRegions)
                        changed |= !frame.changedRegions->empty();
                    else
                        changed = !samePixels(frame.image, lastWritten.image);
                    latest = std::move(frame);
                    if (options.onFrame) options.onFrame(latest);
                }
                const Clock::time_point now = Clock::now();
                if (now >= writeAt) {
                    if (changed) {
                        enqueue(latest);
                        lastWritten = latest;
                        changed = false;
                    }
                    writeAt = nextTick(writeAt, recordPeriod, now);
                }
                grabAt = nextTick(grabAt, grabPeriod, now);
            }
            // A fresh look at the end: what happened since the last tick is in the video too.
            latest = screen.grab();
        } catch (...) {
            fail(std::current_exception());  // the end then shows the last frame we had
        }
        // The last frame is stamped with the stop: the video's length is the recording's, even
        // when nothing changed for a while before it.
        capture::Frame last = latest;
        {
            std::lock_guard lock(mutex);
            last.timestampUs = stopAtUs ? stopAtUs : steadyNowUs();
        }
        last.changedRegions.reset();
        enqueue(std::move(last));
        std::lock_guard lock(mutex);
        captureDone = true;
        wake.notify_all();
    }

    void encodeLoop() {
        try {
            video.write(crop(first));
            first = {};  // X11 frames are buffers from a small pool: hand this one back
            for (;;) {
                capture::Frame frame;
                {
                    std::unique_lock lock(mutex);
                    wake.wait(lock, [&] { return waiting || captureDone; });
                    if (!waiting) break;
                    frame = std::move(*waiting);
                    waiting.reset();
                }
                video.write(crop(frame));
            }
            video.close();
        } catch (...) {
            fail(std::current_exception());
            // Keep taking frames so the capture thread never waits on us; finish what we can.
            try {
                video.close();
            } catch (...) {
            }
        }
    }

    capture::Frame crop(const capture::Frame& frame) const {
        if (frame.image.size() == videoArea.size()) return frame;
        capture::Frame cropped = frame;
        cropped.image = frame.image(videoArea);
        return cropped;
    }
};

ScreenRecorder::ScreenRecorder(capture::ScreenSource& screen, const capture::Frame& firstFrame,
                               const std::string& path, ScreenRecorderOptions options) {
    cv::Rect area(0, 0, firstFrame.image.cols, firstFrame.image.rows);
    if (options.video.codec == capture::VideoCodec::H264) {
        area.width &= ~1;  // yuv420p: 2x2 chroma blocks
        area.height &= ~1;
    }
    impl_ = std::make_unique<Impl>(screen, firstFrame, path, std::move(options), area);
    Impl& s = *impl_;
    s.encoderThread = std::thread([&s] { s.encodeLoop(); });
    s.captureThread = std::thread([&s, latest = firstFrame] { s.captureLoop(latest); });
}

ScreenRecorder::~ScreenRecorder() {
    try {
        stop();
    } catch (const std::exception& e) {
        namedLogger("record")->error("{}", e.what());
    }
}

void ScreenRecorder::stop() {
    Impl& s = *impl_;
    if (!s.stopped) {
        s.stopped = true;
        {
            std::lock_guard lock(s.mutex);
            s.stopping = true;
            s.stopAtUs = steadyNowUs();
            s.wake.notify_all();
        }
        s.captureThread.join();
        s.encoderThread.join();
    }
    std::lock_guard lock(s.mutex);
    if (auto error = std::exchange(s.error, nullptr)) std::rethrow_exception(error);
}

bool ScreenRecorder::failed() const {
    return impl_->failed;
}

int ScreenRecorder::framesWritten() const {
    // The recorder's own count is exact but belongs to the encoder thread until it ended.
    return impl_->stopped ? impl_->video.framesWritten() : impl_->framesQueued.load();
}

int ScreenRecorder::framesDropped() const {
    return impl_->framesDropped;
}

}  // namespace hemu::record
