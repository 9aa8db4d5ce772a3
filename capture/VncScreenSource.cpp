#include "capture/VncScreenSource.h"

namespace hemu::capture {

VncScreenSource::VncScreenSource(std::shared_ptr<VncConnection> connection)
    : connection_(std::move(connection)) {}

Frame VncScreenSource::grab() {
    Frame frame;
    std::vector<cv::Rect> changed;
    frame.image = connection_->copyFramebuffer(&changed);
    frame.timestampUs = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    frame.changedRegions = std::move(changed);
    return frame;
}

cv::Size VncScreenSource::size() const { return connection_->size(); }

bool VncScreenSource::waitForChange(std::chrono::milliseconds timeout) {
    return connection_->waitForUpdate(timeout);
}

std::string VncScreenSource::describe() const {
    const cv::Size s = size();
    return "vnc " + connection_->address() + " " + std::to_string(s.width) + "x" +
           std::to_string(s.height);
}

}  // namespace hemu::capture
