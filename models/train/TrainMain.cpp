// hemu-train: trains the screen parser's networks on generated screens, with fixed
// seeds, a progress bar, checkpoints every --checkpoint-every steps, --resume, and an
// evaluation on held-out screens at the end.
//
//   hemu-train detector   --data gen/train --heldout gen/heldout --steps 6000
//   hemu-train recognizer --data gen/train --heldout gen/heldout --steps 8000
//   hemu-train linker     --data gen/train --heldout gen/heldout
//   hemu-train state      --data gen/train --heldout gen/heldout
//   hemu-train field-kind --data gen/train --heldout gen/heldout
//   hemu-train field-verifier --data gen/train --heldout gen/heldout   (uses the detector's weights)
//
// Weights go to --out (default: the source tree's models/weights), where the parser loads
// them; checkpoints to --checkpoints.

#include "models/Charset.h"
#include "models/Networks.h"
#include "models/train/Dataset.h"
#include "models/train/Progress.h"
#include "perception/DetectorDecoding.h"
#include "perception/LabelFeatures.h"
#include "perception/ScreenParser.h"
#include "perception/TextCrops.h"

#include <CLI/CLI.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <string_view>

namespace hemu::models {
namespace {

using perception::Element;
using perception::ElementType;

struct TrainOptions {
    std::vector<std::string> data;
    std::vector<std::string> heldout;
    std::string out = HEMU_DEFAULT_WEIGHTS_DIR;
    std::string checkpoints = "build/train";
    int steps = 4000;
    int batch = 16;
    double learningRate = 2e-3;
    unsigned seed = 1;
    int checkpointEvery = 250;
    bool resume = false;
    std::string init;  ///< weights to start from (fine-tuning); a checkpoint --resume finds wins
    std::size_t limit = 0;
    int threads = 2;
    double edgeCrops = 0;  ///< detector: share of crops starting at the screen's left (top) edge
    double favourToggleFields = 0;  ///< detector: share of square crops from screensWithToggleFields()
    double longTexts = 0;  ///< recognizer: share of crops drawn from texts of kLongTextChars or more
};

// Saves the model and optimizer, and the step reached, so --resume continues exactly there.
template <typename Module>
void saveCheckpoint(const TrainOptions& o, const std::string& name, Module& model,
                    torch::optim::Optimizer& optimizer, int step) {
    std::filesystem::create_directories(o.checkpoints);
    const std::string base = o.checkpoints + "/" + name;
    torch::save(model, base + ".model.pt");
    torch::save(optimizer, base + ".optim.pt");
    std::ofstream(base + ".step") << step << "\n";
}

// The last checkpoint, and the weights where the parser loads them (--out/NAME.pt).
template <typename Module>
void saveTrained(const TrainOptions& o, const std::string& name, Module& model,
                 torch::optim::Optimizer& optimizer, int step) {
    saveCheckpoint(o, name, model, optimizer, step);
    std::filesystem::create_directories(o.out);
    torch::save(model, o.out + "/" + name + ".pt");
    std::fprintf(stderr, "wrote %s/%s.pt\n", o.out.c_str(), name.c_str());
}

// One optimizer step on a batch's binary cross-entropy, each output weighted (0: not taught by
// this crop). Returns the loss.
template <typename Module>
double weightedStep(Module& model, torch::optim::Optimizer& optimizer, const torch::Tensor& batch,
                    const torch::Tensor& labels, const torch::Tensor& weights) {
    const auto loss = torch::binary_cross_entropy_with_logits(model->forward(batch), labels, weights);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    return loss.template item<double>();
}

// Copies the --init weights into the model by name. A parameter the file lacks (a layer added
// since those weights were trained) keeps its initial value, and is named, so that a network
// can grow and still fine-tune from its committed weights; a shape that differs is an error.
void initFrom(torch::nn::Module& module, torch::serialize::InputArchive& archive, const std::string& prefix,
              const std::string& path) {
    torch::NoGradGuard noGrad;
    auto copy = [&](const std::string& key, torch::Tensor& into, bool isBuffer) {
        torch::Tensor stored;
        if (!archive.try_read(key, stored, isBuffer)) {
            std::fprintf(stderr, "  %s%s: not in %s, starts fresh\n", prefix.c_str(), key.c_str(), path.c_str());
            return;
        }
        if (stored.sizes() == into.sizes()) {
            into.copy_(stored);
            return;
        }
        // An output layer grown by classes appended at its end (the recognizer's character
        // set): the stored rows are the first rows, the new ones start rare.
        const bool grown = stored.dim() == into.dim() && stored.dim() >= 1 && stored.size(0) < into.size(0) &&
                           stored.sizes().slice(1) == into.sizes().slice(1);
        if (!grown)
            throw std::runtime_error(path + ": " + prefix + key + " has another shape than the network's");
        into.narrow(0, 0, stored.size(0)).copy_(stored);
        if (stored.dim() == 1) into.narrow(0, stored.size(0), into.size(0) - stored.size(0)).fill_(stored.min());
        std::fprintf(stderr, "  %s%s: %lld rows from %s, %lld new\n", prefix.c_str(), key.c_str(),
                     static_cast<long long>(stored.size(0)), path.c_str(),
                     static_cast<long long>(into.size(0) - stored.size(0)));
    };
    for (auto& item : module.named_parameters(false)) copy(item.key(), item.value(), false);
    for (auto& item : module.named_buffers(false)) copy(item.key(), item.value(), true);
    for (auto& child : module.named_children()) {
        torch::serialize::InputArchive childArchive;
        if (!archive.try_read(child.key(), childArchive)) {
            std::fprintf(stderr, "  %s%s: not in %s, starts fresh\n", prefix.c_str(), child.key().c_str(), path.c_str());
            continue;
        }
        initFrom(*child.value(), childArchive, prefix + child.key() + ".", path);
    }
}

void initFrom(torch::nn::Module& model, const std::string& path) {
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    initFrom(model, archive, "", path);
    std::fprintf(stderr, "starting from %s\n", path.c_str());
}

// The step to start at: the checkpoint's with --resume (model and optimizer restored), else 0,
// from the --init weights where given (a fresh optimizer: fine-tuning on new data).
template <typename Module>
int loadCheckpoint(const TrainOptions& o, const std::string& name, Module& model,
                   torch::optim::Optimizer& optimizer) {
    const std::string base = o.checkpoints + "/" + name;
    if (!o.resume || !std::filesystem::exists(base + ".step")) {
        if (!o.init.empty()) initFrom(*model, o.init);
        return 0;
    }
    torch::load(model, base + ".model.pt");
    torch::load(optimizer, base + ".optim.pt");
    int step = 0;
    std::ifstream(base + ".step") >> step;
    std::fprintf(stderr, "resuming %s at step %d\n", name.c_str(), step);
    return step;
}

// Learning rate: linear warm-up for 100 steps, then cosine decay to 5% (measured: smoother than
// step decay for these small nets).
double learningRateAt(const TrainOptions& o, int step) {
    if (step < 100) return o.learningRate * (step + 1) / 100.0;
    const double progress = double(step - 100) / std::max(1, o.steps - 100);
    return o.learningRate * (0.05 + 0.95 * 0.5 * (1 + std::cos(M_PI * progress)));
}

void setLearningRate(torch::optim::Optimizer& optimizer, double rate) {
    for (auto& group : optimizer.param_groups())
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(rate);
}

// ---------------------------------------------------------------------------------- detector

constexpr int kCropPx = 768;  // screen pixels a training crop covers (before scale jitter)
// Every third batch is a strip the width of a maximised window instead: an element enters
// training only when 70% of it is in the crop, so in square crops a field spanning a
// 1,920-px window was never a positive, only background. Half of a strip batch's screens
// hold such a wide element (2% of the generated controls: too rare to learn from otherwise).
const cv::Size kSquareCrop{kCropPx, kCropPx}, kStripCrop{1920, 384};
constexpr int kStripEvery = 3;
constexpr int kWideElementPx = 900;

std::vector<std::size_t> screensWithWideElements(const std::vector<PackedScreen>& screens) {
    std::vector<std::size_t> wide;
    for (std::size_t i = 0; i < screens.size(); ++i)
        for (const Element& e : screens[i].truth.elements)
            if (e.box.width > kWideElementPx) {
                wide.push_back(i);
                break;
            }
    return wide;
}

/// Screens with a text field right after a check box or radio on its row, the box's caption
/// its label (Tk forms of `tk-check-rows`): often greyed out with no frame, the fields most
/// often missed, and one in eight of the Tk held-out set's fields.
std::vector<std::size_t> screensWithToggleFields(const std::vector<PackedScreen>& screens) {
    auto follows = [](const Element& field, const Element& toggle) {
        const int gap = field.box.x - (toggle.box.x + toggle.box.width);
        const int rowOffset = std::abs((field.box.y + field.box.height / 2) - (toggle.box.y + toggle.box.height / 2));
        return gap >= 0 && gap <= 24 && 2 * rowOffset < field.box.height;
    };
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < screens.size(); ++i) {
        const auto& elements = screens[i].truth.elements;
        const bool any = std::any_of(elements.begin(), elements.end(), [&](const Element& field) {
            return field.type == ElementType::TextField &&
                   std::any_of(elements.begin(), elements.end(), [&](const Element& toggle) {
                       return (toggle.type == ElementType::Checkbox || toggle.type == ElementType::Radio) &&
                              follows(field, toggle);
                   });
        });
        if (any) found.push_back(i);
    }
    return found;
}

struct DetectorBatch {
    torch::Tensor input;
    std::vector<std::vector<Element>> elements;
};

/// `cropPx`: the screen pixels a crop covers (before scale jitter), multiples of 64. A share
/// `favouredShare` of the screens (every other one at 0.5, drawing no extra random numbers: earlier
/// runs replay) comes from `favoured` where it is not empty. A share `edgeCrops` of the crops starts at
/// the screen's left edge, and independently at its top: a uniform start puts the screen's edge
/// at the crop's border in one crop in several hundred, so a control hugging that edge (a
/// frameless window at 0,0) looked like the cut-off ones at crop borders, which are no positives.
/// At 0 no extra random numbers are drawn, so earlier runs replay.
DetectorBatch sampleDetectorBatch(const std::vector<PackedScreen>& screens, int size, cv::Size cropPx,
                                  const std::vector<std::size_t>& favoured, double favouredShare,
                                  double edgeCrops, std::mt19937& rng) {
    const cv::Size inputPx = cropPx / kDetectorInputScale;
    DetectorBatch batch;
    batch.input = torch::zeros({size, 1, inputPx.height, inputPx.width});
    std::uniform_int_distribution<std::size_t> pick(0, screens.size() - 1);
    std::uniform_real_distribution<double> scaleJitter(0.8, 1.25), unit(0, 1);
    for (int i = 0; i < size; ++i) {
        const bool fromFavoured = !favoured.empty() &&
                                  (favouredShare == 0.5 ? i % 2 == 1 : unit(rng) < favouredShare);
        const PackedScreen& screen = screens[fromFavoured ? favoured[pick(rng) % favoured.size()] : pick(rng)];
        const cv::Mat gray = unpack(screen);
        const double scale = scaleJitter(rng);  // >1 magnifies
        const cv::Size source(int(cropPx.width / scale), int(cropPx.height / scale));
        int x0 = gray.cols > source.width ? std::uniform_int_distribution<int>(0, gray.cols - source.width)(rng) : 0;
        int y0 = gray.rows > source.height ? std::uniform_int_distribution<int>(0, gray.rows - source.height)(rng) : 0;
        if (edgeCrops > 0) {
            if (unit(rng) < edgeCrops) x0 = 0;
            if (unit(rng) < edgeCrops) y0 = 0;
        }
        const cv::Rect window = cv::Rect(cv::Point(x0, y0), source) & cv::Rect(cv::Point(), gray.size());
        const double toInput = double(inputPx.width) / source.width;
        cv::Mat crop(inputPx, CV_8UC1, cv::Scalar(gray.at<uchar>(0, 0)));
        cv::Mat scaled;
        cv::resize(gray(window), scaled,
                   {std::max(1, int(window.width * toInput)), std::max(1, int(window.height * toInput))},
                   0, 0, cv::INTER_AREA);
        scaled.copyTo(crop(cv::Rect(0, 0, std::min(scaled.cols, inputPx.width), std::min(scaled.rows, inputPx.height))));
        if (unit(rng) < 0.15) crop = 255 - crop;  // unseen themes: light on dark and back
        batch.input[i][0].copy_(torch::from_blob(crop.data, {inputPx.height, inputPx.width}, torch::kUInt8).to(torch::kFloat).div(255.0));
        std::vector<Element> inCrop;
        const double toScreen = toInput * kDetectorInputScale;  // crop's screen-pixel scale
        for (const Element& e : screen.truth.elements) {
            const cv::Rect visible = e.box & window;
            if (visible.area() < 0.7 * e.box.area()) continue;
            Element moved = e;
            moved.box = cv::Rect(int((e.box.x - x0) * toScreen), int((e.box.y - y0) * toScreen),
                                 std::max(1, int(e.box.width * toScreen)), std::max(1, int(e.box.height * toScreen)));
            inCrop.push_back(std::move(moved));
        }
        batch.elements.push_back(std::move(inCrop));
    }
    return batch;
}

struct ClassCounts {
    int truePositives = 0, falsePositives = 0, falseNegatives = 0;
    double f1() const {
        const double p = truePositives + falsePositives ? double(truePositives) / (truePositives + falsePositives) : 1;
        const double r = truePositives + falseNegatives ? double(truePositives) / (truePositives + falseNegatives) : 1;
        return p + r > 0 ? 2 * p * r / (p + r) : 0;
    }
};

void evaluateDetector(ScreenDetector& detector, const std::vector<PackedScreen>& heldout) {
    torch::NoGradGuard noGrad;
    detector->eval();
    std::map<int, ClassCounts> counts;
    for (const PackedScreen& screen : heldout) {
        const cv::Mat gray = unpack(screen);
        cv::Mat half;
        cv::resize(gray, half, {gray.cols / 2, gray.rows / 2}, 0, 0, cv::INTER_AREA);
        cv::copyMakeBorder(half, half, 0, (32 - half.rows % 32) % 32, 0, (32 - half.cols % 32) % 32, cv::BORDER_REPLICATE);
        auto input = torch::from_blob(half.data, {1, 1, half.rows, half.cols}, torch::kUInt8).to(torch::kFloat).div(255.0);
        const auto found = perception::decodeDetections(detector->forward(input), 0, 0.3f, {},
                                                          perception::ToggleClasses::Separate);
        std::vector<bool> matched(screen.truth.elements.size());
        for (const Element& f : found) {
            const int c = int(perception::detectorClassOf(f));
            bool hit = false;
            for (std::size_t k = 0; k < screen.truth.elements.size() && !hit; ++k) {
                if (matched[k] || int(perception::detectorClassOf(screen.truth.elements[k])) != c) continue;
                if (perception::iou(f.box, screen.truth.elements[k].box) >= 0.5) matched[k] = hit = true;
            }
            (hit ? counts[c].truePositives : counts[c].falsePositives)++;
        }
        for (std::size_t k = 0; k < matched.size(); ++k)
            if (!matched[k]) counts[int(perception::detectorClassOf(screen.truth.elements[k]))].falseNegatives++;
    }
    const char* names[] = {"textfield", "button", "checkbox-off", "checkbox-on", "radio-off", "radio-on", "dropdown", "text"};
    std::fprintf(stderr, "held-out detection (IoU >= 0.5) on %zu screens:\n", heldout.size());
    for (auto& [c, n] : counts)
        std::fprintf(stderr, "  %-13s F1 %.3f  (tp %d, fp %d, fn %d)\n", c < 8 ? names[c] : "?", n.f1(),
                     n.truePositives, n.falsePositives, n.falseNegatives);
    detector->train();
}

int trainDetector(const TrainOptions& o) {
    torch::manual_seed(o.seed);
    std::mt19937 rng(o.seed);
    const auto screens = loadPackedScreens(o.data, o.limit);
    ScreenDetector detector;
    torch::optim::AdamW optimizer(detector->parameters(), torch::optim::AdamWOptions(o.learningRate).weight_decay(1e-4));
    int step = loadCheckpoint(o, "detector", detector, optimizer);
    rng.discard(std::size_t(step) * 1000);  // a resumed run does not replay the same crops
    const std::vector<std::size_t> wide = screensWithWideElements(screens), none;
    std::fprintf(stderr, "%zu screens hold an element wider than %d px\n", wide.size(), kWideElementPx);
    const std::vector<std::size_t> toggleFields =
        o.favourToggleFields > 0 ? screensWithToggleFields(screens) : std::vector<std::size_t>{};
    if (o.favourToggleFields > 0)
        std::fprintf(stderr, "%zu screens hold a text field after a check box or radio\n", toggleFields.size());
    Progress progress("detector", o.steps, step);
    double smoothLoss = 0;
    detector->train();
    for (; step < o.steps; ++step) {
        setLearningRate(optimizer, learningRateAt(o, step));
        const bool strip = step % kStripEvery == kStripEvery - 1;
        const cv::Size cropPx = strip ? kStripCrop : kSquareCrop;
        const DetectorBatch batch =
            strip ? sampleDetectorBatch(screens, o.batch, cropPx, wide, 0.5, o.edgeCrops, rng)
                  : sampleDetectorBatch(screens, o.batch, cropPx, toggleFields, o.favourToggleFields, o.edgeCrops, rng);
        const auto targets = perception::encodeTargets(batch.elements, cropPx / kDetectorScreenStride);
        const auto loss = perception::detectorLoss(detector->forward(batch.input), targets);
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        smoothLoss = step == 0 ? loss.item<double>() : 0.98 * smoothLoss + 0.02 * loss.item<double>();
        progress.update(step + 1, smoothLoss, o.batch);
        if ((step + 1) % o.checkpointEvery == 0) saveCheckpoint(o, "detector", detector, optimizer, step + 1);
    }
    progress.finish();
    saveTrained(o, "detector", detector, optimizer, step);
    if (!o.heldout.empty()) evaluateDetector(detector, loadPackedScreens(o.heldout));
    return 0;
}

// -------------------------------------------------------------------------------- recognizer

struct TextSample {
    const PackedScreen* screen;
    Element element;
};

// Texts outside the character set (and so unreadable) are left out of training and evaluation.
bool readable(const Element& e, const Charset& charset) {
    const std::u32string text = utf8ToU32(e.text);
    return std::all_of(text.begin(), text.end(), [&](char32_t c) { return charset.contains(c); }) &&
           e.box.width > 2 && e.box.height > 2;
}

std::vector<TextSample> textSamples(const std::vector<PackedScreen>& screens, const Charset& charset) {
    std::vector<TextSample> out;
    for (const PackedScreen& s : screens)
        for (const Element& e : s.truth.elements)
            if (readable(e, charset)) out.push_back({&s, e});
    return out;
}

cv::Mat textCrop(const cv::Mat& gray, const Element& element, std::mt19937* rng) {
    cv::Rect region = perception::textRegion(element, gray.size());
    if (rng) {  // the detector's boxes are a pixel or two off: train on such crops
        std::uniform_int_distribution<int> jitter(-2, 2);
        region = cv::Rect(region.x + jitter(*rng), region.y + jitter(*rng),
                          region.width + jitter(*rng), region.height + jitter(*rng));
    }
    return perception::prepareTextCrop(gray, perception::tightenTextRegion(gray, element, region));
}

torch::Tensor stackCrops(const std::vector<cv::Mat>& crops) {
    int width = 16;
    for (const auto& c : crops) width = std::max(width, c.cols);
    auto batch = torch::zeros({int64_t(crops.size()), 1, perception::kCropHeight, width});
    for (std::size_t i = 0; i < crops.size(); ++i) {
        cv::Mat padded;
        cv::copyMakeBorder(crops[i], padded, 0, 0, 0, width - crops[i].cols, cv::BORDER_REPLICATE);
        batch[int64_t(i)][0].copy_(torch::from_blob(padded.data, {perception::kCropHeight, width}, torch::kFloat));
    }
    return batch;
}

std::vector<std::string> readBatch(TextRecognizer& recognizer, const Charset& charset,
                                   const std::vector<cv::Mat>& crops) {
    const auto best = recognizer->forward(stackCrops(crops)).argmax(2);
    const auto a = best.accessor<int64_t, 2>();
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < crops.size(); ++i) {
        std::vector<int> classes(crops[i].cols / 4);
        for (std::size_t t = 0; t < classes.size(); ++t) classes[t] = int(a[int64_t(i)][int64_t(t)]);
        texts.push_back(charset.decodeCtc(classes));
    }
    return texts;
}

