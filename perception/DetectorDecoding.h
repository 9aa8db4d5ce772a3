#pragma once
// Turns the detector's output maps into elements (boxes in screen pixels, type, state), and
// elements into training targets: the two directions of one encoding, kept side by side.
// Includes torch: only for the parser and the trainer.

#include "models/Networks.h"
#include "perception/ScreenParse.h"

#include <vector>

namespace hemu::perception {

/// How the detector's on/off classes of check boxes and radios are read.
enum class ToggleClasses {
    /// One check box (radio) class: the two heatmaps combined, the state left to the state
    /// classifier. The detector splits its confidence between "on" and "off" and often leaves
    /// both under the threshold for a checked box; together they find it.
    Merged,
    /// As trained, with the state from the class (for evaluating the detector alone).
    Separate,
};

/// Where text fields the detector is unsure of go: peaks of its text field map from
/// `threshold` up to decodeDetections' threshold, for the field verifier to judge. Only those
/// that overlap no element it keeps, nor part of a control, nor each other.
struct WeakFields {
    float threshold = 0;
    std::vector<Element>* candidates = nullptr;  ///< none looked for where null
};

/// Elements (no text yet) from one image's output. `offset` is added to every box (for
/// outputs of a crop of the screen). Weak text field candidates take no part in what is kept.
std::vector<Element> decodeDetections(const models::DetectorOutput& output, int batchIndex,
                                      float threshold, cv::Point offset = {},
                                      ToggleClasses toggles = ToggleClasses::Merged, WeakFields weak = {});

/// Texts inside a control, and buttons and toggles inside a field or dropdown (80% of them or
/// more), that the control is surer of than they are, dropped: a caption or a field's content
/// is the control's own, not an element of its own (decodeDetections does this; again after
/// boxes are moved).
void dropControlsOwnParts(std::vector<Element>& elements);

struct DetectorTargets {
    torch::Tensor heatmap;  ///< N x C x h x w in [0, 1]
    torch::Tensor size;     ///< N x 2 x h x w
    torch::Tensor offset;   ///< N x 2 x h x w
    torch::Tensor mask;     ///< N x 1 x h x w: 1 at element centres
};

/// Targets for a batch of crops; elements[i] are in the crop's screen-pixel coordinates and
/// the crops are `cells` output cells in size.
DetectorTargets encodeTargets(const std::vector<std::vector<Element>>& elements, cv::Size cells);

/// CenterNet's loss: penalty-reduced focal loss on the heatmap, L1 on size and offset.
torch::Tensor detectorLoss(const models::DetectorOutput& output, const DetectorTargets& targets);

models::DetectorClass detectorClassOf(const Element& element);

/// Box intersection over union.
double iou(const cv::Rect& a, const cv::Rect& b);

}  // namespace hemu::perception
