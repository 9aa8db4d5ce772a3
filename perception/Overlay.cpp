#include "perception/Overlay.h"

#include <opencv2/imgproc.hpp>

namespace hemu::perception {
namespace {

cv::Scalar colourOf(ElementType type) {
    switch (type) {  // BGR, distinguishable for colour-blind readers (Okabe-Ito palette)
        case ElementType::TextField: return {178, 114, 0};
        case ElementType::Button: return {0, 159, 230};
        case ElementType::Checkbox: return {115, 158, 0};
        case ElementType::Radio: return {167, 121, 204};
        case ElementType::Dropdown: return {0, 94, 213};
        case ElementType::Text: return {120, 120, 120};
        case ElementType::Invalid: break;
    }
    return {0, 0, 0};
}

// Hershey fonts have ASCII only: other characters become '?'.
std::string asciiOnly(const std::string& utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80) out.push_back(char(c));
        else if ((c & 0xc0) == 0xc0) out.push_back('?');
    }
    return out;
}

}  // namespace

cv::Mat drawOverlay(const cv::Mat& frame, const ScreenParse& parse) {
    cv::Mat out;
    if (frame.channels() == 4) cv::cvtColor(frame, out, cv::COLOR_BGRA2BGR);
    else if (frame.channels() == 1) cv::cvtColor(frame, out, cv::COLOR_GRAY2BGR);
    else out = frame.clone();
    // Dim the screen so the drawing stands out.
    out = out * 0.6 + cv::Scalar(100, 100, 100);
    for (std::size_t i = 0; i < parse.elements.size(); ++i) {
        const Element& e = parse.elements[i];
        const cv::Scalar colour = colourOf(e.type);
        cv::rectangle(out, e.box, colour, e.type == ElementType::Text ? 1 : 2);
        std::string caption = std::string(toString(e.type));
        if (e.checked) caption += *e.checked ? " [x]" : " [ ]";
        if (!e.text.empty() && e.type != ElementType::Text) caption += " \"" + asciiOnly(e.text) + "\"";
        if (e.type != ElementType::Text) {
            cv::putText(out, caption, {e.box.x, std::max(10, e.box.y - 3)}, cv::FONT_HERSHEY_SIMPLEX,
                        0.38, colour, 1, cv::LINE_AA);
        } else {
            cv::putText(out, asciiOnly(e.text), {e.box.x, e.box.y + e.box.height + 11},
                        cv::FONT_HERSHEY_SIMPLEX, 0.35, {60, 60, 60}, 1, cv::LINE_AA);
        }
        if (e.label && *e.label < parse.elements.size()) {
            const cv::Rect& l = parse.elements[*e.label].box;
            cv::line(out, {l.x + l.width / 2, l.y + l.height / 2}, {e.box.x, e.box.y + e.box.height / 2},
                     {0, 0, 200}, 1, cv::LINE_AA);
        }
    }
    return out;
}

}  // namespace hemu::perception
