#pragma once
// Where pointer and key events go: the common ground of XTest and VNC (TigerVNC's SDesktop
// keeps the same split). Higher-level actions are lowered to these calls by Actuator.
//
// Contract: events are delivered in call order; a call returns once the event has been handed
// to the server (so a later screen grab may already show its effect). Coordinates are screen
// pixels. Keys are X keysyms; the sink is responsible for any modifier a keysym needs on its
// transport (XTest presses Shift for 'A'; VNC servers do that themselves). Throws
// ConnectionError when the server is gone. Used from one thread at a time.

#include <cstdint>
#include <string>

namespace hemu::actuation {

enum class MouseButton { Invalid = 0, Left = 1, Middle = 2, Right = 3, WheelUp = 4, WheelDown = 5 };

class ActionSink {
public:
    virtual ~ActionSink() = default;

    virtual void movePointer(int x, int y) = 0;
    virtual void setButton(MouseButton button, bool down) = 0;
    virtual void setKey(std::uint32_t keysym, bool down) = 0;
    /// Blocks until every event sent so far has been processed by the server.
    virtual void sync() = 0;
    /// One line for logs.
    virtual std::string describe() const = 0;
};

}  // namespace hemu::actuation
