#pragma once
// An ActionSink that remembers events instead of sending them: for tests.

#include "actuation/ActionSink.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hemu::actuation {

struct RecordedEvent {
    enum class Kind { Invalid, Move, Button, Key };
    Kind kind = Kind::Invalid;
    int x = 0, y = 0;             // Move
    MouseButton button{};         // Button
    std::uint32_t keysym = 0;     // Key
    bool down = false;            // Button, Key
    bool operator==(const RecordedEvent&) const = default;
    /// "move 10 20", "button 1 down", "key 0x41 up"
    std::string toString() const;
};

class RecordingActionSink : public ActionSink {
public:
    void movePointer(int x, int y) override;
    void setButton(MouseButton button, bool down) override;
    void setKey(std::uint32_t keysym, bool down) override;
    void sync() override { ++syncs; }
    std::string describe() const override { return "recording"; }

    std::vector<RecordedEvent> events;
    int syncs = 0;
};

}  // namespace hemu::actuation
