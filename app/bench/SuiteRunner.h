#pragma once
// Runs one task of a suite once, the way a user would see it: a fresh X server (Xvfb, or Xvnc
// with a random password), the application started on it and waited for, `hemu run` as a
// separate process (its start-up and model load are part of its time), then the task's check.
//
//   RunOptions options{.runner = "/proc/self/exe", .outDir = "/abs/bench-out/formlab"};
//   TaskResult result = runBenchTask(suite, suite.tasks[0], {.index = 0, .count = 1}, options);
//
// Everything it starts (server, application, `hemu run`, checker) is stopped by PID, with its
// process group, before it returns or throws. Tasks are independent; a failing task is a
// result, not an exception.

#include <functional>
#include <stdexcept>
#include <string>

#include "app/bench/BenchResults.h"
#include "app/bench/Suite.h"

namespace hemu::bench {

/// What the task run is doing now, for a progress display.
struct RunProgress {
    int index = 0;  ///< 0-based, among `count` task runs
    int count = 0;
    std::string name;   ///< displayName of the task run
    std::string phase;  ///< "starting Xvfb", "waiting for the app", "running hemu", ...
    double taskSeconds = 0;
};

struct RunOptions {
    bool vnc = false;          ///< Xvnc and `hemu run --vnc` instead of Xvfb and `--display`
    bool recordVideo = false;  ///< `hemu run --record RUNDIR/run.mkv`
    /// The program run as `RUNNER run TASK --display :N ...`: the hemu binary itself, or a fake
    /// with the same arguments in tests.
    std::string runner;
    std::string outDir;  ///< absolute; task runs go to OUTDIR/tasks/NAME[-K]
    /// Called at each phase change and about every 100 ms while waiting (same thread).
    std::function<void(const RunProgress&)> onProgress;
    /// Polled every few milliseconds; true stops the task run and throws Interrupted.
    std::function<bool()> abortRequested;
};

/// Which run of which task this is.
struct TaskRunPlace {
    int index = 0;  ///< 0-based among all task runs
    int count = 1;
    int repetition = 1;  ///< 1-based
    int repeat = 1;      ///< repetitions of each task (names the folder NAME-K when > 1)
};

/// The run was stopped because RunOptions::abortRequested returned true; everything it had
/// started has been stopped.
class Interrupted : public std::runtime_error {
public:
    Interrupted() : std::runtime_error("interrupted") {}
};

/// Runs the task once. Throws Interrupted; any other problem (a server that does not start, an
/// app that is never ready) is a failed TaskResult with its reason.
TaskResult runBenchTask(const Suite& suite, const BenchTask& task, const TaskRunPlace& place,
                        const RunOptions& options);

}  // namespace hemu::bench
