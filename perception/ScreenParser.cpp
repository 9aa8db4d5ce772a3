#include "perception/ScreenParser.h"

#include "models/Charset.h"
#include "models/Networks.h"
#include "perception/DetectorDecoding.h"
#include "perception/FrameEdges.h"
#include "perception/LabelFeatures.h"
#include "perception/LetterCase.h"
#include "perception/TextCrops.h"

#include <opencv2/imgproc.hpp>

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <optional>

namespace hemu::perception {
namespace {

using Clock = std::chrono::steady_clock;

/// Context the detector sees around a re-parsed region; grey pixels reach twice as far.
constexpr int kContextPx = 64;

/// Reading up to this many elements' texts or states (a field re-read, a verifying read) takes
/// one thread (see OpenMpThreads).
constexpr std::size_t kOneThreadElements = 4;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

template <typename Module>
void loadWeights(Module& module, const std::string& path) {
    if (!std::filesystem::exists(path)) throw ModelError(path + ": weights file missing");
    // torch::load replaces each tensor whatever its shape: weights of an older version of a
    // network (the linker's inputs grew from 14 to 18) would load and fail at the first parse.
    std::vector<std::vector<int64_t>> shapes;
    for (const auto& p : module->named_parameters()) shapes.push_back(p.value().sizes().vec());
    try {
        torch::load(module, path);
    } catch (const c10::Error& e) {
        const std::string what = e.what();
        throw ModelError(path + ": corrupt or not weights of this network (" +
                         what.substr(0, what.find('\n')) + ")");
    }
    std::size_t i = 0;
    for (const auto& p : module->named_parameters()) {
        if (i < shapes.size() && p.value().sizes().vec() == shapes[i++]) continue;
        throw ModelError(path + ": weights of another shape of this network (" + p.key() + " is " +
                         c10::str(p.value().sizes()) + "): retrain it (README, Retraining)");
    }
}

cv::Mat toGray(const cv::Mat& frame) {
    cv::Mat gray;
    if (frame.channels() == 4) cv::cvtColor(frame, gray, cv::COLOR_BGRA2GRAY);
    else if (frame.channels() == 3) cv::cvtColor(frame, gray, cv::COLOR_BGR2GRAY);
    else gray = frame;
    return gray;
}

/// The frame in grey where `areas` say, black elsewhere: a re-parse of a field reads a few
/// thousand pixels, and converting all of a 1080p frame took a fifth of its time.
cv::Mat toGray(const cv::Mat& frame, const std::vector<cv::Rect>& areas) {
    const cv::Rect whole(cv::Point(), frame.size());
    if (frame.channels() == 1 || std::find(areas.begin(), areas.end(), whole) != areas.end())
        return toGray(frame);
    cv::Mat gray = cv::Mat::zeros(frame.size(), CV_8UC1);
    for (const cv::Rect& area : areas) {
        cv::Mat part = gray(area);
        cv::cvtColor(frame(area), part, frame.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    }
    return gray;
}

// How sure the state classifier must be (sigmoid(3.5) = 0.97) to override the detector's
// check box/radio kind. Trained on boxes as loose as the detector's, it reads more crops that
// hold no clean indicator; at 0.9 it turned tk-brief's captions into radios (real-app radio
// precision .35), at 0.97 held-out check box and radio F1 rose on every set.
constexpr float kSureLogit = 3.5f;

// How sure it must be that there is no indicator at all to turn a toggle into text
// (sigmoid(-2) = 0.12). A caption at the screen's very edge, its first letter half in the
// replicated border, scores -2.5 (yad's "Customer number"); tk-brief's true check boxes
// whose box starts after the indicator are looked at further left first.
constexpr float kNoIndicatorLogit = 2.0f;

// How sure it must be that no field is there to remove one (sigmoid(-2) = 0.12).
constexpr float kNoFieldLogit = 3.5f;

// How sure the field verifier must be to keep a text field the detector is unsure of.
constexpr float kFieldVerifiedLogit = 0.0f;

/// The text fields and dropdowns of `previous` that hold the changed regions, one each, when
/// every region lies inside one of them and touches no other element; none otherwise.
std::optional<std::vector<std::size_t>> changedFieldsOnly(const ScreenParse& previous,
                                                          const std::vector<cv::Rect>& regions) {
    if (regions.empty()) return std::nullopt;
    std::vector<std::size_t> fields;
    for (const cv::Rect& region : regions) {
        std::optional<std::size_t> holder;
        for (std::size_t i = 0; i < previous.elements.size(); ++i) {
            const Element& e = previous.elements[i];
            if ((region & e.box).area() == 0) continue;
            const bool field = e.type == ElementType::TextField || e.type == ElementType::Dropdown;
            if (!field || (region & e.box) != region || holder) return std::nullopt;
            holder = i;
        }
        if (!holder) return std::nullopt;
        if (std::find(fields.begin(), fields.end(), *holder) == fields.end()) fields.push_back(*holder);
    }
    return fields;
}

/// Runs the networks on `count` OpenMP threads while it lives. A few crops' reading goes on
/// one: on two, libgomp's threads meet at every layer's barrier for work too small to share,
/// and wait there spinning while another process (the application being driven) holds the
/// other core. With two busy processes beside it a field's re-read took 7.8-21.5 ms on two
/// threads against 1.8 on one; quiet, 1.2-1.6 either way. OpenMP's own setting, not at::set_num_threads, which also tears down and rebuilds a
/// thread pool (XNNPACK's) these networks never use (tried before: every parse slower).
class OpenMpThreads {
public:
    explicit OpenMpThreads(int count) : saved_(omp_get_max_threads()) {
        if (count != saved_) omp_set_num_threads(count);
    }
    ~OpenMpThreads() { omp_set_num_threads(saved_); }
    OpenMpThreads(const OpenMpThreads&) = delete;
    OpenMpThreads& operator=(const OpenMpThreads&) = delete;

private:
    int saved_;
};

}  // namespace

std::string defaultWeightsDir() {
    if (const char* dir = std::getenv("HEMU_MODELS_DIR")) return dir;
    return HEMU_DEFAULT_WEIGHTS_DIR;
}

struct ScreenParser::Impl {
    ScreenParserOptions options;
    models::Charset charset;
    models::ScreenDetector detector;
    models::TextRecognizer recognizer{charset.classCount()};
    models::LabelLinker linker;
    models::StateClassifier stateClassifier;
    models::FieldKindClassifier fieldKindClassifier;
    models::FieldVerifier fieldVerifier;

