// hemu bench: run a suite of tasks against real applications, each in a fresh X (or VNC)
// server, with `hemu run` as a separate process, and report success, times and speedups
// (terminal table, OUT/report.json, OUT/index.html). The suite format is in
// resources/suites/README.md; the work is done by app/bench/.

#include <fnmatch.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>

#include "app/bench/HtmlReport.h"
#include "app/bench/SuiteRunner.h"
#include "app/cli/Commands.h"
#include "policy/Task.h"

namespace hemu::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct BenchOptions {
    std::string suiteDir;
    std::string filter;
    int repeat = 1;
    bool vnc = false;
    bool recordVideo = false;
    std::string outDir;
    std::string runner;
};

volatile std::sig_atomic_t gStopSignal = 0;

extern "C" void onStopSignal(int signal) {
    gStopSignal = signal;
}

// While it lives, SIGINT and SIGTERM ask the bench to stop (and to stop every process it
// started: they run in process groups of their own, which a terminal's Ctrl-C does not reach)
// instead of killing it.
class StopSignals {
public:
    StopSignals() {
        gStopSignal = 0;
        struct sigaction action {};
        action.sa_handler = onStopSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;  // no SA_RESTART: a blocking poll returns at once
        sigaction(SIGINT, &action, &oldInt_);
        sigaction(SIGTERM, &action, &oldTerm_);
    }
    ~StopSignals() {
        sigaction(SIGINT, &oldInt_, nullptr);
        sigaction(SIGTERM, &oldTerm_, nullptr);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

private:
    struct sigaction oldInt_ {};
    struct sigaction oldTerm_ {};
};

// Progress on stderr: a line redrawn in place on a terminal, one line per finished task
// otherwise (logs, CI).
class ProgressDisplay {
public:
    ProgressDisplay() : tty_(isatty(STDERR_FILENO) == 1), start_(Clock::now()) {}
    ~ProgressDisplay() { clear(); }

    void update(const bench::RunProgress& p) {
        if (!tty_) return;
        constexpr int kBarCells = 20;
        const int done = p.count > 0 ? p.index * kBarCells / p.count : 0;
        char line[512];
        std::snprintf(line, sizeof line, "[%s%s] %d/%d %s: %s, %.1f s (total %.0f s)",
                      std::string(std::size_t(done), '#').c_str(),
                      std::string(std::size_t(kBarCells - done), '.').c_str(), p.index + 1, p.count,
                      p.name.c_str(), p.phase.c_str(), p.taskSeconds, secondsSinceStart());
        std::string text = line;
        // A line wider than the terminal wraps, and "\r" then redraws only its last part.
        winsize size{};
        if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1 &&
            text.size() >= size.ws_col)
            text.resize(size.ws_col - 1);
        std::fprintf(stderr, "\r\033[K%s", text.c_str());
        std::fflush(stderr);
        drawn_ = true;
    }

    void finished(const bench::TaskResult& r, int index, int count, int repeat) {
        if (tty_) return;
        std::fprintf(stderr, "[%d/%d] %s: %s in %.1f s%s%s\n", index + 1, count,
                     bench::displayName(r, repeat).c_str(), r.ok ? "ok" : "FAILED", r.seconds,
                     r.speedup ? (", speedup " + bench::speedupText(r.speedup)).c_str() : "",
                     r.ok ? "" : (" (" + r.reason + ")").c_str());
    }

    void clear() {
        if (!drawn_) return;
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        drawn_ = false;
    }

private:
    double secondsSinceStart() const {
        return std::chrono::duration<double>(Clock::now() - start_).count();
    }
    bool tty_;
    bool drawn_ = false;
    Clock::time_point start_;
};

std::string localTimeIso8601() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[64];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &local);
    return text;
}

// A report that cannot be written is the user's --out at fault: bad input, not a bug.
void writeFile(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) throw std::invalid_argument("bench: cannot write " + path.string());
}

