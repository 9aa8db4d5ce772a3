#pragma once
// What `hemu run --report R.json` wrote, read leniently: the bench must still say something
// useful about a run whose report is partial, from an older agent, or missing.
//
//   RunReport report = readRunReport("bench-out/formlab/tasks/contact/report.json");
//   if (report.found && report.ok == false) std::cout << report.error;
//
// The contract (every field optional here):
//   {"name", "ok", "seconds", "human_seconds", "klm_seconds", "speedup", "startup_seconds",
//    "error", "screenshot",
//    "steps": [{"action", "target", "ok", "seconds", "box", "error", "human_seconds", "overlay",
//               "time_ms": {"capture", "perceive", "decide", "act", "settle"}}]}

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace hemu::bench {

/// Where an agent's step time goes, in the order the report and the charts show them.
inline constexpr std::array<std::string_view, 5> kTimeCategories = {"capture", "perceive", "decide",
                                                                    "act", "settle"};

/// Milliseconds per category (kTimeCategories order), summed over a run's steps.
using CategoryTimesMs = std::array<double, kTimeCategories.size()>;

struct RunReport {
    bool found = false;   ///< the file existed and was a JSON object
    std::string problem;  ///< why it was not usable, when !found and the file existed
    std::optional<bool> ok;
    std::optional<double> seconds;
    std::optional<double> humanSeconds;
    std::optional<double> klmSeconds;
    std::optional<double> startupSeconds;
    std::string error;
    std::string screenshot;                          ///< as written in the report
    nlohmann::json steps = nlohmann::json::array();  ///< copied as the agent wrote them

    std::size_t stepCount() const { return steps.size(); }
    /// Per-category totals over all steps; categories no step reports stay 0.
    CategoryTimesMs categoryTimesMs() const;
    /// The overlay image paths of the steps, in step order (steps without one are skipped).
    std::vector<std::string> overlays() const;
};

/// Reads the report; a missing or malformed file gives found == false (never throws).
RunReport readRunReport(const std::string& path);

/// The name of the largest category and its share of all category time ("perceive", 0.61);
/// nullopt when no step has time_ms.
std::optional<std::pair<std::string, double>> mainCost(const CategoryTimesMs& times);

}  // namespace hemu::bench
