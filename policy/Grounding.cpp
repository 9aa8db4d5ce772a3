#include "policy/Grounding.h"

#include "perception/ParseEvaluation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace hemu::policy {

using perception::Element;
using perception::ElementType;
using perception::ScreenParse;

namespace {

std::size_t utf8Length(std::string_view s) {
    return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

bool startsWithWords(std::string_view whole, std::string_view first) {
    return whole.size() > first.size() && whole.substr(0, first.size()) == first &&
           whole[first.size()] == ' ';
}

cv::Point center(const cv::Rect& r) { return {r.x + r.width / 2, r.y + r.height / 2}; }

/// How far `control` is from where a control labelled by `text` would be: right of it on the
/// same row, or below it in the same column. Infinity when it is in neither place.
bool sameRow(const cv::Rect& text, const cv::Rect& control) {
    const int rowOverlap = std::min(text.br().y, control.br().y) - std::max(text.y, control.y);
    return rowOverlap > std::min(text.height, control.height) / 2;
}

/// `text` is a caption on the control's row, just left of it.
bool besideLeft(const cv::Rect& text, const cv::Rect& control) {
    const int gapRight = control.x - text.br().x;
    // (Detected boxes are a few pixels loose: a field may seem to start under its caption.)
    return sameRow(text, control) && gapRight > -text.width / 2 &&
           gapRight < 12 * std::max(text.height, 8);
}

/// Added to the distance of a control below its caption: one on the caption's row comes first.
constexpr double kBelowPenalty = 10000;

double labelDistance(const cv::Rect& text, const cv::Rect& control) {
    const bool sameRow = policy::sameRow(text, control);
    if (besideLeft(text, control)) return std::max(control.x - text.br().x, 0);
    // A check box's square left of its caption.
    const int gapLeft = text.x - control.br().x;
    if (sameRow && control.width < 3 * std::max(text.height, 8) && gapLeft > -text.height &&
        gapLeft < 2 * std::max(text.height, 8))
        return std::max(gapLeft, 0) + 1;
    const int gapBelow = control.y - text.br().y;
    const bool sameColumn = std::abs(control.x - text.x) < 3 * std::max(text.height, 8);
    // A control on the caption's own row is the one it names, however near a box below is
    // (a weak detection spanning the next row, tk-brief's "Anlagen" line under "Gruß").
    if (sameColumn && gapBelow > -4 && gapBelow < 3 * std::max(text.height, 8))
        return kBelowPenalty + std::max(gapBelow, 0);
    return INFINITY;
}

struct Candidate {
    std::size_t index;
    double score;
    std::string text;
};

bool readingOrderBefore(const ScreenParse& screen, const Candidate& a, const Candidate& b) {
    if (std::abs(a.score - b.score) > 0.02) return a.score > b.score;
    // Two captions that match alike (a dialog's heading that starts with a field's label):
    // the control the detector is surer of; a heading misread as a field is a weak detection.
    const Element& ea = screen.elements[a.index];
    const Element& eb = screen.elements[b.index];
    if (std::abs(ea.score - eb.score) > 0.15f) return ea.score > eb.score;
    const cv::Rect& ra = ea.box;
    const cv::Rect& rb = eb.box;
    if (std::abs(ra.y - rb.y) > std::min(ra.height, rb.height) / 2) return ra.y < rb.y;
    return ra.x < rb.x;
}

/// The first candidate by score, then reading order.
Grounding best(const ScreenParse& screen, std::vector<Candidate> candidates) {
    std::sort(candidates.begin(), candidates.end(),
              [&](const Candidate& a, const Candidate& b) { return readingOrderBefore(screen, a, b); });
    Grounding result;
    result.index = candidates.front().index;
    result.score = std::min(candidates.front().score, 1.0);
    result.matchedText = candidates.front().text;
    return result;
}

bool hasOwnCaption(ElementType type) {
    return type == ElementType::Button || type == ElementType::Checkbox ||
           type == ElementType::Radio || type == ElementType::Text;
}

}  // namespace

std::string normalizeCaption(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (const char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!out.empty() && (out.back() == ':' || out.back() == '*' || out.back() == '.' ||
                            out.back() == ' '))
        out.pop_back();
    return out;
}

namespace {

std::vector<std::string> words(const std::string& normalized) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= normalized.size()) {
        const std::size_t space = std::min(normalized.find(' ', start), normalized.size());
        if (space > start) out.push_back(normalized.substr(start, space - start));
        start = space + 1;
    }
    return out;
}

/// Reading slips forgiven in a word of `length` characters: none in a short word, where one
/// letter makes another word ("Fax"/"Tax"), then about one in four.
int allowedSlips(std::size_t length, std::size_t words = 1) {
    if (length <= 3) return words >= 3 && length >= 2 ? 1 : 0;  // "Ad to newsletter"
    return length <= 5 ? 1 : length <= 9 ? 2 : 3;
}

}  // namespace

