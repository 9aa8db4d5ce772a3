#pragma once
// A window of our own on an X display that reports when input reaches it: the "widget" end
// of the input-latency benchmark (event sent by a sink → event received by a client).

#include <chrono>
#include <memory>
#include <string>

namespace hemu::bench {

class XEventProbe {
public:
    /// Maps a window covering (0, 0, width, height) and waits until it is viewable.
    XEventProbe(const std::string& display, int width, int height);
    ~XEventProbe();

    /// Waits for a MotionNotify at (x, y); false on timeout.
    bool waitForMotion(int x, int y, std::chrono::milliseconds timeout);
    /// Waits for a KeyPress; false on timeout.
    bool waitForKeyPress(std::chrono::milliseconds timeout);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hemu::bench
