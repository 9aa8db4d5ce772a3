#include "actuation/Session.h"

#include "actuation/VncActionSink.h"
#include "actuation/XTestActionSink.h"
#include "capture/VncScreenSource.h"
#include "capture/X11ScreenSource.h"

#include <stdexcept>

namespace hemu::actuation {
namespace {

void requireLiveTarget(const capture::ScreenTarget& target) {
    if (target.display.empty() == target.vnc.empty() || !target.video.empty()) {
        throw std::invalid_argument("name exactly one of --display :N or --vnc HOST:PORT");
    }
}

}  // namespace

Session openSession(const capture::ScreenTarget& target) {
    requireLiveTarget(target);
    Session session;
    if (!target.display.empty()) {
        session.screen = std::make_unique<capture::X11ScreenSource>(target.display);
        session.input = std::make_unique<XTestActionSink>(target.display);
    } else {
        auto connection = capture::openVncConnection(target);
        session.screen = std::make_unique<capture::VncScreenSource>(connection);
        session.input = std::make_unique<VncActionSink>(connection);
    }
    return session;
}

std::unique_ptr<ActionSink> openActionSink(const capture::ScreenTarget& target) {
    requireLiveTarget(target);
    if (!target.display.empty()) return std::make_unique<XTestActionSink>(target.display);
    return std::make_unique<VncActionSink>(capture::openVncConnection(target));
}

}  // namespace hemu::actuation
