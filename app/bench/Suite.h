#pragma once
// A benchmark suite: a folder of tasks, each an application to start, a hemu task file to
// perform on it, and a check of what the application received.
//
//   hemu::bench::Suite suite = hemu::bench::loadSuite("resources/suites/formlab", {.hemuBinDir =
//   bin}); for (const hemu::bench::BenchTask& task : suite.tasks) std::cout << task.name << '\n';
//
// Layout (resources/suites/README.md is the user's description):
//
//   SUITE_DIR/suite.json      {"name": "formlab", "description": "...", "screen": [1024, 768]}
//   SUITE_DIR/TASK/bench.json {"task": "task.json", "launch": [...], "env": {...},
//                              "ready": "json-event:ready" | "screen",
//                              "check": {"kind": "json-event" | "stdout" | "command", ...},
//                              "timeout_s": 60, "human": "human"}
//
// Every sub-folder with a bench.json is a task, named after the folder; other folders (shared
// files) are not. Files are validated strictly when loaded, before anything is started: unknown
// keys, wrong types, missing files and unknown ${VARIABLES} are SuiteFileErrors. Paths and
// variables are resolved here, so a BenchTask holds absolute paths and expanded argv.

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hemu::bench {

/// The task's time limit when bench.json sets no "timeout_s".
inline constexpr double kDefaultTaskTimeoutSeconds = 60;

/// How the bench knows the application is up and may be driven.
enum class ReadyKind {
    Invalid,
    JsonEvent,  ///< it printed a stdout JSON line whose "event" is ReadySpec::event
    Screen,     ///< something appeared on the screen and then stopped changing
};

struct ReadySpec {
    ReadyKind kind = ReadyKind::Invalid;
    std::string event;  ///< JsonEvent only
};

/// How the bench decides whether the application ended up in the wanted state.
enum class CheckKind {
    Invalid,
    JsonEvent,  ///< the last stdout JSON line with "event" == event has "values" == values
    Stdout,     ///< the application's whole stdout equals expectedStdout
    Command,    ///< argv, run while the application is up, exits 0
};

struct CheckSpec {
    CheckKind kind = CheckKind::Invalid;
    std::string event;              ///< JsonEvent
    nlohmann::json values;          ///< JsonEvent: an object
    std::string expectedStdout;     ///< Stdout
    std::vector<std::string> argv;  ///< Command, variables expanded
};

struct BenchTask {
    std::string name;                        ///< the folder's name
    std::string dir;                         ///< absolute
    std::string benchFile;                   ///< absolute path of bench.json, for messages
    std::string taskFile;                    ///< absolute path of the hemu task file
    std::vector<std::string> launch;         ///< the application's argv, variables expanded
    std::map<std::string, std::string> env;  ///< added to the application's environment
    ReadySpec ready;
    CheckSpec check;
    double timeoutSeconds = kDefaultTaskTimeoutSeconds;
    /// Measured human time from a `hemu record` folder ("human"), if the task has one.
    std::optional<double> humanSeconds;
};

struct Suite {
    std::string name;
    std::string description;
    std::string dir;  ///< absolute
    int widthPx = 1024;
    int heightPx = 768;
    std::vector<BenchTask> tasks;  ///< sorted by name
};

/// A suite or task file that cannot be read or does not follow the format. what() is one line:
/// "<file>[:<line>:<column>]: [<key>: ]<what is wrong>".
class SuiteFileError : public std::runtime_error {
public:
    SuiteFileError(std::string file, std::string key, const std::string& problem);
    const std::string& file() const { return file_; }
    /// The key at fault as a path ("check.kind", "launch[2]"); empty if none.
    const std::string& key() const { return key_; }

private:
    std::string file_;
    std::string key_;
};

struct SuiteLoadOptions {
    /// What ${HEMU_BIN} expands to: the folder of the hemu binary and its sibling programs.
    std::string hemuBinDir;
    /// Checks a task file (the hemu command passes policy::loadTaskFile), throwing a
    /// std::exception whose what() says what is wrong; a function here keeps this library,
    /// and its tests, free of the agent's dependencies. Unset: only existence is checked.
    std::function<void(const std::string& taskFile)> validateTaskFile;
};

/// Reads SUITE_DIR/suite.json and every task's bench.json. Throws SuiteFileError.
Suite loadSuite(const std::string& suiteDir, const SuiteLoadOptions& options);

/// Replaces ${NAME} in `text` by variables.at(NAME). An unknown name, or a "${" without "}",
/// throws SuiteFileError(file, key, ...).
std::string expandVariables(const std::string& text,
                            const std::map<std::string, std::string>& variables,
                            const std::string& file, const std::string& key);

}  // namespace hemu::bench