    /// Text field or dropdown, decided from the control's right end at full resolution where
    /// the classifier is sure; the detector's kind stands otherwise. A button it is sure is a
    /// dropdown becomes one (never the other way). A field or dropdown the
    /// classifier is sure is not there (a box between two stacked fields) is removed: only
    /// elements from `first` on are looked at.
    void classifyFieldKinds(const cv::Mat& gray, std::vector<Element>& elements, std::size_t first) {
        static_assert(kFieldEndCropRows == models::kFieldEndRows && kFieldEndCropCols == models::kFieldEndCols);
        std::vector<std::size_t> fields;
        for (std::size_t i = first; i < elements.size(); ++i)
            if (elements[i].type == ElementType::TextField || elements[i].type == ElementType::Dropdown ||
                elements[i].type == ElementType::Button)
                fields.push_back(i);
        if (fields.empty()) return;
        auto batch = torch::zeros({int64_t(fields.size()), 1, kFieldEndCropRows, kFieldEndCropCols});
        for (std::size_t k = 0; k < fields.size(); ++k) {
            cv::Mat crop = prepareFieldEndCrop(gray, fieldEndRegion(elements[fields[k]]));
            batch[int64_t(k)][0].copy_(
                torch::from_blob(crop.data, {kFieldEndCropRows, kFieldEndCropCols}, torch::kFloat));
        }
        const auto logits =
            fieldKindClassifier->forward(batch.contiguous(at::MemoryFormat::ChannelsLast)).contiguous();
        const auto read = logits.accessor<float, 2>();
        std::vector<bool> absent(elements.size());
        for (std::size_t k = 0; k < fields.size(); ++k) {
            Element& e = elements[fields[k]];
            if (e.type == ElementType::Button) {  // a wide option menu, its arrow at the right end
                if (read[int64_t(k)][models::kFieldIsDropdown] > kSureKindLogit) e.type = ElementType::Dropdown;
                continue;  // the second output was not trained on buttons
            }
            if (read[int64_t(k)][models::kFieldPresent] < -kNoFieldLogit) absent[fields[k]] = true;
            else if (read[int64_t(k)][models::kFieldIsDropdown] > kSureKindLogit) e.type = ElementType::Dropdown;
            else if (read[int64_t(k)][models::kFieldIsDropdown] < -kSureKindLogit) e.type = ElementType::TextField;
        }
        std::size_t i = 0;
        std::erase_if(elements, [&](const Element&) { return absent[i++]; });
    }

