#include "perception/LabelFeatures.h"

#include <algorithm>

namespace hemu::perception {

bool takesLabel(ElementType type) {
    // A check box has its caption beside it, and sometimes a label of its own too (a form
    // row's "Notifications:" left of "[x] Email me").
    return type == ElementType::TextField || type == ElementType::Dropdown ||
           type == ElementType::Checkbox;
}

LabelFeatures labelFeatures(const Element& text, const Element& control) {
    const cv::Rect& t = text.box;
    const cv::Rect& c = control.box;
    const float unit = float(std::max(t.height, 4));
    auto scaled = [&](float v) { return std::clamp(v / unit, -30.0f, 30.0f) / 10.0f; };
    const bool endsWithColon = !text.text.empty() && (text.text.back() == ':' || text.text.back() == '*');
    return {scaled(c.x - (t.x + t.width)),                           // gap, text left of control
            scaled(c.y - (t.y + t.height)),                          // gap, text above control
            scaled(t.x - c.x),                                       // left edges
            scaled(t.y - c.y),                                       // top edges
            scaled((t.y + t.height / 2.0f) - (c.y + c.height / 2.0f)),  // centre rows
            scaled((t.x + t.width / 2.0f) - (c.x + c.width / 2.0f)),    // centre columns
            scaled(float(t.width)) / 3.0f,
            scaled(float(c.width)) / 3.0f,
            scaled(float(c.height)),
            scaled((t.x + t.width) - (c.x + c.width)),               // right edges
            endsWithColon ? 1.0f : 0.0f,
            control.type == ElementType::TextField ? 1.0f : 0.0f,
            control.type == ElementType::Dropdown ? 1.0f : 0.0f,
            text.text.empty() ? 0.0f : 1.0f};
}

bool isLabelCandidate(const Element& text, const Element& control) {
    const int reach = 12 * std::max(control.box.height, 10);
    cv::Rect around(control.box.x - reach, control.box.y - reach / 3, control.box.width + 2 * reach,
                    control.box.height + reach / 3 + control.box.height);
    // Detected boxes are loose: a field's often starts over its caption's end (Qt's form
    // layouts, right-aligned captions). A text at most half inside the control can still be
    // its label; one mostly inside is the control's own. Measured (eval-parse --limit 50,
    // association): no overlap allowed, Qt .831, GTK .971, Tk .964, real apps .944; half,
    // .873, .997, .980, .985.
    return (around & text.box).area() > 0 && 2 * (text.box & control.box).area() <= text.box.area();
}

}  // namespace hemu::perception
