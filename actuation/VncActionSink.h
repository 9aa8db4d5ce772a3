#pragma once
// Sends pointer and key events over a VNC connection (usually the one capture reads from).
// Keysyms go as they are: the server applies Shift itself (RFC 6143, 7.5.4).
//
// A keysym missing from the server's keymap (é on a US layout) makes TigerVNC's Xvnc bind it to
// one of its 19 free keycodes for good: a session can type about that many distinct such
// letters (tests/input_test.cpp types 12).

#include "actuation/ActionSink.h"
#include "capture/VncConnection.h"

#include <memory>

namespace hemu::actuation {

class VncActionSink : public ActionSink {
public:
    explicit VncActionSink(std::shared_ptr<capture::VncConnection> connection);

    void movePointer(int x, int y) override;
    void setButton(MouseButton button, bool down) override;
    void setKey(std::uint32_t keysym, bool down) override;
    /// RFB has no round trip for input; events are written in order on one socket, so the
    /// server sees them before anything we send later.
    void sync() override {}
    std::string describe() const override;

private:
    std::shared_ptr<capture::VncConnection> connection_;
    int x_ = 0, y_ = 0;
    int buttonMask_ = 0;
    bool primed_ = false;  // some key was sent before
};

}  // namespace hemu::actuation