    /// The state classifier's logits (N x kIndicatorOutputs) for the indicators of `boxes`.
    torch::Tensor readIndicators(const cv::Mat& gray, const std::vector<Element>& boxes) {
        auto batch = torch::zeros({int64_t(boxes.size()), 1, kIndicatorPx, kIndicatorPx});
        for (std::size_t k = 0; k < boxes.size(); ++k) {
            cv::Mat crop = prepareIndicatorCrop(gray, indicatorRegion(boxes[k]));
            batch[int64_t(k)][0].copy_(torch::from_blob(crop.data, {kIndicatorPx, kIndicatorPx}, torch::kFloat));
        }
        return stateClassifier->forward(batch.contiguous(at::MemoryFormat::ChannelsLast)).contiguous();
    }

    void classifyStates(const cv::Mat& gray, std::vector<Element>& elements,
                        const std::vector<std::size_t>& which) {
        std::vector<std::size_t> toggles;
        std::vector<Element> boxes;
        for (std::size_t i : which)
            if (elements[i].type == ElementType::Checkbox || elements[i].type == ElementType::Radio) {
                toggles.push_back(i);
                boxes.push_back(elements[i]);
            }
        if (toggles.empty()) return;
        auto logits = readIndicators(gray, boxes);
        // No indicator where the box begins: the box may have started just after it (tk-brief's
        // check boxes), so look once more one indicator's width to the left, where that is on
        // the screen (a crop cut by the screen's edge, stretched, can look like anything).
        // Nor where the box begins before it: one indicator's width to the right too, the surer
        // look kept (Tk held-out check box .960 -> .965). tk-brief's "Uw kenmerk", its box 10 px
        // early, is not helped: part of its indicator is in the first crop, so it is no retry.
        std::vector<std::size_t> missing;
        std::vector<Element> shifted;
        for (std::size_t k = 0; k < toggles.size(); ++k)
            if (logits[int64_t(k)][models::kIndicatorPresent].item<float>() < -kNoIndicatorLogit) {
                const cv::Rect indicator = indicatorRegion(boxes[k]);
                if (indicator.x - indicator.width >= 0) {
                    Element left = boxes[k];
                    left.box.x -= indicator.width;
                    left.box.width += indicator.width;
                    missing.push_back(k);
                    shifted.push_back(left);
                }
                if (boxes[k].box.width > 3 * indicator.width) {
                    Element right = boxes[k];
                    right.box.x += indicator.width;
                    right.box.width -= indicator.width;
                    missing.push_back(k);
                    shifted.push_back(right);
                }
            }
        if (!missing.empty()) {
            const auto again = readIndicators(gray, shifted);
            std::vector<float> surest(toggles.size(), kSureLogit);
            for (std::size_t m = 0; m < missing.size(); ++m) {
                const float present = again[int64_t(m)][models::kIndicatorPresent].item<float>();
                if (present <= surest[missing[m]]) continue;
                surest[missing[m]] = present;
                logits[int64_t(missing[m])] = again[int64_t(m)];
                elements[toggles[missing[m]]].box = shifted[m].box & cv::Rect(cv::Point(), gray.size());
            }
        }
        const auto read = logits.accessor<float, 2>();
        for (std::size_t k = 0; k < toggles.size(); ++k) {
            Element& e = elements[toggles[k]];
            // No indicator there at full resolution: a caption the detector took for a toggle
            // (yad's "Customer number" at the screen's left edge, its "C" for a radio).
            if (read[int64_t(k)][models::kIndicatorPresent] < -kNoIndicatorLogit) {
                e.type = ElementType::Text;
                e.checked.reset();
                continue;
            }
            e.checked = read[int64_t(k)][models::kIndicatorChecked] > 0;
            // Square or round, seen at full resolution: overrides the detector's kind where
            // the classifier is sure (p > 0.9 either way); the detector's is kept otherwise.
            const float round = read[int64_t(k)][models::kIndicatorRound];
            if (round > kSureLogit) e.type = ElementType::Radio;
            else if (round < -kSureLogit) e.type = ElementType::Checkbox;
        }
    }

