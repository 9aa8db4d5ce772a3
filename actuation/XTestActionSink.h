#pragma once
// Sends pointer and key events to a local X display through the XTest extension.
//
// Keys: a keysym is sent as the keycode that carries it, with Shift pressed around it when the
// keysym sits on the shifted level. Keysyms missing from the keymap (é on a US layout) are
// bound to a spare keycode for the sink's lifetime and unbound when it is destroyed; they are
// not unbound after each key because the application may look the keycode up later than we
// release it. Every event is followed by XSync (measured: typing at full speed then loses no
// character in a GTK dialog).

#include "actuation/ActionSink.h"

#include <memory>
#include <string>

namespace hemu::actuation {

class XTestActionSink : public ActionSink {
public:
    /// Throws ConnectionError if the display cannot be opened or lacks XTest.
    explicit XTestActionSink(const std::string& display);
    ~XTestActionSink() override;

    void movePointer(int x, int y) override;
    void setButton(MouseButton button, bool down) override;
    void setKey(std::uint32_t keysym, bool down) override;
    void sync() override;
    std::string describe() const override;

private:
    struct Impl;  // keeps <X11/...> out of this header
    std::unique_ptr<Impl> impl_;
};

}  // namespace hemu::actuation
