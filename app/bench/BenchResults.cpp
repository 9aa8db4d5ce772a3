#include "app/bench/BenchResults.h"

#include <algorithm>
#include <cstdio>

namespace hemu::bench {
namespace {

using Json = nlohmann::json;

// Longest failure reason shown in a terminal table cell; report.json has it whole.
constexpr std::size_t kMaxReasonChars = 100;

std::optional<double> median(std::vector<double> values) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    const std::size_t mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

Json orNull(const std::optional<double>& value) {
    return value ? Json(*value) : Json(nullptr);
}

std::size_t displayWidth(const std::string& text) {
    // Code points, not bytes, so that "Grüße" lines up.
    return std::count_if(text.begin(), text.end(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

std::string oneLine(std::string text, std::size_t maxChars) {
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
    if (displayWidth(text) <= maxChars) return text;
    std::size_t chars = 0, cut = 0;
    for (; cut < text.size(); ++cut) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80 && chars++ == maxChars) break;
    }
    return text.substr(0, cut) + "...";
}

std::string mainCostText(const TaskResult& result) {
    const auto cost = mainCost(result.run.categoryTimesMs());
    if (!cost) return "-";
    char text[64];
    std::snprintf(text, sizeof text, "%s %.0f%%", cost->first.c_str(), cost->second * 100);
    return text;
}

}  // namespace

std::string formatNumber(std::optional<double> value, int decimals) {
    if (!value) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, *value);
    return text;
}

std::string speedupText(std::optional<double> speedup) {
    return speedup ? formatNumber(speedup) + "x" : "-";
}

std::string displayName(const TaskResult& result, int repeat) {
    return repeat > 1 ? result.name + " #" + std::to_string(result.repetition) : result.name;
}

BenchSummary summarize(const std::vector<TaskResult>& results, double totalSeconds) {
    BenchSummary summary;
    summary.tasks = int(results.size());
    summary.totalSeconds = totalSeconds;
    std::vector<double> all, successful;
    for (const auto& result : results) {
        if (result.ok) {
            ++summary.succeeded;
            if (result.speedup) successful.push_back(*result.speedup);
        }
        if (!result.ok)
            all.push_back(0.0);
        else if (result.speedup)
            all.push_back(*result.speedup);
    }
    summary.successRate = results.empty() ? 0 : double(summary.succeeded) / double(results.size());
    summary.medianSpeedup = median(all);
    summary.medianSpeedupSuccessful = median(successful);
    if (!successful.empty())
        summary.minSpeedupSuccessful = *std::min_element(successful.begin(), successful.end());
    return summary;
}

Json toJson(const BenchRun& run) {
    Json tasks = Json::array();
    for (const auto& r : run.results) {
        Json task = {
            {"name", r.name},
            {"repetition", r.repetition},
            {"dir", r.runDir},
            {"ok", r.ok},
            {"run_ok", r.runOk},
            {"check_ok", r.checkOk},
            {"check_reason", r.checkReason},
            {"exit_code", r.exitCode ? Json(*r.exitCode) : Json(nullptr)},
            {"reason", r.reason},
            {"seconds", r.seconds},
            {"task_seconds", r.taskSeconds},
            {"reported_seconds", orNull(r.run.seconds)},
            {"startup_seconds", orNull(r.run.startupSeconds)},
            {"human_seconds", orNull(r.humanSeconds)},
            {"klm_seconds", orNull(r.klmSeconds)},
            {"speedup", orNull(r.speedup)},
            {"report", r.runDir + "/report.json"},
            {"steps", r.run.steps},
        };
        Json times = Json::object();
        const CategoryTimesMs totals = r.run.categoryTimesMs();
        for (std::size_t i = 0; i < kTimeCategories.size(); ++i)
            times[std::string(kTimeCategories[i])] = totals[i];
        task["time_ms"] = times;
        if (!r.run.error.empty()) task["error"] = r.run.error;
        if (!r.run.screenshot.empty()) task["screenshot"] = r.run.screenshot;
        if (!r.video.empty()) task["video"] = r.video;
        tasks.push_back(std::move(task));
    }
    const BenchSummary& s = run.summary;
    return {
        {"suite",
         {{"name", run.suiteName}, {"description", run.suiteDescription}, {"dir", run.suiteDir}}},
        {"started_at", run.startedAt},
        {"settings",
         {{"vnc", run.settings.vnc},
          {"repeat", run.settings.repeat},
          {"filter", run.settings.filter},
          {"record_video", run.settings.recordVideo},
          {"runner", run.settings.runner}}},
        {"interrupted", run.interrupted},
        {"tasks", tasks},
        {"summary",
         {{"tasks", s.tasks},
          {"succeeded", s.succeeded},
          {"success_rate", s.successRate},
          {"median_speedup", orNull(s.medianSpeedup)},
          {"median_speedup_successful", orNull(s.medianSpeedupSuccessful)},
          {"min_speedup_successful", orNull(s.minSpeedupSuccessful)},
          {"total_seconds", s.totalSeconds}}},
    };
}

std::string formatTable(const BenchRun& run) {
    std::vector<std::vector<std::string>> rows = {
        {"task", "ok", "agent s", "human s", "speedup", "steps", "main cost", "reason"}};
    for (const auto& r : run.results) {
        rows.push_back({displayName(r, run.settings.repeat), r.ok ? "yes" : "NO",
                        formatNumber(r.seconds), formatNumber(r.humanSeconds),
                        speedupText(r.speedup), std::to_string(r.run.stepCount()), mainCostText(r),
                        r.ok ? "" : oneLine(r.reason, kMaxReasonChars)});
    }
    std::vector<std::size_t> widths(rows.front().size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], displayWidth(row[c]));

    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            // Numbers right-aligned, text left-aligned; the last column is not padded.
            const bool numeric = c >= 2 && c <= 5;
            const std::string pad(widths[c] - displayWidth(row[c]), ' ');
            if (c > 0) line += "  ";
            line += numeric ? pad + row[c] : (c + 1 == row.size() ? row[c] : row[c] + pad);
        }
        out += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
    }
    const BenchSummary& s = run.summary;
    char summary[512];
    std::snprintf(summary, sizeof summary,
                  "\nsucceeded %d/%d (%.0f%%); median speedup %s (successful runs: %s); "
                  "min speedup among successes %s; total %.1f s%s\n",
                  s.succeeded, s.tasks, s.successRate * 100, speedupText(s.medianSpeedup).c_str(),
                  speedupText(s.medianSpeedupSuccessful).c_str(),
                  speedupText(s.minSpeedupSuccessful).c_str(), s.totalSeconds,
                  run.interrupted ? " (interrupted)" : "");
    return out + summary;
}

}  // namespace hemu::bench
