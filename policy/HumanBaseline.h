#pragma once
// How long a skilled person would take for a task: the Keystroke-Level Model (Card, Moran and
// Newell 1980), operator by operator, so reports can say how much faster hemu was.
//
//   K 0.20 s  a keystroke (skilled typist; a shifted character is two keystrokes)
//   P 1.10 s  point with the mouse at a target
//   B 0.10 s  press or release a mouse button (a click is 2B)
//   H 0.40 s  move a hand between mouse and keyboard
//   M 1.35 s  prepare mentally (find the next field, read the value)
//
// Per step, with the hand starting on the mouse and H counted only when it has to move:
//
//   fill    M + [H] + P + 2B + H + K x keystrokes(value)        hand ends on the keyboard
//   select  M + [H] + P + 2B + P + 2B                           open the list, pick the option
//   check   M + [H] + P + 2B                                    look, and click the box
//   click   M + [H] + P + 2B
//   key     M + [H] + K x keys in the combo                     hand ends on the keyboard
//   wait    M                                                   notice that it appeared

#include "policy/Task.h"

#include <vector>

namespace hemu::policy {

namespace klm {
inline constexpr double K = 0.20, P = 1.10, B = 0.10, H = 0.40, M = 1.35;
}

/// Seconds per step, in order (the model above).
std::vector<double> klmStepSeconds(const Task& task);

/// The whole task.
double klmTaskSeconds(const Task& task);

/// Keystrokes a person types for `text`: one per character, two for shifted ones.
int klmKeystrokes(const std::string& text);

}  // namespace hemu::policy