void evaluateRecognizer(TextRecognizer& recognizer, const Charset& charset, const std::vector<PackedScreen>& heldout) {
    torch::NoGradGuard noGrad;
    recognizer->eval();
    std::map<std::string, std::pair<int, int>> byType;  // exact, total
    for (const PackedScreen& screen : heldout) {
        const cv::Mat gray = unpack(screen);
        std::vector<const Element*> texts;
        for (const Element& e : screen.truth.elements)
            if (readable(e, charset)) texts.push_back(&e);
        for (std::size_t start = 0; start < texts.size(); start += 64) {
            std::vector<cv::Mat> crops;
            const std::size_t end = std::min(texts.size(), start + 64);
            for (std::size_t i = start; i < end; ++i) crops.push_back(textCrop(gray, *texts[i], nullptr));
            const auto read = readBatch(recognizer, charset, crops);
            for (std::size_t i = start; i < end; ++i) {
                auto& [exact, total] = byType[std::string(perception::toString(texts[i]->type))];
                exact += read[i - start] == texts[i]->text;
                ++total;
            }
        }
    }
    std::fprintf(stderr, "held-out text exact match:\n");
    int exact = 0, total = 0;
    for (auto& [type, n] : byType) {
        std::fprintf(stderr, "  %-10s %.3f (%d/%d)\n", type.c_str(), double(n.first) / n.second, n.first, n.second);
        exact += n.first;
        total += n.second;
    }
    std::fprintf(stderr, "  all        %.3f (%d/%d)\n", double(exact) / std::max(total, 1), exact, total);
    recognizer->train();
}

