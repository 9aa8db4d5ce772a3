#pragma once
// Screens with ground truth, as the generators write them: NAME.png next to NAME.json.

#include "perception/ScreenParse.h"

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace hemu::models {

struct Sample {
    std::string name;
    cv::Mat gray;  ///< full resolution, CV_8UC1
    perception::ScreenParse truth;
};

/// Loads every NAME.json with its NAME.png from the folders (sorted by name, so the order is
/// reproducible). Prints progress to stderr. Throws std::runtime_error when a folder is empty.
std::vector<Sample> loadSamples(const std::vector<std::string>& folders, std::size_t limit = 0);

}  // namespace hemu::models