    /// Weak text field candidates (see WeakFields) kept where the verifier sees a field, with
    /// the texts inside them: a field's content, which the detector, unsure of the field, took
    /// for texts of their own.
    void addVerifiedFields(const cv::Mat& gray, std::vector<Element>& elements,
                           std::vector<Element>& candidates) {
        static_assert(kFieldRowCropRows == models::kFieldRowRows && kFieldRowCropCols == models::kFieldRowCols);
        auto batch = torch::zeros({int64_t(candidates.size()), 1, kFieldRowCropRows, kFieldRowCropCols});
        for (std::size_t k = 0; k < candidates.size(); ++k) {
            cv::Mat crop = prepareFieldRowCrop(gray, candidates[k].box);
            batch[int64_t(k)][0].copy_(torch::from_blob(crop.data, {kFieldRowCropRows, kFieldRowCropCols}, torch::kFloat));
        }
        const auto logits = fieldVerifier->forward(batch.contiguous(at::MemoryFormat::ChannelsLast)).contiguous();
        const auto read = logits.accessor<float, 2>();
        for (std::size_t k = 0; k < candidates.size(); ++k) {
            if (read[int64_t(k)][0] <= kFieldVerifiedLogit) continue;
            const cv::Rect field = candidates[k].box;
            std::erase_if(elements, [&](const Element& e) {
                return e.type == ElementType::Text && (e.box & field).area() * 5 >= e.box.area() * 4;
            });
            elements.push_back(std::move(candidates[k]));
        }
    }

