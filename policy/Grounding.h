#pragma once
// Grounding: which element on screen a step's `target` means, from what perception read.
//
//   Grounding g = groundTarget(screen, step);
//   if (!g.found()) fail(g.reason);                 // never a guess: a wrong click is worse
//   actuator.click(center(screen.elements[*g.index].box));
//
// Targets are the words a person sees: a field's label, a button's caption. Matching forgives
// what people and the text recognizer get slightly wrong — case, a trailing ":" or "*", a
// letter or two — but not a different word: a target that is not on screen must fail.

#include "perception/ScreenParse.h"
#include "policy/Task.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hemu::policy {

/// Lower case, inner whitespace collapsed, trailing ":", "*", "." and spaces removed.
std::string normalizeCaption(std::string_view text);

/// How well a caption read on screen matches a target, 0..1: 1 for equal normalised texts,
/// 1 - edit distance / length for reading slips, 0.85 when the target is the whole first
/// words of a longer caption ("Subscribe" for "Subscribe to the newsletter").
double captionSimilarity(std::string_view target, std::string_view caption);

/// A check box's caption as read with its square taken for a letter ("C Billable" → "Billable",
/// "XYour letter" → "Your letter"); nullopt where it does not look like that. The caption is
/// matched both ways.
std::optional<std::string> withoutIndicatorGlyph(std::string_view caption);

/// Plain letter-level likeness (1 - edit distance / length of the normalised texts): for
/// naming the closest caption, and for finding captions worth reading again.
double letterSimilarity(std::string_view target, std::string_view caption);

/// Below this similarity a caption is not the target.
inline constexpr double kMinTargetSimilarity = 0.75;

/// Element kinds a step can act on.
std::vector<perception::ElementType> targetTypes(StepAction action);

struct Grounding {
    std::optional<std::size_t> index;  ///< the control (or text, for click/wait) to act on
    double score = 0;
    std::string matchedText;           ///< the caption or label that matched
    std::string reason;                ///< why nothing matched (with the closest caption)
    bool found() const { return index.has_value(); }
};

/// Finds the element `step` targets. Controls are matched by their own caption (buttons,
/// check boxes, radios), by the text the label linker attached to them, or, when the linker
/// missed, by a matching text with the nearest control of the right kind to its right or
/// below it. Equal scores go to the element nearer the top, then the left, as a reader meets them.
Grounding groundTarget(const perception::ScreenParse& screen, const Step& step);

/// The text element showing `text` (for wait steps and dropdown options), best match first.
/// `within`, when not empty, restricts the search to elements inside it.
Grounding findText(const perception::ScreenParse& screen, std::string_view text,
                   const cv::Rect& within = {});

}  // namespace hemu::policy
