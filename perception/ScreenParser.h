#pragma once
// Reads a screen: every control and text with box, state and text, and which text labels
// which control. Pixels only.
//
//   ScreenParser parser;                       // loads models/weights/*.pt
//   ScreenParse screen = parser.parse(frame.image);
//   for (auto& e : screen.elements) ...
//
// Not thread-safe: one parser per thread. Runs its networks on `threads` CPU threads.

#include "perception/ScreenParse.h"

#include <opencv2/core.hpp>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hemu::perception {

/// A weights file is missing, unreadable or does not fit the network.
class ModelError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ScreenParserOptions {
    /// Folder with detector.pt, recognizer.pt, linker.pt, state.pt, field-kind.pt and
    /// field-verifier.pt; empty:
    /// $HEMU_MODELS_DIR, else the source tree's models/weights.
    std::string weightsDir;
    float detectionThreshold = 0.3f;
    /// Text fields the detector scores from this up to detectionThreshold are candidates,
    /// kept where the field verifier (field-verifier.pt) says a field is there; 0: none.
    float weakFieldThreshold = 0.1f;
    /// False: the verifier is not loaded and candidates are not judged, only listed by
    /// weakFieldCandidates() (to train the verifier on them).
    bool verifyWeakFields = true;
    int threads = 2;
};

struct ParseTiming {
    double detectMs = 0, recognizeMs = 0, linkMs = 0, totalMs = 0;
};

class ScreenParser {
public:
    /// Throws ModelError naming the file when weights are missing or corrupt.
    explicit ScreenParser(const ScreenParserOptions& options = {});
    ~ScreenParser();

    /// A whole frame: CV_8UC4 (BGRA), CV_8UC3 (BGR) or CV_8UC1 (grey).
    ScreenParse parse(const cv::Mat& frame);

    /// Re-reads only `changed` regions of a frame whose previous parse is `previous`:
    /// elements outside the changed regions are kept as they were. A `threshold` above 0
    /// replaces the detection threshold for these regions (a closer look where something is
    /// expected but was not found).
    ScreenParse reparse(const ScreenParse& previous, const cv::Mat& frame,
                        const std::vector<cv::Rect>& changed, float threshold = 0);

    /// Reads the text of given regions (for verification after typing, say).
    std::vector<std::string> readTexts(const cv::Mat& frame, const std::vector<Element>& elements);

    /// Reads whether check boxes and radios at given places are checked (nullopt for other
    /// types): for verifying a click at a known place without detecting again.
    std::vector<std::optional<bool>> readStates(const cv::Mat& frame,
                                                const std::vector<Element>& elements);

    /// The text field candidates a whole-frame parse would give the field verifier to judge,
    /// with their detector scores (see ScreenParserOptions::weakFieldThreshold).
    std::vector<Element> weakFieldCandidates(const cv::Mat& frame);

    const ParseTiming& lastTiming() const { return timing_; }
    std::string describe() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    ParseTiming timing_;
};

/// Default weights folder (see ScreenParserOptions::weightsDir).
std::string defaultWeightsDir();

}  // namespace hemu::perception