struct TextTarget {
    cv::Mat crop;
    std::vector<int64_t> classes;
};

constexpr std::size_t kLongTextChars = 30;

int trainRecognizer(const TrainOptions& o) {
    torch::manual_seed(o.seed);
    std::mt19937 rng(o.seed);
    const Charset charset;
    // Packed (as the detector's): every generated set fits in memory, decoded ones did not.
    const auto screens = loadPackedScreens(o.data, o.limit);
    const auto texts = textSamples(screens, charset);
    std::fprintf(stderr, "%zu text crops\n", texts.size());
    TextRecognizer recognizer(charset.classCount());
    torch::optim::AdamW optimizer(recognizer->parameters(), torch::optim::AdamWOptions(o.learningRate).weight_decay(1e-4));
    int step = loadCheckpoint(o, "recognizer", recognizer, optimizer);
    rng.discard(std::size_t(step) * 1000);
    std::uniform_int_distribution<std::size_t> pick(0, texts.size() - 1);
    // Paragraph lines: 3% of the texts, a third of Qt's read wrong (one letter in 90 is enough).
    std::vector<std::size_t> longTexts;
    for (std::size_t i = 0; i < texts.size(); ++i)
        if (utf8ToU32(texts[i].element.text).size() >= kLongTextChars) longTexts.push_back(i);
    std::uniform_real_distribution<double> unit(0, 1);
    if (o.longTexts > 0) std::fprintf(stderr, "%zu long texts\n", longTexts.size());
    Progress progress("recognizer", o.steps, step);
    double smoothLoss = 0;
    recognizer->train();
    // A batch is read in chunks of crops of about one width, each padded only to its own
    // widest: one long paragraph no longer widens 47 short captions (96 crops a second
    // against 35-40 measured; the same gradient but for the batch norms' statistics, taken
    // per chunk). Each crop unpacks its whole screen (~1.6 ms): a batch's 48 crops rarely
    // share one, of 20,000 screens.
    constexpr int kChunk = 12;
    for (; step < o.steps; ++step) {
        setLearningRate(optimizer, learningRateAt(o, step));
        std::vector<TextTarget> batch;
        while (int(batch.size()) < o.batch) {
            const bool fromLong = o.longTexts > 0 && !longTexts.empty() && unit(rng) < o.longTexts;
            const TextSample& t = texts[fromLong ? longTexts[pick(rng) % longTexts.size()] : pick(rng)];
            cv::Mat crop = textCrop(unpack(*t.screen), t.element, &rng);
            auto classes = charset.encode(t.element.text);
            if (int(classes.size()) * 2 + 1 > crop.cols / 4) continue;  // too squeezed to align
            batch.push_back({std::move(crop), std::vector<int64_t>(classes.begin(), classes.end())});
        }
        std::sort(batch.begin(), batch.end(), [](const TextTarget& a, const TextTarget& b) { return a.crop.cols < b.crop.cols; });
        optimizer.zero_grad();
        double batchLoss = 0;
        for (std::size_t start = 0; start < batch.size(); start += kChunk) {
            const std::size_t end = std::min(batch.size(), start + kChunk);
            std::vector<cv::Mat> crops;
            std::vector<int64_t> targets, targetLengths, inputLengths;
            for (std::size_t i = start; i < end; ++i) {
                crops.push_back(batch[i].crop);
                targets.insert(targets.end(), batch[i].classes.begin(), batch[i].classes.end());
                targetLengths.push_back(int64_t(batch[i].classes.size()));
                inputLengths.push_back(batch[i].crop.cols / 4);
            }
            const auto logProbs = recognizer->forward(stackCrops(crops)).transpose(0, 1);  // T x N x C
            const auto loss = torch::ctc_loss(logProbs, torch::tensor(targets), torch::tensor(inputLengths),
                                              torch::tensor(targetLengths), 0, at::Reduction::Mean, true);
            const double share = double(end - start) / double(batch.size());
            (loss * share).backward();
            batchLoss += loss.item<double>() * share;
        }
        torch::nn::utils::clip_grad_norm_(recognizer->parameters(), 5.0);
        optimizer.step();
        smoothLoss = step == 0 ? batchLoss : 0.98 * smoothLoss + 0.02 * batchLoss;
        progress.update(step + 1, smoothLoss, o.batch);
        if ((step + 1) % o.checkpointEvery == 0) saveCheckpoint(o, "recognizer", recognizer, optimizer, step + 1);
    }
    progress.finish();
    saveTrained(o, "recognizer", recognizer, optimizer, step);
    if (!o.heldout.empty()) evaluateRecognizer(recognizer, charset, loadPackedScreens(o.heldout));
    return 0;
}

