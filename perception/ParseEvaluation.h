#pragma once
// Scores a parse against ground truth: detection per type (a prediction matches a true
// element of the same type with IoU >= 0.5, each used once), checkbox/radio state, text exact
// match and character error rate on matched elements, and label association.

#include "perception/ScreenParse.h"

#include <array>
#include <string>
#include <vector>

namespace hemu::perception {

struct DetectionCounts {
    int truePositives = 0, falsePositives = 0, falseNegatives = 0;
    double precision() const;
    double recall() const;
    double f1() const;
};

/// One thing the parse got wrong, for looking at (eval-parse --mistakes): a true element not
/// found, a found one not true, or a matched element's text, label or checked state.
struct ParseMistake {
    enum class Kind { Missed, Spurious, Text, Label, State } kind = Kind::Text;
    ElementType type = ElementType::Invalid;
    cv::Rect box;          ///< the true element's box (the found one's where Spurious)
    std::string expected;  ///< the true text, or the true label's text ("checked"/"unchecked" for a state)
    std::string got;       ///< what the parse read, or the label it chose ("" for none)
};
std::string_view toString(ParseMistake::Kind kind);

struct ParseScore {
    std::array<DetectionCounts, kElementTypeCount + 1> byType{};  ///< indexed by ElementType
    int stateCorrect = 0, stateTotal = 0;      ///< checked of matched checkboxes and radios
    int textExact = 0, textTotal = 0;          ///< matched elements with a true text
    long textEdits = 0, textCharacters = 0;    ///< for the character error rate
    int labelCorrect = 0, labelTotal = 0;      ///< matched controls that have a true label
    std::vector<ParseMistake> mistakes;        ///< in the order: spurious, then per true element

    void add(const ParseScore& other);
    double textExactRate() const { return textTotal ? double(textExact) / textTotal : 1; }
    double characterErrorRate() const { return textCharacters ? double(textEdits) / textCharacters : 0; }
    double labelAccuracy() const { return labelTotal ? double(labelCorrect) / labelTotal : 1; }
    double stateAccuracy() const { return stateTotal ? double(stateCorrect) / stateTotal : 1; }
};

ParseScore scoreParse(const ScreenParse& predicted, const ScreenParse& truth);

/// Levenshtein distance in characters (UTF-8 aware).
int editDistance(const std::string& a, const std::string& b);

}  // namespace hemu::perception
