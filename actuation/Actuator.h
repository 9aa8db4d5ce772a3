#pragma once
// Lowers what a person does (click, drag, scroll, key combos, typing) into the pointer and
// key events of an ActionSink. Plain code: testable with a RecordingActionSink, no display.
//
//   Actuator act(sink);
//   act.click(120, 40);
//   act.typeText("Ada Lovelace");
//   act.pressCombo("ctrl+s");
//
// Events go out back to back, with no sleeps: the sink's transport keeps their order, and the
// caller waits on the screen (not the clock) for the application to react.

#include "actuation/ActionSink.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace hemu::actuation {

struct KeyCombo {
    std::vector<std::uint32_t> modifiers;  ///< pressed in order, released in reverse
    std::uint32_t key = 0;                 ///< 0 for a modifier-only combo ("shift")
};

/// Parses "ctrl+shift+s", "Return", "alt+F4", "ctrl++". Throws std::invalid_argument naming
/// the part that is not a key.
KeyCombo parseKeyCombo(std::string_view combo);

class Actuator {
public:
    explicit Actuator(ActionSink& sink) : sink_(sink) {}

    void move(int x, int y);
    void click(int x, int y, MouseButton button = MouseButton::Left);
    void doubleClick(int x, int y);
    /// Presses at the start, moves in steps (toolkits need motion past their drag threshold),
    /// releases at the end.
    void drag(int fromX, int fromY, int toX, int toY);
    /// Wheel notches at the current pointer position: positive scrolls down, negative up.
    void scroll(int notches);
    void pressCombo(std::string_view combo);
    /// Types UTF-8 text. Every character is checked before the first event is sent, so text
    /// with an untypeable character (throws std::invalid_argument) types nothing at all.
    void typeText(std::string_view utf8);

    /// Waits until the server processed everything sent so far.
    void sync() { sink_.sync(); }

private:
    ActionSink& sink_;
};

}  // namespace hemu::actuation
