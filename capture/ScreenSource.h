#pragma once
// The contract every capture backend implements.
//
//   auto source = hemu::capture::openScreenSource({.display = ":1"});
//   hemu::capture::Frame frame = source->grab();
//   cv::imwrite("screen.png", frame.image);
//
// Threading: a ScreenSource is used from one thread at a time; backends that receive
// pixels asynchronously (VNC) do so on a thread of their own and hand out copies.

#include "capture/Frame.h"

#include <opencv2/core.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace hemu::capture {

class ScreenSource {
public:
    virtual ~ScreenSource() = default;

    /// Takes a frame of the whole screen. Throws ConnectionError if the source is gone.
    virtual Frame grab() = 0;

    /// Screen size in pixels.
    virtual cv::Size size() const = 0;

    /// Blocks until the source has pixels newer than the last grab() or the timeout passes.
    /// Returns true if something changed. Sources that cannot know (X11 polling) return true
    /// at once: the caller then compares frames itself.
    virtual bool waitForChange(std::chrono::milliseconds timeout) = 0;

    /// One line for logs: backend, target, extensions in use.
    virtual std::string describe() const = 0;
};

}  // namespace hemu::capture
