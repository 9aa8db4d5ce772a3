#include "actuation/RecordingActionSink.h"

#include <cstdio>

namespace hemu::actuation {

std::string RecordedEvent::toString() const {
    char text[64];
    switch (kind) {
        case Kind::Move: std::snprintf(text, sizeof text, "move %d %d", x, y); break;
        case Kind::Button:
            std::snprintf(text, sizeof text, "button %d %s", int(button), down ? "down" : "up");
            break;
        case Kind::Key:
            std::snprintf(text, sizeof text, "key 0x%x %s", keysym, down ? "down" : "up");
            break;
        case Kind::Invalid: return "invalid";
    }
    return text;
}

void RecordingActionSink::movePointer(int x, int y) {
    events.push_back({.kind = RecordedEvent::Kind::Move, .x = x, .y = y});
}

void RecordingActionSink::setButton(MouseButton button, bool down) {
    events.push_back({.kind = RecordedEvent::Kind::Button, .button = button, .down = down});
}

void RecordingActionSink::setKey(std::uint32_t keysym, bool down) {
    events.push_back({.kind = RecordedEvent::Kind::Key, .keysym = keysym, .down = down});
}

}  // namespace hemu::actuation
