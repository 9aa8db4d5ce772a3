#pragma once
// Waits on the screen, not the clock: after an action, hemu acts again as soon as the
// application has drawn its answer and stopped drawing.
//
//   ScreenWatcher watcher(source);
//   cv::Mat before = watcher.grab().image;
//   actuator.click(x, y);
//   Settled s = watcher.settle(before, {.expectChangeWithin = 300ms});
//   if (s.changed) ... s.regions ...
//
// Change detection compares frames pixel for pixel (a few tenths of a millisecond for a
// 1024x768 screen); a text caret blinking on its own (a changed area one to three pixels wide)
// is not a change.

#include "capture/Frame.h"
#include "capture/ScreenSource.h"

#include <opencv2/core.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

namespace hemu::policy {

using Millis = std::chrono::milliseconds;

/// Rectangles covering every pixel that differs between two frames of the same size and type.
/// Nearby differences (within `tile` pixels) are merged into one rectangle.
std::vector<cv::Rect> changedRegions(const cv::Mat& before, const cv::Mat& after, int tile = 16);

/// False when the regions are only a blinking caret (thin vertical slivers).
bool isSignificantChange(const std::vector<cv::Rect>& regions);

/// Where a check box or radio indicator toggled between two crops of the same area: the
/// square (of at most `side` pixels) that changed, in crop coordinates, or nullopt. Other
/// changes in the crop (a focus frame, the edge of a field that lost focus) are not it.
std::optional<cv::Rect> changedSquare(const cv::Mat& before, const cv::Mat& after, int side);

struct SettleOptions {
    /// Without any change within this time, the action is taken to have changed nothing.
    Millis expectChangeWithin{250};
    /// Settled: no change for this long after the last one.
    Millis quiet{30};
    /// Give up waiting for stillness (an animation, a video) after this long.
    Millis timeout{3000};
};

struct Settled {
    capture::Frame frame;              ///< the last frame looked at
    bool changed = false;              ///< anything significant differs from the reference
    std::vector<cv::Rect> regions;     ///< what differs from the reference
    bool timedOut = false;             ///< still changing at the timeout
    double waitedMs = 0;
};

class ScreenWatcher {
public:
    explicit ScreenWatcher(capture::ScreenSource& source, const std::atomic<bool>* cancel = nullptr);

    /// A fresh frame. Throws ConnectionError when the source is gone.
    const capture::Frame& grab();
    const capture::Frame& latest() const { return latest_; }
    cv::Size size() const { return source_.size(); }

    /// Waits until the screen changed from `reference` and then stayed still, or until no
    /// change came within options.expectChangeWithin.
    Settled settle(const cv::Mat& reference, const SettleOptions& options);

    /// Waits until the screen differs from `reference` or `deadline` passes; true if it did.
    bool waitForChange(const cv::Mat& reference, std::chrono::steady_clock::time_point deadline);

    /// Called with every frame grabbed (for recordings).
    void setFrameObserver(std::function<void(const capture::Frame&)> observer) {
        observer_ = std::move(observer);
    }
    /// Total time spent grabbing, in milliseconds (the "capture" part of a step).
    double captureMs() const { return captureMs_; }

private:
    /// Sleeps until the source may have something new (VNC: an update; X11: a short poll).
    void pause(Millis atMost);

    capture::ScreenSource& source_;
    const std::atomic<bool>* cancel_;
    capture::Frame latest_;
    std::function<void(const capture::Frame&)> observer_;
    double captureMs_ = 0;
};

}  // namespace hemu::policy
