#include "perception/DetectorDecoding.h"

#include <algorithm>
#include <cmath>

namespace hemu::perception {

using models::DetectorClass;
using models::kDetectorScreenStride;

DetectorClass detectorClassOf(const Element& e) {
    const bool on = e.checked.value_or(false);
    switch (e.type) {
        case ElementType::TextField: return DetectorClass::TextField;
        case ElementType::Button: return DetectorClass::Button;
        case ElementType::Checkbox: return on ? DetectorClass::CheckboxOn : DetectorClass::CheckboxOff;
        case ElementType::Radio: return on ? DetectorClass::RadioOn : DetectorClass::RadioOff;
        case ElementType::Dropdown: return DetectorClass::Dropdown;
        case ElementType::Text: return DetectorClass::Text;
        case ElementType::Invalid: break;
    }
    return DetectorClass::Count;
}

namespace {

Element elementOf(DetectorClass c) {
    Element e;
    switch (c) {
        case DetectorClass::TextField: e.type = ElementType::TextField; break;
        case DetectorClass::Button: e.type = ElementType::Button; break;
        case DetectorClass::CheckboxOff: e.type = ElementType::Checkbox; e.checked = false; break;
        case DetectorClass::CheckboxOn: e.type = ElementType::Checkbox; e.checked = true; break;
        case DetectorClass::RadioOff: e.type = ElementType::Radio; e.checked = false; break;
        case DetectorClass::RadioOn: e.type = ElementType::Radio; e.checked = true; break;
        case DetectorClass::Dropdown: e.type = ElementType::Dropdown; break;
        case DetectorClass::Text: e.type = ElementType::Text; break;
        case DetectorClass::Count: break;
    }
    return e;
}

}  // namespace

double iou(const cv::Rect& a, const cv::Rect& b) {
    const double inter = (a & b).area();
    const double uni = double(a.area()) + b.area() - inter;
    return uni > 0 ? inter / uni : 0.0;
}

std::vector<Element> decodeDetections(const models::DetectorOutput& output, int n, float threshold,
                                      cv::Point offset, ToggleClasses toggles, WeakFields weak) {
    // Contiguous (the network's output is channels-last): the loops below read it plane by plane.
    const auto heat = torch::sigmoid(output.heatmap[n]).contiguous();  // C x h x w
    if (toggles == ToggleClasses::Merged) {
        // "Either state": 1 - P(not off) P(not on), in the "off" channel; the state classifier
        // tells which afterwards.
        const int64_t planeSize = heat.size(1) * heat.size(2);
        float* data = heat.data_ptr<float>();
        for (const auto& [off, on] : {std::pair{DetectorClass::CheckboxOff, DetectorClass::CheckboxOn},
                                     std::pair{DetectorClass::RadioOff, DetectorClass::RadioOn}}) {
            float* o = data + int64_t(off) * planeSize;
            float* c = data + int64_t(on) * planeSize;
            for (int64_t i = 0; i < planeSize; ++i) {
                o[i] = 1 - (1 - o[i]) * (1 - c[i]);
                c[i] = 0;
            }
        }
    }
    // A peak is a cell that is the maximum of its 3x3 neighbourhood (CenterNet's NMS), found
    // by a plain loop over the cells above the threshold: max_pool2d, compare and nonzero on
    // the channels-last map took 4.4 ms of a 1080p parse (hemu-bench-parse), this takes 0.1.
    const auto size = output.size[n].contiguous();
    const auto off = output.offset[n].contiguous();
    const auto heatAccessor = heat.accessor<float, 3>();
    const auto sizeAccessor = size.accessor<float, 3>();
    const auto offAccessor = off.accessor<float, 3>();
    const int64_t classes = heat.size(0), rows = heat.size(1), cols = heat.size(2);

    std::vector<Element> found;
    for (int64_t c = 0; c < classes; ++c) {
        const auto plane = heatAccessor[c];
        const float least =
            DetectorClass(c) == DetectorClass::TextField && weak.candidates ? weak.threshold : threshold;
        for (int64_t y = 0; y < rows; ++y) {
            for (int64_t x = 0; x < cols; ++x) {
                const float score = plane[y][x];
                if (!(score > least)) continue;
                bool peak = true;
                for (int64_t ny = std::max<int64_t>(0, y - 1); peak && ny <= std::min(rows - 1, y + 1); ++ny)
                    for (int64_t nx = std::max<int64_t>(0, x - 1); nx <= std::min(cols - 1, x + 1); ++nx)
                        if (plane[ny][nx] > score) { peak = false; break; }
                if (!peak) continue;
                Element e = elementOf(DetectorClass(c));
                e.score = score;
                const float cx = (x + offAccessor[0][y][x]) * kDetectorScreenStride;
                const float cy = (y + offAccessor[1][y][x]) * kDetectorScreenStride;
                const float w = std::exp(sizeAccessor[0][y][x]) * kDetectorScreenStride;
                const float h = std::exp(sizeAccessor[1][y][x]) * kDetectorScreenStride;
                e.box = cv::Rect(int(std::lround(cx - w / 2)) + offset.x,
                                 int(std::lround(cy - h / 2)) + offset.y,
                                 std::max(1, int(std::lround(w))), std::max(1, int(std::lround(h))));
                found.push_back(std::move(e));
            }
        }
    }
    // One element per place: where boxes overlap, keep the surer one. Overlap is IoU > 0.4
    // across classes, and for two of one class also half the smaller box covered: the peaks
    // of one long text line or wide field, each with a box over part of it, overlap little by
    // IoU. (Measured on held-out screens 51-110, against IoU > 0.6 alone: Qt check box F1
    // .849 -> .871, text .932 -> .943, association .907 -> .915; Tk check box .821 -> .847.)
    std::sort(found.begin(), found.end(), [](const Element& a, const Element& b) { return a.score > b.score; });
    std::vector<Element> kept;
    auto duplicates = [](const Element& e, const std::vector<Element>& of) {
        return std::any_of(of.begin(), of.end(), [&](const Element& k) {
            if (iou(k.box, e.box) > 0.4) return true;
            return k.type == e.type && (k.box & e.box).area() * 2 >= std::min(k.box.area(), e.box.area());
        });
    };
    for (auto& e : found) {
        if (e.score > threshold) {  // the weak ones sort last, and so take no place from these
            if (!duplicates(e, kept)) kept.push_back(std::move(e));
            continue;
        }
        // A weak field over half a control or more is no candidate (a row of check boxes with
        // their captions), nor one over a fifth of a field (the gap between two stacked fields,
        // half on each). Less of a check box: its box may run on over the field after it.
        const bool overControl = std::any_of(kept.begin(), kept.end(), [&](const Element& k) {
            if (k.type == ElementType::Text) return false;
            const int overlap = (k.box & e.box).area();
            if (k.type == ElementType::TextField || k.type == ElementType::Dropdown)
                return overlap * 5 > std::min(k.box.area(), e.box.area());
            return overlap * 2 >= k.box.area();
        });
        if (!overControl && !duplicates(e, kept) && !duplicates(e, *weak.candidates))
            weak.candidates->push_back(std::move(e));
    }
    dropControlsOwnParts(kept);
    return kept;
}

void dropControlsOwnParts(std::vector<Element>& elements) {
    // Text inside a control is the control's own (a caption, a field's content), not a text
    // element of its own: the detector often sees both, and the second one, read on its own,
    // offers the agent and the linker a "label" that is really a value. Only where the control
    // is the surer of the two: a field's box drawn too tall swallows the label above it, and
    // that label is the one to keep (held-out association fell 2 points without this).
    // A button or toggle inside a field or dropdown is the field's content too: right-aligned
    // content ("Bern" at a field's right end) or a toolbar search field's placeholder taken for
    // a button. No ground truth of any set has a control inside a field or dropdown.
    std::vector<Element> controls;
    for (const auto& e : elements)
        if (e.type != ElementType::Text) controls.push_back(e);
    const auto isField = [](const Element& e) {
        return e.type == ElementType::TextField || e.type == ElementType::Dropdown;
    };
    std::erase_if(elements, [&](const Element& part) {
        if (isField(part)) return false;
        return std::any_of(controls.begin(), controls.end(), [&](const Element& c) {
            if (part.type != ElementType::Text && !isField(c)) return false;
            return (c.box & part.box).area() >= 0.8 * part.box.area() && c.score >= part.score;
        });
    });
}

DetectorTargets encodeTargets(const std::vector<std::vector<Element>>& batch, cv::Size cells) {
    const int64_t n = int64_t(batch.size());
    auto heat = torch::zeros({n, models::kDetectorClasses, cells.height, cells.width});
    auto size = torch::zeros({n, 2, cells.height, cells.width});
    auto off = torch::zeros({n, 2, cells.height, cells.width});
    auto mask = torch::zeros({n, 1, cells.height, cells.width});
    auto h = heat.accessor<float, 4>();
    auto s = size.accessor<float, 4>();
    auto o = off.accessor<float, 4>();
    auto m = mask.accessor<float, 4>();
    for (int64_t i = 0; i < n; ++i) {
        for (const Element& e : batch[i]) {
            const int c = int(detectorClassOf(e));
            if (c >= models::kDetectorClasses) continue;
            const float cx = (e.box.x + e.box.width / 2.0f) / kDetectorScreenStride;
            const float cy = (e.box.y + e.box.height / 2.0f) / kDetectorScreenStride;
            const int ix = int(std::floor(cx)), iy = int(std::floor(cy));
            if (ix < 0 || iy < 0 || ix >= cells.width || iy >= cells.height) continue;
            // An elliptical Gaussian (as TTFNet): long text lines get a long, flat peak.
            const float sx = std::max(0.6f, e.box.width / float(kDetectorScreenStride) / 6.0f);
            const float sy = std::max(0.6f, e.box.height / float(kDetectorScreenStride) / 6.0f);
            const int rx = int(std::ceil(3 * sx)), ry = int(std::ceil(3 * sy));
            for (int y = std::max(0, iy - ry); y <= std::min(cells.height - 1, iy + ry); ++y) {
                for (int x = std::max(0, ix - rx); x <= std::min(cells.width - 1, ix + rx); ++x) {
                    const float dx = (x - ix) / sx, dy = (y - iy) / sy;
                    h[i][c][y][x] = std::max(h[i][c][y][x], std::exp(-(dx * dx + dy * dy) / 2));
                }
            }
            h[i][c][iy][ix] = 1.0f;
            s[i][0][iy][ix] = std::log(std::max(1.0f, float(e.box.width)) / kDetectorScreenStride);
            s[i][1][iy][ix] = std::log(std::max(1.0f, float(e.box.height)) / kDetectorScreenStride);
            o[i][0][iy][ix] = cx - ix;
            o[i][1][iy][ix] = cy - iy;
            m[i][0][iy][ix] = 1.0f;
        }
    }
    return {heat, size, off, mask};
}

torch::Tensor detectorLoss(const models::DetectorOutput& out, const DetectorTargets& t) {
    const auto p = torch::sigmoid(out.heatmap).clamp(1e-4, 1 - 1e-4);
    const auto positive = t.heatmap.eq(1).to(torch::kFloat);
    const auto negative = 1 - positive;
    const auto posLoss = -torch::log(p) * torch::pow(1 - p, 2) * positive;
    const auto negLoss = -torch::log(1 - p) * torch::pow(p, 2) * torch::pow(1 - t.heatmap, 4) * negative;
    const auto count = positive.sum().clamp_min(1);
    const auto focal = (posLoss.sum() + negLoss.sum()) / count;
    const auto maskCount = t.mask.sum().clamp_min(1);
    const auto sizeLoss = (torch::abs(out.size - t.size) * t.mask).sum() / maskCount;
    const auto offsetLoss = (torch::abs(out.offset - t.offset) * t.mask).sum() / maskCount;
    return focal + sizeLoss + offsetLoss;
}

}  // namespace hemu::perception
