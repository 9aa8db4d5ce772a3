#include "models/train/Dataset.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace hemu::models {

std::vector<Sample> loadSamples(const std::vector<std::string>& folders, std::size_t limit) {
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
    std::vector<Sample> samples;
    samples.reserve(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        Sample s;
        s.name = files[i].stem().string();
        s.truth = perception::loadScreenParse(files[i].string());
        s.gray = cv::imread(std::filesystem::path(files[i]).replace_extension(".png").string(),
                            cv::IMREAD_GRAYSCALE);
        if (s.gray.empty()) throw std::runtime_error(files[i].string() + ": unreadable PNG beside it");
        samples.push_back(std::move(s));
        if ((i + 1) % 500 == 0 || i + 1 == files.size())
            std::fprintf(stderr, "\rloaded %zu/%zu screens", i + 1, files.size());
    }
    std::fprintf(stderr, "\n");
    return samples;
}

}  // namespace hemu::models
