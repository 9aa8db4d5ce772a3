// hemu eval-parse: the screen parser measured on screens with ground truth (generated held-out
// sets, real application screenshots): detection per type, text, labels, latency.

#include "app/cli/Commands.h"
#include "perception/ParseEvaluation.h"
#include "perception/ScreenParser.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

namespace hemu::cli {

void addEvalParseCommand(CLI::App& app, CommandBody& body) {
    struct Options {
        std::vector<std::string> folders;
        std::size_t limit = 0;
        std::string out;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("eval-parse", "measure the screen parser against ground truth");
    command->add_option("FOLDER", options->folders, "folders of NAME.png + NAME.json")->required();
    command->add_option("--limit", options->limit, "at most this many screens a folder");
    command->add_option("--out", options->out, "write the figures as JSON here");
    command->callback([options, &body] {
        body = [options] {
            perception::ScreenParser parser;
            nlohmann::json report = nlohmann::json::object();
            bool allOk = true;
            for (const auto& folder : options->folders) {
                std::vector<std::filesystem::path> files;
                if (!std::filesystem::is_directory(folder))
                    throw std::invalid_argument("eval-parse: " + folder + " is not a folder");
                for (const auto& entry : std::filesystem::directory_iterator(folder))
                    if (entry.path().extension() == ".json") files.push_back(entry.path());
                std::sort(files.begin(), files.end());
                if (options->limit && files.size() > options->limit) files.resize(options->limit);
                perception::ParseScore total;
                std::vector<double> times;
                for (std::size_t i = 0; i < files.size(); ++i) {
                    const auto truth = perception::loadScreenParse(files[i].string());
                    const cv::Mat image = cv::imread(
                        std::filesystem::path(files[i]).replace_extension(".png").string(), cv::IMREAD_COLOR);
                    if (image.empty()) continue;
                    const auto parse = parser.parse(image);
                    times.push_back(parser.lastTiming().totalMs);
                    total.add(perception::scoreParse(parse, truth));
                    std::fprintf(stderr, "\r%s: %zu/%zu screens", folder.c_str(), i + 1, files.size());
                }
                std::fprintf(stderr, "\n");
                std::sort(times.begin(), times.end());
                const double median = times.empty() ? 0 : times[times.size() / 2];
                std::printf("%s (%zu screens)\n  %-10s %9s %9s %9s\n", folder.c_str(), times.size(),
                            "type", "precision", "recall", "F1");
                nlohmann::json figures;
                for (int t = 1; t <= perception::kElementTypeCount; ++t) {
                    const auto& c = total.byType[std::size_t(t)];
                    if (c.truePositives + c.falsePositives + c.falseNegatives == 0) continue;
                    const std::string name(perception::toString(perception::ElementType(t)));
                    std::printf("  %-10s %9.3f %9.3f %9.3f\n", name.c_str(), c.precision(), c.recall(), c.f1());
                    figures["f1"][name] = c.f1();
                }
                std::printf("  text exact match %.3f (%d/%d), character error rate %.4f\n",
                            total.textExactRate(), total.textExact, total.textTotal, total.characterErrorRate());
                std::printf("  checked state %.3f, label association %.3f (%d/%d)\n", total.stateAccuracy(),
                            total.labelAccuracy(), total.labelCorrect, total.labelTotal);
                std::printf("  parse latency: median %.1f ms\n", median);
                figures["text_exact"] = total.textExactRate();
                figures["cer"] = total.characterErrorRate();
                figures["label_accuracy"] = total.labelAccuracy();
                figures["state_accuracy"] = total.stateAccuracy();
                figures["median_ms"] = median;
                report[folder] = figures;
                allOk &= !times.empty();
            }
            if (!options->out.empty()) std::ofstream(options->out) << report.dump(2) << "\n";
            return int(allOk ? kExitOk : kExitStepFailed);
        };
    });
}

}  // namespace hemu::cli