// ------------------------------------------------------------------------------------ linker

struct PairSet {
    std::vector<perception::LabelFeatures> features;
    std::vector<float> labels;
};

/// A box moved the way the detector's boxes are off from the truth: measured on held-out
/// screens, a field's left edge up to its height over its caption's end, a caption's ends up
/// to a letter or two; tops and bottoms by a few pixels. A wide field's or dropdown's box also
/// starts well inside it now and then (its left edge 1-4 heights in, the right one off by up
/// to 1.5: 8 of the 17 Qt label misses of 2026-12-03 were such boxes).
cv::Rect looseBox(const Element& element, std::mt19937& rng) {
    const cv::Rect& box = element.box;
    std::uniform_real_distribution<float> across(-0.6f, 0.6f), along(-0.15f, 0.15f);
    std::uniform_real_distribution<float> inside(1.0f, 4.0f), end(-1.5f, 1.5f), chance(0.0f, 1.0f);
    const float h = float(box.height);
    int left = box.x + int(across(rng) * h), right = box.x + box.width + int(across(rng) * h);
    const bool wide = (element.type == ElementType::TextField || element.type == ElementType::Dropdown) &&
                      box.width > 6 * box.height;
    if (wide && chance(rng) < 0.25f) {
        left = box.x + int(inside(rng) * h);
        right = box.x + box.width + int(end(rng) * h);
    }
    const int top = box.y + int(along(rng) * h), bottom = box.y + box.height + int(along(rng) * h);
    return cv::Rect(cv::Point(left, top), cv::Point(std::max(right, left + 4), std::max(bottom, top + 4)));
}