double captionSimilarity(std::string_view target, std::string_view caption) {
    const std::string t = normalizeCaption(target);
    const std::string c = normalizeCaption(caption);
    if (t.empty() || c.empty()) return 0;
    if (t == c) return 1;
    double similarity = 0;
    // Word by word: a slip within a word is a misreading, a different word is a different
    // caption ("Customer number" is not "Customer name", though only three letters differ).
    const std::vector<std::string> tw = words(t), cw = words(c);
    // A long caption may have one word badly read, but not its first (where "Billing" and
    // "Shipping" differ), and not a short caption, where one word is half the meaning.
    auto wordwise = [&](const std::vector<std::string>& a, const std::vector<std::string>& b) {
        int slips = 0, badWords = 0;
        std::size_t letters = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            int d = perception::editDistance(a[i], b[i]);
            const std::size_t length = std::max(utf8Length(a[i]), utf8Length(b[i]));
            // The caption's last word cut off by the edge of its box ("pric" for "price").
            if (i + 1 == a.size() && b[i].size() >= 3 && a[i].starts_with(b[i])) d = 1;
            if (d > allowedSlips(length, a.size())) {
                if (i == 0 || a.size() < 3 || 2 * d > int(length)) return 0.0;
                ++badWords;
            }
            slips += d;
            letters += length;
        }
        if (badWords > 1) return 0.0;
        return 1.0 - double(slips) / double(std::max<std::size_t>(letters, 1));
    };
    if (tw.size() == cw.size()) similarity = wordwise(tw, cw);
    // Words run together or split apart by the reader ("Firstname"): compare without spaces.
    std::string tJoined, cJoined;
    for (const auto& w : tw) tJoined += w;
    for (const auto& w : cw) cJoined += w;
    if (tw.size() != cw.size()) {
        const std::size_t length = std::max(utf8Length(tJoined), utf8Length(cJoined));
        const int d = perception::editDistance(tJoined, cJoined);
        if (d <= std::min(allowedSlips(length), 1 + int(length) / 8))
            similarity = 1.0 - double(d + 1) / double(length);  // the space slip counts too
    }
    // The target names the first words of a longer caption; or the caption was cut off.
    if (utf8Length(t) >= 4 && startsWithWords(c, t)) similarity = std::max(similarity, 0.85);
    if (utf8Length(c) >= 6 && startsWithWords(t, c)) similarity = std::max(similarity, 0.8);
    return similarity;
}

std::vector<ElementType> targetTypes(StepAction action) {
    switch (action) {
        case StepAction::Fill: return {ElementType::TextField};
        case StepAction::Select: return {ElementType::Dropdown};
        case StepAction::Check: return {ElementType::Checkbox};
        case StepAction::Click:
            return {ElementType::Button, ElementType::Radio, ElementType::Checkbox,
                    ElementType::Text, ElementType::Dropdown};
        case StepAction::Wait:
            return {ElementType::Text, ElementType::Button, ElementType::Checkbox,
                    ElementType::Radio};
        default: return {};
    }
}

std::optional<std::string> withoutIndicatorGlyph(std::string_view caption) {
    // "C Billable", "X Add ons": a one-letter word in front.
    if (caption.size() > 2 && caption[1] == ' ' && std::isalpha(static_cast<unsigned char>(caption[0])))
        return std::string(caption.substr(2));
    // "XYour letter": a capital glued to the caption's own capital.
    if (caption.size() > 2 && std::isupper(static_cast<unsigned char>(caption[0])) &&
        std::isupper(static_cast<unsigned char>(caption[1])) &&
        std::islower(static_cast<unsigned char>(caption[2])))
        return std::string(caption.substr(1));
    return std::nullopt;
}

double letterSimilarity(std::string_view target, std::string_view caption) {
    const std::string t = normalizeCaption(target), c = normalizeCaption(caption);
    if (t.empty() || c.empty()) return 0;
    return 1.0 - perception::editDistance(t, c) / double(std::max(utf8Length(t), utf8Length(c)));
}

