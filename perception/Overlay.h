#pragma once
// Draws what the parser saw on top of the screenshot: boxes coloured by type, their texts, and
// lines from labels to the controls they label. What people look at to trust the model.

#include "perception/ScreenParse.h"

#include <opencv2/core.hpp>

namespace hemu::perception {

/// A BGR copy of `frame` (BGRA, BGR or grey) with the parse drawn on it.
cv::Mat drawOverlay(const cv::Mat& frame, const ScreenParse& parse);

}  // namespace hemu::perception
