#include "app/bench/RunReport.h"

#include <fstream>

namespace hemu::bench {
namespace {

using Json = nlohmann::json;

std::optional<double> number(const Json& object, const char* key) {
    if (!object.contains(key) || !object.at(key).is_number()) return std::nullopt;
    return object.at(key).get<double>();
}

std::string string(const Json& object, const char* key) {
    if (!object.contains(key) || !object.at(key).is_string()) return "";
    return object.at(key).get<std::string>();
}

}  // namespace

RunReport readRunReport(const std::string& path) {
    RunReport report;
    std::ifstream in(path);
    if (!in) return report;
    const Json json = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) {
        report.problem = "the run report " + path + " is not a JSON object";
        return report;
    }
    report.found = true;
    if (json.contains("ok") && json.at("ok").is_boolean()) report.ok = json.at("ok").get<bool>();
    report.seconds = number(json, "seconds");
    report.humanSeconds = number(json, "human_seconds");
    report.klmSeconds = number(json, "klm_seconds");
    report.startupSeconds = number(json, "startup_seconds");
    report.error = string(json, "error");
    report.screenshot = string(json, "screenshot");
    if (json.contains("steps") && json.at("steps").is_array()) report.steps = json.at("steps");
    return report;
}

CategoryTimesMs RunReport::categoryTimesMs() const {
    CategoryTimesMs totals{};
    for (const Json& step : steps) {
        if (!step.is_object() || !step.contains("time_ms") || !step.at("time_ms").is_object())
            continue;
        const Json& times = step.at("time_ms");
        for (std::size_t i = 0; i < kTimeCategories.size(); ++i) {
            const std::string key(kTimeCategories[i]);
            if (times.contains(key) && times.at(key).is_number())
                totals[i] += times.at(key).get<double>();
        }
    }
    return totals;
}

std::vector<std::string> RunReport::overlays() const {
    std::vector<std::string> paths;
    for (const Json& step : steps) {
        if (step.is_object()) {
            if (std::string path = string(step, "overlay"); !path.empty()) paths.push_back(path);
        }
    }
    return paths;
}

std::optional<std::pair<std::string, double>> mainCost(const CategoryTimesMs& times) {
    double total = 0;
    std::size_t largest = 0;
    for (std::size_t i = 0; i < times.size(); ++i) {
        total += times[i];
        if (times[i] > times[largest]) largest = i;
    }
    if (total <= 0) return std::nullopt;
    return std::pair{std::string(kTimeCategories[largest]), times[largest] / total};
}

}  // namespace hemu::bench
