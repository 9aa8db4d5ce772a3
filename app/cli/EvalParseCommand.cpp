// hemu eval-parse: the screen parser measured on screens with ground truth (generated held-out
// sets, real application screenshots): detection per type, text, labels, latency.

#include "app/cli/Commands.h"
#include "perception/ParseEvaluation.h"
#include "perception/ScreenParser.h"
#include "perception/TextCrops.h"

#include <unistd.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

namespace hemu::cli {
namespace {

struct SideBySide {
    std::size_t crops = 0;
    double hemuExact = 0, hemuMs = 0, tesseractExact = 0, tesseractMs = 0;
};

// Reads the true text elements' crops (the same regions for both readers) with our recognizer
// and with the tesseract command (one process a crop, --psm 7: a single text line). Tesseract
// is a reference for the evaluation only, never a runtime dependency.
SideBySide compareWithTesseract(perception::ScreenParser& parser,
                                const std::vector<std::filesystem::path>& files, std::size_t limit) {
    SideBySide result;
    const auto temp = std::filesystem::temp_directory_path() / ("hemu-tess-" + std::to_string(getpid()));
    std::filesystem::create_directories(temp);
    int hemuRight = 0, tessRight = 0;
    double hemuMs = 0, tessMs = 0;
    for (const auto& file : files) {
        if (result.crops >= limit) break;
        const auto truth = perception::loadScreenParse(file.string());
        const cv::Mat image = cv::imread(std::filesystem::path(file).replace_extension(".png").string(), cv::IMREAD_COLOR);
        std::vector<perception::Element> texts;
        for (const auto& e : truth.elements)
            if (e.type == perception::ElementType::Text && !e.text.empty() && result.crops + texts.size() < limit)
                texts.push_back(e);
        if (texts.empty() || image.empty()) continue;
        auto start = std::chrono::steady_clock::now();
        const auto read = parser.readTexts(image, texts);
        hemuMs += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        for (std::size_t i = 0; i < texts.size(); ++i) {
            hemuRight += read[i] == texts[i].text;
            const cv::Rect region = perception::textRegion(texts[i], image.size());
            const std::string png = (temp / "crop.png").string();
            cv::imwrite(png, image(region));
            start = std::chrono::steady_clock::now();
            std::string output;
            if (FILE* pipe = popen(("tesseract '" + png + "' - --psm 7 2>/dev/null").c_str(), "r")) {
                char buffer[512];
                while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
                pclose(pipe);
            }
            tessMs += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            while (!output.empty() && (output.back() == '\n' || output.back() == '\f' || output.back() == ' '))
                output.pop_back();
            tessRight += output == texts[i].text;
        }
        result.crops += texts.size();
    }
    std::filesystem::remove_all(temp);
    if (result.crops) {
        result.hemuExact = double(hemuRight) / result.crops;
        result.tesseractExact = double(tessRight) / result.crops;
        result.hemuMs = hemuMs / result.crops;
        result.tesseractMs = tessMs / result.crops;
    }
    return result;
}

}  // namespace

void addEvalParseCommand(CLI::App& app, CommandBody& body) {
    struct Options {
        std::vector<std::string> folders;
        std::size_t limit = 0;
        std::string out;
        std::size_t tesseractCrops = 0;
        std::string mistakes;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("eval-parse", "measure the screen parser against ground truth");
    command->add_option("FOLDER", options->folders, "folders of NAME.png + NAME.json")->required();
    command->add_option("--limit", options->limit, "at most this many screens a folder");
    command->add_option("--out", options->out, "write the figures as JSON here");
    command->add_option("--tesseract", options->tesseractCrops,
                        "also read the first N true text crops with Tesseract (tesseract-ocr) and "
                        "with our recognizer, side by side")
        ->capture_default_str();
    command->add_option("--mistakes", options->mistakes,
                        "write every element missed or found wrongly, and every wrong text and label of a "
                        "matched one, here: one JSON object a line");
    command->callback([options, &body] {
        body = [options] {
            perception::ScreenParser parser;
            nlohmann::json report = nlohmann::json::object();
            bool allOk = true;
            std::ofstream mistakes;
            if (!options->mistakes.empty()) {
                mistakes.open(options->mistakes);
                if (!mistakes) throw std::invalid_argument("eval-parse: cannot write " + options->mistakes);
            }
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
                    const auto score = perception::scoreParse(parse, truth);
                    if (mistakes.is_open())
                        for (const auto& m : score.mistakes)
                            mistakes << nlohmann::json{
                                {"screen", std::filesystem::path(files[i]).replace_extension(".png").string()},
                                {"kind", perception::toString(m.kind)},
                                {"type", perception::toString(m.type)},
                                {"box", {m.box.x, m.box.y, m.box.width, m.box.height}},
                                {"expected", m.expected},
                                {"got", m.got}}.dump() << "\n";
                    total.add(score);
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
                if (options->tesseractCrops > 0) {
                    const auto side = compareWithTesseract(parser, files, options->tesseractCrops);
                    std::printf("  same %zu crops: hemu exact %.3f, %.2f ms a crop; Tesseract exact %.3f, "
                                "%.1f ms a crop\n", side.crops, side.hemuExact, side.hemuMs,
                                side.tesseractExact, side.tesseractMs);
                    figures["tesseract"] = {{"crops", side.crops}, {"hemu_exact", side.hemuExact},
                                            {"hemu_ms", side.hemuMs}, {"tesseract_exact", side.tesseractExact},
                                            {"tesseract_ms", side.tesseractMs}};
                }
                report[folder] = figures;
                allOk &= !times.empty();
            }
            if (!options->out.empty()) std::ofstream(options->out) << report.dump(2) << "\n";
            return int(allOk ? kExitOk : kExitStepFailed);
        };
    });
}

}  // namespace hemu::cli