/// Every candidate (text, control) pair of the screens' ground truth, once with the true
/// boxes and `looseCopies` times with boxes moved as the detector's are (looseBox): the
/// linker reads detected boxes, and trained on exact ones alone it left captions that a
/// loose field box reached over unlinked.
PairSet labelPairs(const std::vector<Sample>& samples, int looseCopies, std::mt19937& rng) {
    PairSet set;
    for (const Sample& s : samples) {
        for (int copy = 0; copy <= looseCopies; ++copy) {
            std::vector<Element> el = s.truth.elements;
            if (copy > 0)
                for (Element& e : el) e.box = looseBox(e, rng);
            for (const auto& pair : perception::labelCandidates(el)) {
                set.features.push_back(pair.features);
                set.labels.push_back(el[pair.control].label == pair.text ? 1.0f : 0.0f);
            }
        }
    }
    return set;
}

/// Pairs judged right (logit sign against the truth), of true pairs and of all, on held-out
/// screens with loose boxes.
void evaluateLinker(LabelLinker& linker, const std::vector<Sample>& heldout) {
    torch::NoGradGuard noGrad;
    std::mt19937 rng(12345);
    const PairSet pairs = labelPairs(heldout, 1, rng);
    const int64_t n = int64_t(pairs.labels.size());
    if (n == 0) return;
    const auto features = torch::from_blob(const_cast<perception::LabelFeatures*>(pairs.features.data()),
                                           {n, perception::kLabelFeatureCount}, torch::kFloat);
    const auto said = linker->forward(features).gt(0).contiguous();
    const bool* p = said.data_ptr<bool>();
    long right = 0, labels = 0, labelsFound = 0;
    for (int64_t i = 0; i < n; ++i) {
        const bool truth = pairs.labels[std::size_t(i)] > 0.5f;
        right += p[i] == truth;
        labels += truth;
        labelsFound += truth && p[i];
    }
    std::fprintf(stderr, "held-out pairs: %.3f judged right (%ld), true labels found %.3f (%ld)\n",
                 double(right) / double(n), long(n), double(labelsFound) / double(std::max(labels, 1L)), labels);
}

int trainLinker(const TrainOptions& o) {
    torch::manual_seed(o.seed);
    std::mt19937 rng(o.seed);
    const auto samples = loadSamples(o.data, o.limit);
    const PairSet pairs = labelPairs(samples, 2, rng);
    const int64_t n = int64_t(pairs.labels.size());
    std::fprintf(stderr, "%ld candidate (text, control) pairs\n", long(n));
    const auto features = torch::from_blob(const_cast<perception::LabelFeatures*>(pairs.features.data()),
                                           {n, perception::kLabelFeatureCount}, torch::kFloat).clone();
    const auto labels = torch::from_blob(const_cast<float*>(pairs.labels.data()), {n}, torch::kFloat).clone();
    LabelLinker linker;
    torch::optim::AdamW optimizer(linker->parameters(), torch::optim::AdamWOptions(o.learningRate));
    int step = loadCheckpoint(o, "linker", linker, optimizer);
    Progress progress("linker", o.steps, step);
    for (; step < o.steps; ++step) {
        setLearningRate(optimizer, learningRateAt(o, step));
        const auto index = torch::randint(n, {std::min<int64_t>(n, 256)}, torch::kLong);
        const auto loss = torch::binary_cross_entropy_with_logits(linker->forward(features.index_select(0, index)),
                                                                  labels.index_select(0, index));
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        if ((step + 1) % 50 == 0) progress.update(step + 1, loss.item<double>(), 256);
    }
    progress.finish();
    saveTrained(o, "linker", linker, optimizer, step);
    linker->eval();
    if (!o.heldout.empty()) evaluateLinker(linker, loadSamples(o.heldout));
    return 0;
}

// ------------------------------------------------------------------------ checkbox state

// A box as loose as the detector's: off by a few pixels, a quarter of a toggle's height and
// more on tall ones (Qt's 22-25 px boxes round a 13 px square).
Element jitteredBox(const Element& element, std::mt19937& rng) {
    const int off = std::max(2, element.box.height / 4);
    std::uniform_int_distribution<int> jitter(-off, off);
    Element moved = element;
    moved.box.x += jitter(rng);
    moved.box.y += jitter(rng);
    moved.box.height += jitter(rng);
    return moved;
}

bool isToggle(const Element& e) {
    return (e.type == ElementType::Checkbox || e.type == ElementType::Radio) && e.checked;
}