    /// Elements whose centre lies in `area`. Weak text field candidates are judged by the
    /// verifier, or, where `candidates` is given, only listed there.
    std::vector<Element> detect(const cv::Mat& gray, cv::Rect area, float threshold,
                                std::vector<Element>* candidates = nullptr) {
        // Half resolution, padded to a multiple of 32 (the detector's total stride).
        const cv::Rect aligned(area.x / models::kDetectorScreenStride * models::kDetectorScreenStride,
                               area.y / models::kDetectorScreenStride * models::kDetectorScreenStride,
                               0, 0);
        cv::Rect region(aligned.x, aligned.y, area.x + area.width - aligned.x,
                        area.y + area.height - aligned.y);
        region &= cv::Rect(cv::Point(), gray.size());
        cv::Mat half;
        cv::resize(gray(region), half, {region.width / models::kDetectorInputScale,
                                        region.height / models::kDetectorInputScale},
                   0, 0, cv::INTER_AREA);
        // Padded up a coarse ladder of sizes, not just to the stride: oneDNN builds its kernels
        // per input shape (hundreds of ms each time), so re-parsed regions of slightly
        // different sizes must still share a few shapes.
        const bool wholeScreen = region.size() == gray.size();  // one shape per screen anyway
        auto ladder = [&](int n) {
            if (wholeScreen) return (n + 31) / 32 * 32;
            int step = 32;
            while (n > 4 * step) step *= 2;
            return (n + step - 1) / step * step;
        };
        const int padW = ladder(half.cols) - half.cols, padH = ladder(half.rows) - half.rows;
        cv::copyMakeBorder(half, half, 0, padH, 0, padW, cv::BORDER_REPLICATE);
        auto input = torch::from_blob(half.data, {1, 1, half.rows, half.cols}, torch::kUInt8)
                         .to(torch::kFloat)
                         .div_(255.0f);
        const auto output = detector->forward(input.contiguous(at::MemoryFormat::ChannelsLast));
        std::vector<Element> weak;
        const bool lookForWeak = options.weakFieldThreshold > 0 && options.weakFieldThreshold < threshold &&
                                 (options.verifyWeakFields || candidates);
        auto elements = decodeDetections(output, 0, threshold, region.tl(), ToggleClasses::Merged,
                                         {options.weakFieldThreshold, lookForWeak ? &weak : nullptr});
        for (auto* found : {&elements, &weak}) {
            std::erase_if(*found, [&](const Element& e) {
                const cv::Point centre(e.box.x + e.box.width / 2, e.box.y + e.box.height / 2);
                return !area.contains(centre);
            });
            for (auto& e : *found) e.box &= cv::Rect(cv::Point(), gray.size());
        }
        // A re-parsed region has grey pixels only a context's width around its area.
        const cv::Rect grey(area.x - kContextPx, area.y - kContextPx, area.width + 2 * kContextPx,
                            area.height + 2 * kContextPx);
        for (auto& e : weak) e.box = flatBandEdges(gray, e.box, grey);
        if (candidates) *candidates = weak;
        else if (!weak.empty()) addVerifiedFields(gray, elements, weak);
        if (snapToFrames(gray, elements, grey))
            dropControlsOwnParts(elements);  // the content a short box left outside
        return elements;
    }

    void recognize(const cv::Mat& gray, std::vector<Element>& elements,
                   const std::vector<std::size_t>& which) {
        std::vector<std::pair<cv::Mat, std::size_t>> crops;
        for (std::size_t i : which) {
            const ElementType type = elements[i].type;
            // A field is read from inside its frame: its box may reach past the frame's edge,
            // over the line (read as a letter: "IBerlin") or a caption the detector missed
            // ("Oak Avenue 244Mobile:").
            Element read = elements[i];
            if (type == ElementType::TextField || type == ElementType::Dropdown)
                read.box = insideFrame(gray, read.box);
            const cv::Rect region = textRegion(read, gray.size());
            cv::Rect fitted = fitTextRegion(gray, read, region);
            if (type == ElementType::Text || type == ElementType::Checkbox || type == ElementType::Radio)
                fitted = keepOffNeighbours(fitted, elements[i], elements);
            else if (type == ElementType::TextField || type == ElementType::Dropdown)
                fitted = keepOffLabels(fitted, read, elements);
            fitted = tightenTextRegion(gray, read, fitted);
            cv::Mat crop = trimBlankEnds(prepareTextCrop(gray, fitted));
            if (crop.empty()) elements[i].text.clear();  // nothing written there
            else crops.emplace_back(crop, i);
        }
        std::sort(crops.begin(), crops.end(),
                  [](const auto& a, const auto& b) { return a.first.cols < b.first.cols; });
        std::vector<int> widths;
        for (const auto& crop : crops) widths.push_back(crop.first.cols);
        for (const RecognizerBatch& pass : planRecognizerBatches(widths)) {
            const std::size_t start = pass.begin, end = pass.end;
            const int width = pass.width;  // crops padded at the right with their own edge
            auto batch = torch::zeros({pass.rows, 1, kCropHeight, width});
            for (std::size_t k = start; k < end; ++k) {
                cv::Mat padded;
                cv::copyMakeBorder(crops[k].first, padded, 0, 0, 0, width - crops[k].first.cols,
                                   cv::BORDER_REPLICATE);
                batch[int64_t(k - start)][0].copy_(
                    torch::from_blob(padded.data, {kCropHeight, width}, torch::kFloat));
            }
            const auto best =
                recognizer->forward(batch.contiguous(at::MemoryFormat::ChannelsLast)).argmax(2);  // N x T
            const auto accessor = best.accessor<int64_t, 2>();
            for (std::size_t k = start; k < end; ++k) {
                const int steps = crops[k].first.cols / 4;
                std::vector<int> classes(steps);
                for (int t = 0; t < steps; ++t) classes[t] = int(accessor[int64_t(k - start)][t]);
                elements[crops[k].second].text = capitalizeCapitalWords(charset.decodeCtc(classes));
            }
        }
    }

