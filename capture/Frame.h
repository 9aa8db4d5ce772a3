#pragma once
// A captured screen image and what is known about how it differs from the previous one.

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace hemu::capture {

struct Frame {
    /// Pixels as CV_8UC4 in B,G,R,X byte order (X11 ZPixmap and our VNC pixel format), width x
    /// height of the screen; the 4th byte is padding, not alpha. Owned by the frame.
    cv::Mat image;
    /// When the pixels were taken: microseconds on the steady clock for live sources, or
    /// since the start of the recording for video sources.
    std::int64_t timestampUs = 0;
    /// Regions that changed since the previous grab of the same source, if the backend knows
    /// them (VNC framebuffer updates do). std::nullopt means "unknown: assume everything".
    /// An empty vector means "known: nothing changed".
    std::optional<std::vector<cv::Rect>> changedRegions;
};

}  // namespace hemu::capture
