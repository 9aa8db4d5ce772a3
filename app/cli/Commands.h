#pragma once
// Each `hemu` subcommand registers itself on the CLI11 app and runs from its callback.
// Commands throw on bad input (see ExitCodes in main.cpp) and return their exit code.

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace hemu::cli {

/// Exit codes, documented in the README and `hemu --help`.
enum ExitCode : int {
    kExitOk = 0,          ///< done
    kExitStepFailed = 1,  ///< the task ran but a step failed
    kExitBadInput = 2,    ///< usage, task file, display/VNC unreachable, authentication
    kExitInternal = 3,    ///< a bug: anything else
};

/// Where a command runs: filled from --display / --vnc / --vnc-password-file.
struct TargetOptions {
    std::string display;
    std::string vnc;
    std::string vncPasswordFile;
};
void addTargetOptions(CLI::App& command, TargetOptions& target);

/// Seconds since this process was started (exec), from the kernel's own record: the start-up
/// a person waits through (loading libtorch included) counts as the agent's time.
double processAgeSeconds();

/// The command's body; set by the add*Command functions, run by main after parsing.
using CommandBody = std::function<int()>;

void addCaptureCommand(CLI::App& app, CommandBody& body);
void addActCommand(CLI::App& app, CommandBody& body);
void addRunCommand(CLI::App& app, CommandBody& body);
void addParseCommand(CLI::App& app, CommandBody& body);
void addEvalParseCommand(CLI::App& app, CommandBody& body);
void addBenchCommand(CLI::App& app, CommandBody& body);
void addRecordCommand(CLI::App& app, CommandBody& body);
void addDemoCommand(CLI::App& app, CommandBody& body);

}  // namespace hemu::cli