Grounding groundTarget(const ScreenParse& screen, const Step& step) {
    const std::vector<ElementType> types = targetTypes(step.action);
    auto wanted = [&](ElementType type) {
        return std::find(types.begin(), types.end(), type) != types.end();
    };
    // Click prefers what people click: a button over a text with the same words.
    auto kindBonus = [&](ElementType type) {
        if (step.action != StepAction::Click) return 0.0;
        return type == ElementType::Button ? 0.03 : type == ElementType::Text ? -0.03 : 0.0;
    };

    std::vector<Candidate> candidates;
    Candidate closest{0, -1, ""};
    auto consider = [&](std::size_t index, const std::string& text, double discount) {
        const double score = captionSimilarity(step.target, text) * discount;
        const double letters = letterSimilarity(step.target, text);
        if (letters > closest.score) closest = {index, letters, text};
        if (score >= kMinTargetSimilarity)
            candidates.push_back({index, score + kindBonus(screen.elements[index].type), text});
    };

    // The detector sometimes takes one kind of field for another (a combo box drawn like a
    // text field, or like a button): those count too, a little below the expected kind.
    auto discountFor = [&](ElementType type) {
        if (wanted(type)) return 1.0;
        if (step.action == StepAction::Fill && type == ElementType::Dropdown) return 0.9;
        if (step.action == StepAction::Check && type == ElementType::Radio) return 0.9;
        // A caption whose check box was not detected: clicking the caption toggles it.
        if (step.action == StepAction::Check && type == ElementType::Text) return 0.9;
        // A check box taken for a button (tk-brief's "Signature" under a column of buttons):
        // the step says it is a check box, and the check reads its square after the click.
        if (step.action == StepAction::Check && type == ElementType::Button) return 0.85;
        if (step.action == StepAction::Select &&
            (type == ElementType::TextField || type == ElementType::Button))
            return 0.9;
        return 0.0;
    };
    // For each text, the control a caption there would label, by layout alone.
    auto nearestControl = [&](std::size_t t) -> std::optional<std::size_t> {
        std::optional<std::size_t> nearest;
        double best = INFINITY;
        for (std::size_t i = 0; i < screen.elements.size(); ++i) {
            if (i == t || screen.elements[i].type == ElementType::Text) continue;
            if (discountFor(screen.elements[i].type) == 0) continue;
            // A check box or button that shows a caption of its own is named by it, not by
            // the text above it ("Escort required" above the check box "NDA signed").
            const Element& control = screen.elements[i];
            if (hasOwnCaption(control.type) && utf8Length(control.text) >= 3 &&
                captionSimilarity(screen.elements[t].text, control.text) < kMinTargetSimilarity)
                continue;
            const double d = labelDistance(screen.elements[t].box, screen.elements[i].box);
            // A control the linker gave another label is that label's (tk-brief's "Name"
            // field below the "An" caption whose own field went undetected), unless this
            // text is the caption beside it and the linker chose one off its row (a dialog's
            // heading above the first field).
            const auto& other = screen.elements[i].label;
            if (other && *other != t && *other < screen.elements.size() &&
                !(besideLeft(screen.elements[t].box, screen.elements[i].box) &&
                  !policy::sameRow(screen.elements[*other].box, screen.elements[i].box)))
                continue;
            if (d < best) best = d, nearest = i;
        }
        return nearest;
    };
    for (std::size_t i = 0; i < screen.elements.size(); ++i) {
        const Element& e = screen.elements[i];
        const double discount = discountFor(e.type);
        if (discount == 0) continue;
        if (hasOwnCaption(e.type)) {
            consider(i, e.text, discount);
            if (step.action == StepAction::Check)  // a check box, or its caption read alone
                if (const auto caption = withoutIndicatorGlyph(e.text)) consider(i, *caption, discount);
        }
        // A linked label whose control is not where the layout puts it (the linker picked a
        // box below when one sits right beside it) counts a little less than the layout.
        if (e.label) {
            const std::optional<std::size_t> byLayout = nearestControl(*e.label);
            consider(i, screen.labelText(i), discount * (!byLayout || *byLayout == i ? 1.0 : 0.95));
        }
    }
    // The linker may have missed a label: a matching text with a control where its control
    // would be. Slightly below a direct match, so a linked label wins a tie.
    if (step.action == StepAction::Fill || step.action == StepAction::Select ||
        step.action == StepAction::Check) {
        for (std::size_t t = 0; t < screen.elements.size(); ++t) {
            const Element& text = screen.elements[t];
            if (text.type != ElementType::Text) continue;
            if (captionSimilarity(step.target, text.text) < kMinTargetSimilarity) continue;
            const std::optional<std::size_t> nearest = nearestControl(t);
            if (nearest) consider(*nearest, text.text, 0.97 * discountFor(screen.elements[*nearest].type));
        }
    }

    Grounding result;
    if (candidates.empty()) {
        char score[16];
        std::snprintf(score, sizeof score, "%.2f", std::max(closest.score, 0.0));
        std::string kinds;
        for (ElementType t : types) kinds += (kinds.empty() ? "" : "/") + std::string(toString(t));
        result.reason = "no " + kinds + " matching \"" + step.target + "\" on screen";
        if (closest.score > 0)
            result.reason += " (closest: \"" + closest.text + "\", letter similarity " + score + ")";
        return result;
    }
    return best(screen, std::move(candidates));
}

Grounding findText(const ScreenParse& screen, std::string_view text, const cv::Rect& within) {
    std::vector<Candidate> candidates;
    Candidate closest{0, -1, ""};
    for (std::size_t i = 0; i < screen.elements.size(); ++i) {
        const Element& e = screen.elements[i];
        if (e.text.empty() || e.type == ElementType::TextField) continue;
        if (!within.empty() && !within.contains(center(e.box))) continue;
        const double score = captionSimilarity(text, e.text);
        const double letters = letterSimilarity(text, e.text);
        if (letters > closest.score) closest = {i, letters, e.text};
        if (score >= kMinTargetSimilarity) candidates.push_back({i, score, e.text});
    }
    Grounding result;
    if (candidates.empty()) {
        result.reason = "no text \"" + std::string(text) + "\" on screen";
        if (closest.score > 0) result.reason += " (closest: \"" + closest.text + "\")";
        return result;
    }
    return best(screen, std::move(candidates));
}

}  // namespace hemu::policy