// Checked, round, and whether there is an indicator at all. The crops without one are where an
// indicator would be if a caption, field or button were a toggle (a first letter, a field's
// left edge: the detector's mistakes), and the ground truth's decoys (a title bar's maximise
// square, followed by its close cross, was taken for a check box "X"): a quarter of those
// crops where a set has decoys. They teach only the last output.
int trainState(const TrainOptions& o) {
    torch::manual_seed(o.seed);
    std::mt19937 rng(o.seed);
    const auto samples = loadSamples(o.data, o.limit);
    struct Crop { const Sample* screen; Element element; };
    std::vector<Crop> toggles, others, decoys;
    for (const Sample& s : samples) {
        for (const Element& e : s.truth.elements) {
            if (isToggle(e)) toggles.push_back({&s, e});
            else if (e.type != ElementType::Checkbox && e.type != ElementType::Radio && e.box.width > e.box.height)
                others.push_back({&s, e});
        }
        for (const cv::Rect& box : s.decoys) decoys.push_back({&s, Element{.type = ElementType::Text, .box = box}});
    }
    std::fprintf(stderr, "%zu checkboxes and radios, %zu other elements, %zu decoys\n", toggles.size(),
                 others.size(), decoys.size());
    StateClassifier classifier;
    torch::optim::AdamW optimizer(classifier->parameters(), torch::optim::AdamWOptions(o.learningRate));
    int step = loadCheckpoint(o, "state", classifier, optimizer);
    std::uniform_int_distribution<std::size_t> pickToggle(0, toggles.size() - 1), pickOther(0, others.size() - 1),
        pickDecoy(0, std::max<std::size_t>(decoys.size(), 1) - 1);
    Progress progress("state", o.steps, step);
    classifier->train();
    for (; step < o.steps; ++step) {
        setLearningRate(optimizer, learningRateAt(o, step));
        auto batch = torch::zeros({o.batch, 1, perception::kIndicatorPx, perception::kIndicatorPx});
        auto labels = torch::zeros({o.batch, models::kIndicatorOutputs});
        auto weights = torch::ones({o.batch, models::kIndicatorOutputs});
        for (int i = 0; i < o.batch; ++i) {
            const bool other = i % 3 == 2;  // a third of the batch
            const bool decoy = other && !decoys.empty() && i % 12 == 2;
            const Crop& c = decoy ? decoys[pickDecoy(rng)] : other ? others[pickOther(rng)] : toggles[pickToggle(rng)];
            const Element moved = jitteredBox(c.element, rng);
            cv::Mat crop = perception::prepareIndicatorCrop(
                c.screen->gray, perception::indicatorRegion(moved));
            batch[i][0].copy_(torch::from_blob(crop.data, {perception::kIndicatorPx, perception::kIndicatorPx}, torch::kFloat));
            if (other) {
                weights[i][models::kIndicatorChecked] = 0.0f;
                weights[i][models::kIndicatorRound] = 0.0f;
                continue;
            }
            labels[i][models::kIndicatorChecked] = *c.element.checked ? 1.0f : 0.0f;
            labels[i][models::kIndicatorRound] = c.element.type == ElementType::Radio ? 1.0f : 0.0f;
            labels[i][models::kIndicatorPresent] = 1.0f;
        }
        const double loss = weightedStep(classifier, optimizer, batch, labels, weights);
        if ((step + 1) % 20 == 0) progress.update(step + 1, loss, o.batch);
    }
    progress.finish();
    saveTrained(o, "state", classifier, optimizer, step);
    if (!o.heldout.empty()) {
        torch::NoGradGuard noGrad;
        classifier->eval();
        int right = 0, rightKind = 0, total = 0, present = 0, othersRight = 0, otherTotal = 0;
        int decoysRight = 0, decoyTotal = 0;
        for (const Sample& s : loadSamples(o.heldout)) {
            for (const cv::Rect& box : s.decoys) {
                cv::Mat crop = perception::prepareIndicatorCrop(s.gray, perception::indicatorRegion({.box = box}));
                const auto input = torch::from_blob(crop.data, {1, 1, perception::kIndicatorPx, perception::kIndicatorPx}, torch::kFloat);
                decoysRight += classifier->forward(input)[0][models::kIndicatorPresent].item<float>() <= 0;
                ++decoyTotal;
            }
            for (const Element& e : s.truth.elements) {
                const bool other = e.type != ElementType::Checkbox && e.type != ElementType::Radio &&
                                     e.box.width > e.box.height;
                if (!isToggle(e) && !other) continue;
                cv::Mat crop = perception::prepareIndicatorCrop(s.gray, perception::indicatorRegion(e));
                const auto input = torch::from_blob(crop.data, {1, 1, perception::kIndicatorPx, perception::kIndicatorPx}, torch::kFloat);
                const auto logits = classifier->forward(input);
                const bool seen = logits[0][models::kIndicatorPresent].item<float>() > 0;
                if (other) {
                    othersRight += !seen;
                    ++otherTotal;
                    continue;
                }
                right += (logits[0][models::kIndicatorChecked].item<float>() > 0) == *e.checked;
                rightKind += (logits[0][models::kIndicatorRound].item<float>() > 0) == (e.type == ElementType::Radio);
                present += seen;
                ++total;
            }
        }
        if (decoyTotal)
            std::fprintf(stderr, "no indicator seen at %.3f of %d decoys\n", double(decoysRight) / decoyTotal, decoyTotal);
        std::fprintf(stderr, "held-out checked-state accuracy %.3f, round-or-square accuracy %.3f, indicator "
                     "seen %.3f (%d indicators); no indicator seen at %.3f of %d other elements\n",
                     double(right) / std::max(total, 1), double(rightKind) / std::max(total, 1),
                     double(present) / std::max(total, 1), total,
                     double(othersRight) / std::max(otherTotal, 1), otherTotal);
    }
    return 0;
}

// ------------------------------------------------------------------------ field or dropdown

// A field's box as loose as the detector's: its right end, where a spin box's or dropdown's
// arrows are, off by up to its height either way (measured on held-out Qt and Tk screens: a
// third of the height or less for 80% of the detector's boxes, 0.65 for 95%; Qt's wide
// dropdowns end an arrow's width short), its top and bottom by a fifth.
Element jitteredFieldBox(const Element& element, std::mt19937& rng) {
    const int h = element.box.height;
    std::uniform_int_distribution<int> end(-std::max(2, h), std::max(2, h));
    std::uniform_int_distribution<int> edge(-std::max(1, h / 5), std::max(1, h / 5));
    Element moved = element;
    moved.box.width = std::max(4, moved.box.width + end(rng));
    moved.box.y += edge(rng);
    moved.box.height += edge(rng);
    return moved;
}

// Where the detector put a second, weaker box between two stacked fields: a field's box moved
// up or down by 0.7 to 1.3 of its height, half on it and half on the next row. Empty when that
// place holds another field or dropdown (the next row's: a field is there after all).
std::optional<Element> besideField(const Sample& screen, const Element& field, std::mt19937& rng) {
    std::uniform_real_distribution<double> by(0.7, 1.3);
    Element moved = jitteredFieldBox(field, rng);
    moved.box.y += int(std::lround((rng() % 2 ? 1 : -1) * by(rng) * field.box.height));
    if (moved.box.y < 0 || moved.box.y + moved.box.height > screen.gray.rows) return std::nullopt;
    for (const Element& e : screen.truth.elements) {
        if (e.type != ElementType::TextField && e.type != ElementType::Dropdown) continue;
        const double overlap = (e.box & moved.box).area();
        if (overlap / double((e.box | moved.box).area()) > 0.25) return std::nullopt;
    }
    return moved;
}

