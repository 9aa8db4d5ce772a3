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
    std::vector<cv::Rect> decoys;  ///< the ground truth's "decoys": drawn like controls, none
};

/// Loads every NAME.json with its NAME.png from the folders (sorted by name, so the order is
/// reproducible). Prints progress to stderr. Throws std::runtime_error when a folder is empty.
std::vector<Sample> loadSamples(const std::vector<std::string>& folders, std::size_t limit = 0);

/// A screen kept PNG-compressed in memory, so that the detector's trainer holds every
/// generated set: 28,000 screens took 2.4 GB with their ground truth (and a half-size colour
/// plane each, since dropped), where 24,400 decoded grey ones did not fit in 24 GB. Unpacking
/// one takes about 1.6 ms (1366x768), where decoding the generator's colour PNG took 7 to 14.
struct PackedScreen {
    std::string name;
    std::vector<uchar> grayPng;  ///< full resolution
    perception::ScreenParse truth;
    std::vector<cv::Rect> decoys;
};

/// As loadSamples, for the detector.
std::vector<PackedScreen> loadPackedScreens(const std::vector<std::string>& folders, std::size_t limit = 0);

/// The screen in grey, full resolution, CV_8UC1.
cv::Mat unpack(const PackedScreen& screen);

}  // namespace hemu::models
