#pragma once
// What is on a screen: controls and texts with boxes, states and which text labels which
// control. The model's output and the generators' ground truth share this type and its JSON:
//
//   {"width": W, "height": H, "elements": [{"type": "textfield", "box": [x, y, w, h],
//     "text": "Ada", "label": "First name", "checked": false, "score": 0.93}, ...]}
//   ("score": the detector's confidence, left out where it is 1)
//
// In memory a label is an index into `elements` (the text element); in JSON it is written as
// that element's text. Ground-truth files carry {"id": N, "label": N} instead; both are read.

#include <opencv2/core.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hemu::perception {

enum class ElementType { Invalid, TextField, Button, Checkbox, Radio, Dropdown, Text };
inline constexpr int kElementTypeCount = 6;  // without Invalid

std::string_view toString(ElementType type);
/// Throws std::invalid_argument for an unknown name.
ElementType elementTypeFromString(std::string_view name);

struct Element {
    ElementType type = ElementType::Invalid;
    cv::Rect box;
    std::string text;                 ///< caption, field content, dropdown value, a text's words
    std::optional<bool> checked;      ///< checkbox and radio only
    std::optional<std::size_t> label; ///< index of the text element labelling this control
    float score = 1.0f;               ///< detection confidence (1 for ground truth)
};

struct ScreenParse {
    int width = 0;
    int height = 0;
    std::vector<Element> elements;

    /// The text of the element labelling elements[i], or "".
    std::string labelText(std::size_t i) const;
};

/// JSON in the format above (labels as text).
std::string toJson(const ScreenParse& parse, int indent = -1);
/// Reads either format; throws std::runtime_error naming `source` on bad input.
ScreenParse screenParseFromJson(std::string_view json, const std::string& source);
ScreenParse loadScreenParse(const std::string& path);

}  // namespace hemu::perception