// Text fields (spin boxes among them) and buttons against dropdowns (editable combo boxes among
// them), and places beside a field where none is (the third output alone): per eight crops three
// fields, a button, two dropdowns and two such places. Buttons, because the detector takes a
// wide option menu (a raised button with a small bar at its right end: Tk's, Motif's) for one;
// their crops teach the first output only.
int trainFieldKind(const TrainOptions& o) {
    torch::manual_seed(o.seed);
    std::mt19937 rng(o.seed);
    const auto samples = loadSamples(o.data, o.limit);
    struct Crop { const Sample* screen; Element element; };
    std::vector<Crop> fields, dropdowns, buttons;
    for (const Sample& s : samples)
        for (const Element& e : s.truth.elements) {
            if (e.type == ElementType::TextField) fields.push_back({&s, e});
            if (e.type == ElementType::Dropdown) dropdowns.push_back({&s, e});
            if (e.type == ElementType::Button) buttons.push_back({&s, e});
        }
    std::fprintf(stderr, "%zu text fields, %zu dropdowns, %zu buttons\n", fields.size(), dropdowns.size(),
                 buttons.size());
    if (fields.empty() || dropdowns.empty() || buttons.empty())
        throw std::runtime_error("no text fields, no dropdowns or no buttons in --data");
    FieldKindClassifier classifier;
    torch::optim::AdamW optimizer(classifier->parameters(), torch::optim::AdamWOptions(o.learningRate));
    int step = loadCheckpoint(o, "field-kind", classifier, optimizer);
    std::uniform_int_distribution<std::size_t> pickField(0, fields.size() - 1), pickDropdown(0, dropdowns.size() - 1),
        pickButton(0, buttons.size() - 1);
    Progress progress("field-kind", o.steps, step);
    classifier->train();
    constexpr int64_t kRows = perception::kFieldEndCropRows, kCols = perception::kFieldEndCropCols;
    for (; step < o.steps; ++step) {
        setLearningRate(optimizer, learningRateAt(o, step));
        auto batch = torch::zeros({o.batch, 1, kRows, kCols});
        auto labels = torch::zeros({o.batch, kFieldKindOutputs});
        auto weights = torch::ones({o.batch, kFieldKindOutputs});
        for (int i = 0; i < o.batch; ++i) {
            const bool dropdown = i % 4 == 1, button = i % 8 == 4;
            const Crop& c = dropdown ? dropdowns[pickDropdown(rng)]
                          : button   ? buttons[pickButton(rng)]
                                     : fields[pickField(rng)];
            Element box = jitteredFieldBox(c.element, rng);
            bool present = true;
            if (i % 4 == 3)  // a place beside it; where there is none (a field there), the field
                if (const auto beside = besideField(*c.screen, c.element, rng)) box = *beside, present = false;
            cv::Mat crop = perception::prepareFieldEndCrop(c.screen->gray, perception::fieldEndRegion(box));
            batch[i][0].copy_(torch::from_blob(crop.data, {kRows, kCols}, torch::kFloat));
            labels[i][kFieldIsDropdown] = dropdown ? 1.0f : 0.0f;
            labels[i][kFieldPresent] = present ? 1.0f : 0.0f;
            if (!present) weights[i][kFieldIsDropdown] = 0.0f;
            if (button) weights[i][kFieldPresent] = 0.0f;
        }
        const double loss = weightedStep(classifier, optimizer, batch, labels, weights);
        if ((step + 1) % 20 == 0) progress.update(step + 1, loss, o.batch);
    }
    progress.finish();
    saveTrained(o, "field-kind", classifier, optimizer, step);
    if (!o.heldout.empty()) {
        torch::NoGradGuard noGrad;
        classifier->eval();
        std::mt19937 heldoutRng(o.seed + 1);
        int fieldsRight = 0, fieldCount = 0, dropdownsRight = 0, dropdownCount = 0, jitteredRight = 0;
        int seen = 0, besideCount = 0, besideRejected = 0, buttonCount = 0, buttonsSure = 0;
        for (const Sample& s : loadSamples(o.heldout))
            for (const Element& e : s.truth.elements) {
                auto says = [&](const Element& box) {
                    cv::Mat crop = perception::prepareFieldEndCrop(s.gray, perception::fieldEndRegion(box));
                    return classifier->forward(torch::from_blob(crop.data, {1, 1, kRows, kCols}, torch::kFloat))[0];
                };
                if (e.type == ElementType::Button) {  // the parser makes it a dropdown only where sure
                    buttonsSure += says(e)[kFieldIsDropdown].item<float>() > perception::kSureKindLogit;
                    ++buttonCount;
                }
                if (e.type != ElementType::TextField && e.type != ElementType::Dropdown) continue;
                const bool dropdown = e.type == ElementType::Dropdown;
                const auto logits = says(e);
                const bool right = (logits[kFieldIsDropdown].item<float>() > 0) == dropdown;
                (dropdown ? dropdownsRight : fieldsRight) += right;
                (dropdown ? dropdownCount : fieldCount) += 1;
                seen += logits[kFieldPresent].item<float>() > 0;
                jitteredRight += (says(jitteredFieldBox(e, heldoutRng))[kFieldIsDropdown].item<float>() > 0) == dropdown;
                if (const auto beside = besideField(s, e, heldoutRng)) {
                    besideRejected += says(*beside)[kFieldPresent].item<float>() < 0;
                    ++besideCount;
                }
            }
        const int total = std::max(fieldCount + dropdownCount, 1);
        std::fprintf(stderr, "held-out: text fields judged right %.3f (%d), dropdowns %.3f (%d); boxes as loose "
                     "as the detector's %.3f; fields seen %.3f; places beside a field rejected %.3f (%d); "
                     "buttons taken for sure dropdowns %.4f (%d)\n",
                     double(fieldsRight) / std::max(fieldCount, 1), fieldCount,
                     double(dropdownsRight) / std::max(dropdownCount, 1), dropdownCount,
                     double(jitteredRight) / total, double(seen) / total,
                     double(besideRejected) / std::max(besideCount, 1), besideCount,
                     double(buttonsSure) / std::max(buttonCount, 1), buttonCount);
    }
    return 0;
}

// ---------------------------------------------------------------------------- field verifier

struct RowCrop {
    cv::Mat crop;  ///< perception::prepareFieldRowCrop
    bool field;
};

struct RowCrops {
    std::vector<RowCrop> candidates;  ///< what the parser asks the verifier about
    std::vector<RowCrop> trueFields;  ///< true text fields, boxed as loosely as the detector's
};

// The weak text field candidates the parser, with the weights in --out, finds on these
// screens, labelled by the ground truth: a field where one overlaps a true text field by IoU
// 0.5 or more, none where it overlaps every true field and dropdown by less than 0.3 (between:
// left out, as the evaluation counts neither). And one true text field in `fieldShare`, its box
// jittered: few weak candidates are fields, most of those the detector is sure of.
RowCrops rowCrops(const TrainOptions& o, const std::vector<std::string>& folders, double fieldShare,
                  std::mt19937& rng) {
    perception::ScreenParserOptions options;
    options.weightsDir = o.out;
    options.verifyWeakFields = false;
    options.threads = o.threads;
    perception::ScreenParser parser(options);
    const auto screens = loadPackedScreens(folders, o.limit);
    RowCrops crops;
    std::bernoulli_distribution takeField(fieldShare);
    Progress progress("candidates", int(screens.size()), 0);
    for (std::size_t i = 0; i < screens.size(); ++i) {
        const cv::Mat gray = unpack(screens[i]);
        for (const Element& c : parser.weakFieldCandidates(gray)) {
            double fieldIou = 0, anyIou = 0;
            for (const Element& t : screens[i].truth.elements) {
                if (t.type == ElementType::TextField) fieldIou = std::max(fieldIou, perception::iou(t.box, c.box));
                if (t.type == ElementType::TextField || t.type == ElementType::Dropdown)
                    anyIou = std::max(anyIou, perception::iou(t.box, c.box));
            }
            if (fieldIou >= 0.5) crops.candidates.push_back({perception::prepareFieldRowCrop(gray, c.box), true});
            else if (anyIou < 0.3) crops.candidates.push_back({perception::prepareFieldRowCrop(gray, c.box), false});
        }
        for (const Element& t : screens[i].truth.elements)
            if (t.type == ElementType::TextField && takeField(rng))
                crops.trueFields.push_back({perception::prepareFieldRowCrop(gray, jitteredFieldBox(t, rng).box), true});
        if ((i + 1) % 50 == 0) progress.update(int(i + 1), 0, 1);
    }
    progress.finish();
    const auto fields = std::count_if(crops.candidates.begin(), crops.candidates.end(),
                                      [](const RowCrop& c) { return c.field; });
    std::fprintf(stderr, "%zu screens: %zu weak candidates (%ld fields), %zu true fields\n", screens.size(),
                 crops.candidates.size(), long(fields), crops.trueFields.size());
    return crops;
}

