#pragma once
// What the label linker sees of a (text, control) pair: where the text sits relative to the
// control, in units of the text's height, and what kinds of things they are.

#include "perception/ScreenParse.h"

#include <array>

namespace hemu::perception {

inline constexpr int kLabelFeatureCount = 14;
using LabelFeatures = std::array<float, kLabelFeatureCount>;

/// Controls that carry a label in our ground truth (fields, dropdowns, check boxes).
bool takesLabel(ElementType type);

LabelFeatures labelFeatures(const Element& text, const Element& control);

/// Whether `text` is near enough to `control` to be worth scoring, and not mostly inside it
/// (cheap pre-filter).
bool isLabelCandidate(const Element& text, const Element& control);

}  // namespace hemu::perception
