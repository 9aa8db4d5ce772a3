#include "perception/LabelFeatures.h"

#include <algorithm>
#include <cmath>

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
            text.text.empty() ? 0.0f : 1.0f,
            0.0f, 0.0f, 0.0f, 0.0f};  // context: labelCandidates fills these in
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

namespace {

/// Distance between two boxes' nearest edges (0 where they overlap).
double gapBetween(const cv::Rect& a, const cv::Rect& b) {
    const int dx = std::max({0, a.x - b.br().x, b.x - a.br().x});
    const int dy = std::max({0, a.y - b.br().y, b.y - a.br().y});
    return std::hypot(double(dx), double(dy));
}

/// The stretch of screen between two boxes: along their shared rows when they share rows,
/// along their shared columns when they share columns, else between their nearest corners.
cv::Rect corridorBetween(const cv::Rect& a, const cv::Rect& b) {
    const int rowTop = std::max(a.y, b.y), rowBottom = std::min(a.br().y, b.br().y);
    const int colLeft = std::max(a.x, b.x), colRight = std::min(a.br().x, b.br().x);
    const int gapLeft = std::min(a.br().x, b.br().x), gapRight = std::max(a.x, b.x);
    const int gapTop = std::min(a.br().y, b.br().y), gapBottom = std::max(a.y, b.y);
    if (rowBottom > rowTop) return {cv::Point(gapLeft, rowTop), cv::Point(gapRight, rowBottom)};
    if (colRight > colLeft) return {cv::Point(colLeft, gapTop), cv::Point(colRight, gapBottom)};
    return {cv::Point(gapLeft, gapTop), cv::Point(gapRight, gapBottom)};
}

}  // namespace

std::vector<LabelCandidate> labelCandidates(const std::vector<Element>& elements) {
    std::vector<LabelCandidate> candidates;
    for (std::size_t c = 0; c < elements.size(); ++c) {
        if (!takesLabel(elements[c].type)) continue;
        for (std::size_t t = 0; t < elements.size(); ++t) {
            if (elements[t].type != ElementType::Text || !isLabelCandidate(elements[t], elements[c]))
                continue;
            candidates.push_back({t, c, labelFeatures(elements[t], elements[c])});
        }
    }
    // Ranks by gap, 0 for the nearest, counted among the candidates of the same control (of
    // the same text); capped at 3 and scaled to [0, 1].
    std::vector<double> gaps;
    for (const auto& k : candidates) gaps.push_back(gapBetween(elements[k.text].box, elements[k.control].box));
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        int nearerTexts = 0, nearerControls = 0;
        for (std::size_t j = 0; j < candidates.size(); ++j) {
            if (gaps[j] >= gaps[i] || j == i) continue;
            nearerTexts += candidates[j].control == candidates[i].control;
            nearerControls += candidates[j].text == candidates[i].text;
        }
        const cv::Rect& t = elements[candidates[i].text].box;
        const cv::Rect& c = elements[candidates[i].control].box;
        const cv::Rect corridor = corridorBetween(t, c);
        bool controlBetween = false, textBetween = false;
        if (corridor.area() > 0) {
            for (std::size_t e = 0; e < elements.size(); ++e) {
                if (e == candidates[i].text || e == candidates[i].control) continue;
                const cv::Rect& box = elements[e].box;
                // Standing between: a quarter of it inside the corridor.
                if (4 * (box & corridor).area() < box.area() || box.area() == 0) continue;
                (elements[e].type == ElementType::Text ? textBetween : controlBetween) = true;
            }
        }
        auto& f = candidates[i].features;
        f[kLabelFeatureCount - 4] = float(std::min(nearerTexts, 3)) / 3.0f;
        f[kLabelFeatureCount - 3] = float(std::min(nearerControls, 3)) / 3.0f;
        f[kLabelFeatureCount - 2] = controlBetween ? 1.0f : 0.0f;
        f[kLabelFeatureCount - 1] = textBetween ? 1.0f : 0.0f;
    }
    return candidates;
}

}  // namespace hemu::perception