int runBench(const BenchOptions& options) {
    const fs::path hemuBinary = fs::read_symlink("/proc/self/exe");
    bench::Suite suite;
    try {
        suite = bench::loadSuite(
            options.suiteDir,
            {.hemuBinDir = hemuBinary.parent_path().string(),
             .validateTaskFile = [](const std::string& file) { policy::loadTaskFile(file); }});
    } catch (const bench::SuiteFileError& e) {
        throw std::invalid_argument(e.what());  // bad input: exit code 2, one line
    }

    std::vector<const bench::BenchTask*> tasks;
    std::string names;
    for (const auto& task : suite.tasks) {
        names += (names.empty() ? "" : ", ") + task.name;
        if (options.filter.empty() || fnmatch(options.filter.c_str(), task.name.c_str(), 0) == 0)
            tasks.push_back(&task);
    }
    if (tasks.empty())
        throw std::invalid_argument("bench: no task of suite \"" + suite.name +
                                    "\" matches --filter " + options.filter + " (tasks: " + names +
                                    ")");

    const fs::path outDir = fs::absolute(options.outDir.empty() ? fs::path("bench-out") / suite.name
                                                                : fs::path(options.outDir))
                                .lexically_normal();
    std::error_code error;
    fs::create_directories(outDir / "tasks", error);
    if (error)
        throw std::invalid_argument("bench: cannot create " + (outDir / "tasks").string() + ": " +
                                    error.message());

    bench::BenchRun run;
    run.suiteName = suite.name;
    run.suiteDescription = suite.description;
    run.suiteDir = suite.dir;
    run.startedAt = localTimeIso8601();
    run.settings = {.vnc = options.vnc,
                    .repeat = options.repeat,
                    .filter = options.filter,
                    .recordVideo = options.recordVideo,
                    .runner = options.runner.empty() ? hemuBinary.string() : options.runner};

    ProgressDisplay progress;
    const bench::RunOptions runOptions{
        .vnc = options.vnc,
        .recordVideo = options.recordVideo,
        .runner = run.settings.runner,
        .outDir = outDir.string(),
        .onProgress = [&](const bench::RunProgress& p) { progress.update(p); },
        .abortRequested = [] { return gStopSignal != 0; }};

    const auto start = Clock::now();
    {
        StopSignals stopSignals;
        const int count = int(tasks.size()) * options.repeat;
        int index = 0;
        try {
            for (const bench::BenchTask* task : tasks) {
                for (int repetition = 1; repetition <= options.repeat; ++repetition, ++index) {
                    run.results.push_back(bench::runBenchTask(suite, *task,
                                                              {.index = index,
                                                               .count = count,
                                                               .repetition = repetition,
                                                               .repeat = options.repeat},
                                                              runOptions));
                    progress.finished(run.results.back(), index, count, options.repeat);
                }
            }
        } catch (const bench::Interrupted&) {
            run.interrupted = true;
        }
        progress.clear();
    }
    run.summary =
        bench::summarize(run.results, std::chrono::duration<double>(Clock::now() - start).count());

    writeFile(outDir / "report.json", bench::toJson(run).dump(2) + "\n");
    writeFile(outDir / "index.html", bench::renderHtmlReport(run, outDir.string()));
    std::printf("%s\nreport: %s\n        %s\n", bench::formatTable(run).c_str(),
                (outDir / "index.html").c_str(), (outDir / "report.json").c_str());
    std::fflush(stdout);

    if (run.interrupted) {
        std::fprintf(stderr,
                     "hemu: bench interrupted by signal %d; every process it started is stopped\n",
                     int(gStopSignal));
        return 128 + int(gStopSignal);
    }
    return run.summary.succeeded == run.summary.tasks ? kExitOk : kExitStepFailed;
}

}  // namespace

void addBenchCommand(CLI::App& app, CommandBody& body) {
    auto options = std::make_shared<BenchOptions>();
    auto* command = app.add_subcommand(
        "bench", "run a suite of tasks against real applications and report success and speed");
    command
        ->add_option("SUITE_DIR", options->suiteDir, "suite folder (suite.json and task folders)")
        ->required();
    command->add_option("--filter", options->filter,
                        "only tasks whose folder name matches this glob");
    command->add_option("--repeat", options->repeat, "run each task N times")
        ->check(CLI::Range(1, 1000));
    command->add_flag("--vnc", options->vnc,
                      "run each task on Xvnc with a random password, hemu run over VNC");
    command->add_flag("--record-video", options->recordVideo,
                      "record each run (hemu run --record)");
    command->add_option(
        "--out", options->outDir,
        "output folder (default bench-out/SUITE_NAME): report.json, index.html, tasks/");
    // For tests: a program taking `hemu run`'s arguments instead of hemu itself.
    command->add_option("--runner", options->runner)->group("");
    command->footer(
        "Exit codes: 0 every task passed; 1 some failed; 2 bad input (suite or task files); "
        "128+N stopped by signal N.");
    command->callback([options, &body] { body = [options] { return runBench(*options); }; });
}

}  // namespace hemu::cli