// A weak candidate's crop three times in four, a true field's the fourth: the candidates are
// what the verifier judges, the true fields show it every look a field has.
int trainFieldVerifier(const TrainOptions& o) {
    torch::manual_seed(o.seed);
    std::mt19937 rng(o.seed);
    const RowCrops train = rowCrops(o, o.data, 0.3, rng);
    if (train.candidates.empty() || train.trueFields.empty())
        throw std::runtime_error("no weak text field candidates or no text fields in --data");
    FieldVerifier verifier;
    torch::optim::AdamW optimizer(verifier->parameters(), torch::optim::AdamWOptions(o.learningRate));
    int step = loadCheckpoint(o, "field-verifier", verifier, optimizer);
    std::uniform_int_distribution<std::size_t> pickCandidate(0, train.candidates.size() - 1),
        pickField(0, train.trueFields.size() - 1);
    constexpr int64_t kRows = kFieldRowRows, kCols = kFieldRowCols;
    Progress progress("field-verifier", o.steps, step);
    verifier->train();
    for (; step < o.steps; ++step) {
        setLearningRate(optimizer, learningRateAt(o, step));
        auto batch = torch::zeros({o.batch, 1, kRows, kCols});
        auto labels = torch::zeros({o.batch, 1});
        for (int i = 0; i < o.batch; ++i) {
            const RowCrop& c = i % 4 == 3 ? train.trueFields[pickField(rng)] : train.candidates[pickCandidate(rng)];
            batch[i][0].copy_(torch::from_blob(c.crop.data, {kRows, kCols}, torch::kFloat));
            labels[i][0] = c.field ? 1.0f : 0.0f;
        }
        const double loss = weightedStep(verifier, optimizer, batch, labels, torch::ones({o.batch, 1}));
        if ((step + 1) % 20 == 0) progress.update(step + 1, loss, o.batch);
        if ((step + 1) % o.checkpointEvery == 0) saveCheckpoint(o, "field-verifier", verifier, optimizer, step + 1);
    }
    progress.finish();
    saveTrained(o, "field-verifier", verifier, optimizer, step);
    if (!o.heldout.empty()) {
        torch::NoGradGuard noGrad;
        verifier->eval();
        std::mt19937 heldoutRng(o.seed + 1);
        const RowCrops heldout = rowCrops(o, o.heldout, 1.0, heldoutRng);
        auto says = [&](const RowCrop& c) {
            return verifier->forward(torch::from_blob(c.crop.data, {1, 1, kRows, kCols}, torch::kFloat))[0][0]
                .item<float>();
        };
        int kept = 0, keptFields = 0, fields = 0, trueKept = 0;
        for (const RowCrop& c : heldout.candidates) {
            const bool keep = says(c) > 0;
            kept += keep, keptFields += keep && c.field, fields += c.field;
        }
        for (const RowCrop& c : heldout.trueFields) trueKept += says(c) > 0;
        std::fprintf(stderr, "held-out: of %zu weak candidates (%d fields), kept %d, %d of them fields "
                     "(precision %.3f, recall %.3f); true fields kept %.3f (%zu)\n",
                     heldout.candidates.size(), fields, kept, keptFields, double(keptFields) / std::max(kept, 1),
                     double(keptFields) / std::max(fields, 1), double(trueKept) / std::max<std::size_t>(heldout.trueFields.size(), 1),
                     heldout.trueFields.size());
    }
    return 0;
}

}  // namespace
}  // namespace hemu::models

int main(int argc, char** argv) {
    using namespace hemu::models;
    configureCpu(2);

    CLI::App app{"hemu-train: trains the screen parser's networks on generated screens"};
    app.require_subcommand(1);
    TrainOptions o;
    for (const char* name : {"detector", "recognizer", "linker", "state", "field-kind", "field-verifier"}) {
        auto* sub = app.add_subcommand(name, std::string("train the ") + name);
        sub->add_option("--data", o.data, "folders of NAME.png + NAME.json screens")->required();
        sub->add_option("--heldout", o.heldout, "folders evaluated after training");
        sub->add_option("--out", o.out, "where the weights go")->capture_default_str();
        sub->add_option("--checkpoints", o.checkpoints, "checkpoint folder")->capture_default_str();
        sub->add_option("--steps", o.steps, "optimizer steps")->capture_default_str();
        sub->add_option("--batch", o.batch, "batch size")->capture_default_str();
        sub->add_option("--lr", o.learningRate, "peak learning rate")->capture_default_str();
        sub->add_option("--seed", o.seed, "random seed")->capture_default_str();
        sub->add_option("--checkpoint-every", o.checkpointEvery)->capture_default_str();
        sub->add_option("--limit", o.limit, "use at most this many screens");
        sub->add_flag("--resume", o.resume, "continue from the last checkpoint");
        sub->add_option("--init", o.init, "start from these weights (e.g. models/weights/NAME.pt) to fine-tune")
            ->check(CLI::ExistingFile);
        if (std::string_view(name) == "recognizer")
            sub->add_option("--long-texts", o.longTexts, "share of crops drawn from texts of 30 characters or more")
                ->check(CLI::Range(0.0, 1.0))->capture_default_str();
        if (std::string_view(name) == "detector") {
            sub->add_option("--edge-crops", o.edgeCrops, "share of crops starting at the screen's left (top) edge")
                ->check(CLI::Range(0.0, 1.0))->capture_default_str();
            sub->add_option("--favour-toggle-fields", o.favourToggleFields,
                            "share of square crops from screens with a text field right after a check box or radio")
                ->check(CLI::Range(0.0, 1.0))->capture_default_str();
        }
        sub->add_option("--threads", o.threads, "CPU threads (two trainings side by side: 1 each)")
            ->capture_default_str();
    }
    CLI11_PARSE(app, argc, argv);
    at::set_num_threads(o.threads);
    try {
        if (app.got_subcommand("detector")) return trainDetector(o);
        if (app.got_subcommand("recognizer")) return trainRecognizer(o);
        if (app.got_subcommand("state")) return trainState(o);
        if (app.got_subcommand("field-kind")) return trainFieldKind(o);
        if (app.got_subcommand("field-verifier")) return trainFieldVerifier(o);
        return trainLinker(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hemu-train: %s\n", e.what());
        return 2;
    }
}
