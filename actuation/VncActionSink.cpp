#include "actuation/VncActionSink.h"

namespace hemu::actuation {

VncActionSink::VncActionSink(std::shared_ptr<capture::VncConnection> connection)
    : connection_(std::move(connection)) {}

void VncActionSink::movePointer(int x, int y) {
    x_ = x;
    y_ = y;
    connection_->sendPointer(x_, y_, buttonMask_);
}

void VncActionSink::setButton(MouseButton button, bool down) {
    const int bit = 1 << (int(button) - 1);  // RFB: bit 0 = button 1 ... bit 4 = button 5
    buttonMask_ = down ? (buttonMask_ | bit) : (buttonMask_ & ~bit);
    connection_->sendPointer(x_, y_, buttonMask_);
}

void VncActionSink::setKey(std::uint32_t keysym, bool down) {
    // Printable ASCII and function keys are in every keymap; other characters may not be.
    const bool mayBeMissing = keysym > 0x7e && keysym < 0xff00;
    if (down && mayBeMissing && !primed_) {
        // Seen with GTK over Xvnc: when the very first key an application gets is one the
        // server had to add to its keymap, it is dropped. A Shift tap first changes nothing.
        connection_->sendKey(0xffe1 /* Shift_L */, true);
        connection_->sendKey(0xffe1, false);
    }
    primed_ = true;
    connection_->sendKey(keysym, down);
}

std::string VncActionSink::describe() const { return "vnc " + connection_->address(); }

}  // namespace hemu::actuation
