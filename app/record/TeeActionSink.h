#pragma once
// An ActionSink that passes each event to two others, first then second: the live viewer sends
// a person's input to the VNC server and to the recording's event log.

#include "actuation/ActionSink.h"

namespace hemu::record {

class TeeActionSink : public actuation::ActionSink {
public:
    /// Both must outlive the tee. An exception from `first` means `second` does not see the
    /// event: only what reached the server is logged.
    TeeActionSink(actuation::ActionSink& first, actuation::ActionSink& second)
        : first_(first), second_(second) {}

    void movePointer(int x, int y) override {
        first_.movePointer(x, y);
        second_.movePointer(x, y);
    }
    void setButton(actuation::MouseButton button, bool down) override {
        first_.setButton(button, down);
        second_.setButton(button, down);
    }
    void setKey(std::uint32_t keysym, bool down) override {
        first_.setKey(keysym, down);
        second_.setKey(keysym, down);
    }
    void sync() override {
        first_.sync();
        second_.sync();
    }
    std::string describe() const override { return first_.describe() + " + " + second_.describe(); }

private:
    actuation::ActionSink& first_;
    actuation::ActionSink& second_;
};

}  // namespace hemu::record