    /// Threads for reading `count` elements' texts or states.
    int threadsFor(std::size_t count) const { return count <= kOneThreadElements ? 1 : options.threads; }

    void link(std::vector<Element>& elements) {
        static_assert(kLabelFeatureCount == models::kLabelPairFeatures);
        for (Element& e : elements) e.label.reset();
        const std::vector<LabelCandidate> pairs = labelCandidates(elements);
        std::vector<LabelFeatures> features;
        for (const auto& pair : pairs) features.push_back(pair.features);
        if (pairs.empty()) return;
        const auto input = torch::from_blob(features.data(),
                                            {int64_t(features.size()), kLabelFeatureCount},
                                            torch::kFloat);
        const auto scores = torch::sigmoid(linker->forward(input)).contiguous();
        const float* p = scores.data_ptr<float>();
        std::vector<std::size_t> order(pairs.size());
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](auto a, auto b) { return p[a] > p[b]; });
        std::vector<bool> textUsed(elements.size()), controlDone(elements.size());
        for (std::size_t k : order) {
            if (p[k] < 0.5f) break;
            const std::size_t t = pairs[k].text, c = pairs[k].control;
            if (textUsed[t] || controlDone[c]) continue;
            elements[c].label = t;
            textUsed[t] = controlDone[c] = true;
        }
    }
};

ScreenParser::ScreenParser(const ScreenParserOptions& options) : impl_(std::make_unique<Impl>()) {
    models::configureCpu(options.threads);
    impl_->options = options;
    const std::string dir = options.weightsDir.empty() ? defaultWeightsDir() : options.weightsDir;
    loadWeights(impl_->detector, dir + "/detector.pt");
    loadWeights(impl_->recognizer, dir + "/recognizer.pt");
    loadWeights(impl_->linker, dir + "/linker.pt");
    loadWeights(impl_->stateClassifier, dir + "/state.pt");
    loadWeights(impl_->fieldKindClassifier, dir + "/field-kind.pt");
    if (options.verifyWeakFields && options.weakFieldThreshold > 0) {
        loadWeights(impl_->fieldVerifier, dir + "/field-verifier.pt");
        models::prepareForInference(impl_->fieldVerifier);
    }
    // Norms folded, channels-last weights (inputs below are channels-last too). Measured with
    // hemu-bench-parse: channels-last alone took the full 1080p parse from 69-76 to 52-53 ms.
    models::prepareForInference(impl_->stateClassifier);
    models::prepareForInference(impl_->fieldKindClassifier);
    models::prepareForInference(impl_->detector);
    models::prepareForInference(impl_->recognizer);
    impl_->linker->eval();
}

