#pragma once
// What the label linker sees of a (text, control) pair: where the text sits relative to the
// control, in units of the text's height, and what kinds of things they are.

#include "perception/ScreenParse.h"

#include <array>
#include <vector>

namespace hemu::perception {

inline constexpr int kLabelFeatureCount = 18;
using LabelFeatures = std::array<float, kLabelFeatureCount>;

/// Controls that carry a label in our ground truth (fields, dropdowns, check boxes).
bool takesLabel(ElementType type);

LabelFeatures labelFeatures(const Element& text, const Element& control);

/// Whether `text` is near enough to `control` to be worth scoring, and not mostly inside it
/// (cheap pre-filter).
bool isLabelCandidate(const Element& text, const Element& control);

/// A (text, control) pair worth scoring, with what the linker sees of it.
struct LabelCandidate {
    std::size_t text = 0, control = 0;  // indices into the screen's elements
    LabelFeatures features{};
};

/// Every candidate pair of a screen (isLabelCandidate), each with its geometry
/// (labelFeatures) and its context among the others: whether the text is the control's
/// nearest candidate and the control the text's nearest, and whether another control or
/// text stands between them. A caption in a far label column is the field's label because
/// nothing nearer claims either of them; the pair alone cannot tell it from a stray text.
std::vector<LabelCandidate> labelCandidates(const std::vector<Element>& elements);

}  // namespace hemu::perception
