#pragma once
// Captures the screen of a VNC server through a (possibly shared) VncConnection.

#include "capture/ScreenSource.h"
#include "capture/VncConnection.h"

#include <memory>

namespace hemu::capture {

class VncScreenSource : public ScreenSource {
public:
    explicit VncScreenSource(std::shared_ptr<VncConnection> connection);

    /// A copy of the client's framebuffer, with the rectangles updated since the last grab.
    Frame grab() override;
    cv::Size size() const override;
    /// Returns true as soon as a framebuffer update arrives.
    bool waitForChange(std::chrono::milliseconds timeout) override;
    std::string describe() const override;

    const std::shared_ptr<VncConnection>& connection() const { return connection_; }

private:
    std::shared_ptr<VncConnection> connection_;
};

}  // namespace hemu::capture