ScreenParser::~ScreenParser() = default;

ScreenParse ScreenParser::parse(const cv::Mat& frame) {
    return reparse({}, frame, {cv::Rect(cv::Point(), frame.size())});
}

ScreenParse ScreenParser::reparse(const ScreenParse& previous, const cv::Mat& frame,
                                  const std::vector<cv::Rect>& changedRegions, float threshold) {
    const bool closerLook = threshold > 0;
    if (threshold <= 0) threshold = impl_->options.detectionThreshold;
    torch::NoGradGuard noGrad;
    const auto start = Clock::now();
    ScreenParse result;
    result.width = frame.cols;
    result.height = frame.rows;
    // Both ways end alike: labels linked afresh over the whole screen, each stage timed.
    auto finish = [&](Clock::time_point recognizeStart) {
        timing_.recognizeMs = msSince(recognizeStart);
        const auto linkStart = Clock::now();
        impl_->link(result.elements);
        timing_.linkMs = msSince(linkStart);
        timing_.totalMs = msSince(start);
        return std::move(result);
    };
    // A change wholly inside one text field or dropdown, touching nothing else, is its new
    // content (typed text, a caret, a focus colour): its box and kind stand and only its text
    // is read again. The detector's pass over the region and its context (2-3 ms of the
    // 4-5 ms a field's re-parse took) is for changes that may add or remove elements.
    if (const auto fields = closerLook ? std::nullopt : changedFieldsOnly(previous, changedRegions)) {
        result.elements = previous.elements;
        for (auto& e : result.elements) e.label.reset();
        std::vector<cv::Rect> areas;
        for (std::size_t i : *fields) {
            const cv::Rect& box = result.elements[i].box;  // the text is looked for a height around
            areas.push_back(cv::Rect(box.x - 2 * box.height, box.y - 2, box.width + 4 * box.height,
                                     box.height + 4) & cv::Rect(cv::Point(), frame.size()));
        }
        const cv::Mat gray = toGray(frame, areas);
        timing_.detectMs = 0;
        const auto recognizeStart = Clock::now();
        const OpenMpThreads threads(impl_->threadsFor(fields->size()));
        impl_->recognize(gray, result.elements, *fields);
        return finish(recognizeStart);
    }
    // A change inside an element (a check mark, a caret) re-reads the whole element: each
    // changed region grows to cover the elements it touches, so the detector sees them whole.
    std::vector<cv::Rect> changed = changedRegions;
    for (cv::Rect& region : changed)
        for (const Element& e : previous.elements)
            if ((region & e.box).area() > 0) region |= e.box;
    // Keep what lies wholly outside every changed region; re-detect inside them, with a margin
    // for the detector's context.
    auto touched = [&](const cv::Rect& box) {
        return std::any_of(changed.begin(), changed.end(),
                           [&](const cv::Rect& r) { return (r & box).area() > 0; });
    };
    for (const Element& e : previous.elements)
        if (!touched(e.box)) result.elements.push_back(e);
    for (auto& e : result.elements) e.label.reset();
    const std::size_t kept = result.elements.size();
    auto grown = [&](const cv::Rect& r, int by) {
        return cv::Rect(r.x - by, r.y - by, r.width + 2 * by, r.height + 2 * by) &
               cv::Rect(cv::Point(), frame.size());
    };
    // The detector's area: the region with a margin of context, widened to take in whole any
    // element of the previous parse that the margin would cut. A caption cut at the area's
    // edge ("number" of "Customer number", beside a field) was taken for part of the field.
    std::vector<cv::Rect> areas;
    for (const cv::Rect& region : changed) {
        cv::Rect area = grown(region, kContextPx);
        const cv::Rect context = area;
        for (const Element& e : previous.elements)
            if ((e.box & context).area() > 0) area |= e.box;
        areas.push_back(area);
    }
    // Grey pixels for the detector's areas, with as much again around them for what it finds
    // there (an element's box may reach past the area it was found in) and the detector's
    // stride alignment.
    std::vector<cv::Rect> greyAreas;
    for (const cv::Rect& area : areas) greyAreas.push_back(grown(area, kContextPx));
    const cv::Mat gray = toGray(frame, greyAreas);
    for (const cv::Rect& area : areas) {
        for (Element& e : impl_->detect(gray, area, threshold)) {
            if (!touched(e.box) && kept > 0) continue;  // context only: the kept copy stands
            result.elements.push_back(std::move(e));
        }
    }
    timing_.detectMs = msSince(start);
    const auto recognizeStart = Clock::now();
    // Kinds first: a toggle may become text, and a dropdown's text leaves out its arrow.
    impl_->classifyFieldKinds(gray, result.elements, kept);
    std::vector<std::size_t> fresh(result.elements.size() - kept);
    std::iota(fresh.begin(), fresh.end(), kept);
    impl_->classifyStates(gray, result.elements, fresh);
    impl_->recognize(gray, result.elements, fresh);
    // A required mark the detector boxed on its own joins its caption, which is read again
    // over both (no neighbour left to stop its crop at the mark).
    if (const auto marks = trailingMarks(result.elements, fresh); !marks.empty()) {
        std::vector<bool> joined(result.elements.size(), false);
        for (const auto& [caption, mark] : marks) {
            result.elements[caption].box |= result.elements[mark].box;
            joined[mark] = true;
        }
        std::vector<std::size_t> reread;
        std::vector<Element> unjoined;
        for (std::size_t i = 0; i < result.elements.size(); ++i) {
            if (joined[i]) continue;
            if (std::any_of(marks.begin(), marks.end(), [&](const auto& p) { return p.first == i; }))
                reread.push_back(unjoined.size());
            unjoined.push_back(std::move(result.elements[i]));
        }
        result.elements = std::move(unjoined);
        impl_->recognize(gray, result.elements, reread);
    }
    return finish(recognizeStart);
}

