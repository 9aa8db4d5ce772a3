#pragma once
// The outcome of a bench run: one TaskResult per task run, a summary, and the three ways they
// are shown (report.json, the terminal table, index.html in HtmlReport.h).
//
//   BenchRun run{.suiteName = suite.name, ...};
//   run.results.push_back(runBenchTask(...));
//   run.summary = summarize(run.results, totalSeconds);
//   std::ofstream("report.json") << toJson(run).dump(2);
//   std::cout << formatTable(run);

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/bench/RunReport.h"

namespace hemu::bench {

struct TaskResult {
    std::string name;    ///< the task's folder name
    int repetition = 1;  ///< 1-based, for --repeat
    std::string runDir;  ///< this run's folder, relative to the output folder
    bool ok = false;     ///< runOk && checkOk
    bool runOk = false;  ///< `hemu run` exited 0
    bool checkOk = false;
    std::string checkReason;      ///< the check's reason (why it failed, or the checker's output)
    std::optional<int> exitCode;  ///< of `hemu run`; none if it never ran or was stopped
    std::string reason;           ///< one line: why the task failed; empty when ok
    double seconds = 0;           ///< wall time of `hemu run`, start-up included, as a user sees it
    double taskSeconds = 0;       ///< the whole task: servers, app, run, check, clean-up
    std::optional<double> humanSeconds;  ///< measured (bench.json "human"), else the run's KLM
    std::optional<double> klmSeconds;
    std::optional<double> speedup;  ///< humanSeconds / seconds; successful runs only
    RunReport run;                  ///< what `hemu run` reported
    std::string video;              ///< the run's recording, relative to the output folder, if any
};

struct BenchSummary {
    int tasks = 0;
    int succeeded = 0;
    double successRate = 0;
    /// Over all task runs, a failed run counting as speedup 0: it did not get the job done.
    /// (Successful runs without a human time are left out.)
    std::optional<double> medianSpeedup;
    /// Over the successful runs only.
    std::optional<double> medianSpeedupSuccessful;
    std::optional<double> minSpeedupSuccessful;
    double totalSeconds = 0;
};

struct BenchSettings {
    bool vnc = false;
    int repeat = 1;
    std::string filter;
    bool recordVideo = false;
    std::string runner;  ///< the program run as `RUNNER run TASK ...`
};

struct BenchRun {
    std::string suiteName;
    std::string suiteDescription;
    std::string suiteDir;
    std::string startedAt;  ///< local time, ISO 8601
    BenchSettings settings;
    std::vector<TaskResult> results;
    BenchSummary summary;
    bool interrupted = false;  ///< stopped by a signal before every task ran
};

BenchSummary summarize(const std::vector<TaskResult>& results, double totalSeconds);

/// The contents of report.json.
nlohmann::json toJson(const BenchRun& run);

/// The final terminal table and summary lines (plain text, one row per task run).
std::string formatTable(const BenchRun& run);

/// A task run's label in tables: "name", or "name #2" for repetitions.
std::string displayName(const TaskResult& result, int repeat);

/// "1.23" style seconds / speedups for tables; "-" for nullopt.
std::string formatNumber(std::optional<double> value, int decimals = 1);
/// "3.2x"; "-" for nullopt.
std::string speedupText(std::optional<double> speedup);

}  // namespace hemu::bench
