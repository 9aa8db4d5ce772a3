#include "models/train/Dataset.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace hemu::models {
namespace {

/// The NAME.json files that have a NAME.png beside them, sorted, at most `limit` (0: all).
std::vector<std::filesystem::path> listScreens(const std::vector<std::string>& folders, std::size_t limit) {
    std::vector<std::filesystem::path> files;
    for (const auto& folder : folders) {
        if (!std::filesystem::is_directory(folder))
            throw std::runtime_error(folder + ": not a folder of generated screens");
        for (const auto& entry : std::filesystem::directory_iterator(folder)) {
            const auto& p = entry.path();
            if (p.extension() == ".json" && std::filesystem::exists(std::filesystem::path(p).replace_extension(".png")))
                files.push_back(p);
        }
    }
    std::sort(files.begin(), files.end());
    if (limit && files.size() > limit) files.resize(limit);
    if (files.empty()) throw std::runtime_error("no NAME.json + NAME.png pairs in the given folders");
    return files;
}

cv::Mat readImage(const std::filesystem::path& json, int flags) {
    const auto png = std::filesystem::path(json).replace_extension(".png");
    cv::Mat image = cv::imread(png.string(), flags);
    if (image.empty()) throw std::runtime_error(png.string() + ": unreadable PNG");
    return image;
}

/// The "decoys" of a screen's ground truth (models/generator/GroundTruth.h); none when absent.
std::vector<cv::Rect> readDecoys(const std::filesystem::path& json) {
    std::ifstream in(json);
    const auto truth = nlohmann::json::parse(in);
    std::vector<cv::Rect> decoys;
    if (truth.contains("decoys"))
        for (const auto& b : truth["decoys"]) decoys.emplace_back(b[0].get<int>(), b[1].get<int>(), b[2].get<int>(), b[3].get<int>());
    return decoys;
}

void showLoaded(std::size_t done, std::size_t total) {
    if (done % 500 == 0 || done == total) std::fprintf(stderr, "\rloaded %zu/%zu screens", done, total);
    if (done == total) std::fprintf(stderr, "\n");
}

/// Each listed screen with its name and ground truth; `readPixels(json, screen)` fills in the
/// rest from the PNG beside it.
template <typename Screen, typename ReadPixels>
std::vector<Screen> loadEach(const std::vector<std::string>& folders, std::size_t limit, ReadPixels readPixels) {
    const auto files = listScreens(folders, limit);
    std::vector<Screen> screens;
    screens.reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        Screen s;
        s.name = files[i].stem().string();
        s.truth = perception::loadScreenParse(files[i].string());
        s.decoys = readDecoys(files[i]);
        readPixels(files[i], s);
        screens.push_back(std::move(s));
        showLoaded(i + 1, files.size());
    }
    return screens;
}

}  // namespace

std::vector<Sample> loadSamples(const std::vector<std::string>& folders, std::size_t limit) {
    return loadEach<Sample>(folders, limit, [](const std::filesystem::path& json, Sample& s) {
        s.gray = readImage(json, cv::IMREAD_GRAYSCALE);
    });
}

std::vector<PackedScreen> loadPackedScreens(const std::vector<std::string>& folders, std::size_t limit) {
    // Fastest compression: every screen is packed at each run's start (a grey plane at level
    // 1 is 14-30 KB, against 1 MB raw).
    const std::vector<int> fast{cv::IMWRITE_PNG_COMPRESSION, 1};
    return loadEach<PackedScreen>(folders, limit, [&](const std::filesystem::path& json, PackedScreen& s) {
        cv::imencode(".png", readImage(json, cv::IMREAD_GRAYSCALE), s.grayPng, fast);
    });
}

cv::Mat unpack(const PackedScreen& screen) { return cv::imdecode(screen.grayPng, cv::IMREAD_GRAYSCALE); }

}  // namespace hemu::models