std::vector<Element> ScreenParser::weakFieldCandidates(const cv::Mat& frame) {
    torch::NoGradGuard noGrad;
    const cv::Mat gray = toGray(frame);
    std::vector<Element> candidates;
    impl_->detect(gray, cv::Rect(cv::Point(), gray.size()), impl_->options.detectionThreshold, &candidates);
    return candidates;
}

std::vector<std::string> ScreenParser::readTexts(const cv::Mat& frame,
                                                 const std::vector<Element>& elements) {
    torch::NoGradGuard noGrad;
    const OpenMpThreads threads(impl_->threadsFor(elements.size()));
    std::vector<Element> copy = elements;
    std::vector<std::size_t> all(copy.size());
    std::iota(all.begin(), all.end(), 0);
    impl_->recognize(toGray(frame), copy, all);
    std::vector<std::string> texts;
    for (auto& e : copy) texts.push_back(std::move(e.text));
    return texts;
}

std::vector<std::optional<bool>> ScreenParser::readStates(const cv::Mat& frame,
                                                          const std::vector<Element>& elements) {
    torch::NoGradGuard noGrad;
    const OpenMpThreads threads(impl_->threadsFor(elements.size()));
    std::vector<Element> copy = elements;
    std::vector<std::size_t> all(copy.size());
    std::iota(all.begin(), all.end(), 0);
    for (auto& e : copy) e.checked.reset();
    impl_->classifyStates(toGray(frame), copy, all);
    std::vector<std::optional<bool>> states;
    for (const auto& e : copy) states.push_back(e.checked);
    return states;
}

std::string ScreenParser::describe() const {
    return "screen parser (detector, CTC recognizer, label linker) on " +
           std::to_string(impl_->options.threads) + " threads";
}

}  // namespace hemu::perception
