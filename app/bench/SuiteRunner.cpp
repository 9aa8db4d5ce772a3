#include "app/bench/SuiteRunner.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "app/bench/Checks.h"
#include "app/harness/ChildProcess.h"
#include "app/harness/VirtualScreens.h"
#include "capture/ScreenSourceFactory.h"

namespace hemu::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;
using namespace std::chrono_literals;

// How often waits look at the application's output, the abort flag and the clock. It bounds
// the error of the measured `hemu run` wall time.
constexpr auto kPollInterval = 10ms;
constexpr auto kProgressInterval = 100ms;
// After `hemu run`, how long an application has to print its result and exit (output checks);
// shorter after a failed run, which rarely left a result to wait for.
constexpr auto kAppExitTimeout = 5s;
constexpr auto kAppExitTimeoutAfterFailedRun = 1s;
constexpr auto kCheckerTimeout = 30s;
// "ready": "screen": at least this many pixels differ from the empty screen, and this many
// grabs in a row, kScreenGrabInterval apart, are identical. 150 ms of stillness falls between
// the blinks of a text cursor (GTK and Qt blink every 500-600 ms).
constexpr int kContentPixels = 1000;
constexpr int kStillGrabs = 3;
constexpr auto kScreenGrabInterval = 50ms;
// What a child exits with when exec fails (ChildProcess, like the shells).
constexpr int kExecFailed = 127;
// VncAuth uses the first 8 characters of a password only.
constexpr int kVncPasswordChars = 8;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// A private folder for the VNC password files, removed with everything in it.
class SecretsDir {
public:
    SecretsDir() {
        std::string pattern = (fs::temp_directory_path() / "hemu-bench-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
        path_ = pattern;  // mkdtemp makes it 0700
    }
    ~SecretsDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

std::string randomPassword() {
    static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::random_device device;
    std::uniform_int_distribution<std::size_t> pick(0, sizeof kAlphabet - 2);
    std::string password;
    for (int i = 0; i < kVncPasswordChars; ++i) password += kAlphabet[pick(device)];
    return password;
}

void writePrivateFile(const std::string& path, const std::string& text) {
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || write(fd, text.data(), text.size()) != ssize_t(text.size())) {
        if (fd >= 0) close(fd);
        throw std::runtime_error("cannot write " + path);
    }
    close(fd);
}

std::string lastLine(const std::string& path) {
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line))
        if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
    return last;
}

// TaskResult::reason is one line; a checker's several lines are joined.
std::string oneLine(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n')
            out += " / ";
        else if (c != '\r')
            out += c;
    }
    return out;
}

// One task run: the objects it starts live here, destroyed (stopped) in reverse order.
class TaskRun {
public:
    TaskRun(const Suite& suite, const BenchTask& task, const TaskRunPlace& place,
            const RunOptions& options, TaskResult& result)
        : suite_(suite),
          task_(task),
          place_(place),
          options_(options),
          result_(result),
          start_(Clock::now()),
          deadline_(start_ + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double>(task.timeoutSeconds))),
          runDir_(fs::path(options.outDir) / result.runDir) {}

    void perform() {
        fs::remove_all(runDir_);
        fs::create_directories(runDir_ / "overlays");
        startServer();
        launchApp();
        if (!waitForReady()) return;
        runHemu();
        check();
        phase("stopping");
    }

private:
    void phase(std::string name) {
        phase_ = std::move(name);
        lastProgress_ = Clock::now();
        if (options_.onProgress)
            options_.onProgress({.index = place_.index,
                                 .count = place_.count,
                                 .name = displayName(result_, place_.repeat),
                                 .phase = phase_,
                                 .taskSeconds = secondsSince(start_)});
    }

    // Called every kPollInterval or so by every wait: abort, progress, and the app's stdout,
    // which must be drained or an app that prints a lot blocks on a full pipe.
    void tick() {
        if (options_.abortRequested && options_.abortRequested()) throw Interrupted();
        if (Clock::now() - lastProgress_ >= kProgressInterval) phase(phase_);
    }

    // Waits up to `timeout` for application output, keeping it. Returns true if a line came.
    bool pumpAppOutput(std::chrono::milliseconds timeout) {
        tick();
        if (!app_ || app_->stdoutEnded()) {
            std::this_thread::sleep_for(timeout);  // poll interval: nothing to read any more
            return false;
        }
        auto line = app_->readLineWithNewline(timeout);
        if (!line) return false;
        appStdout_ += *line;
        return true;
    }

    void startServer() {
        const harness::ScreenOptions screen{.width = suite_.widthPx, .height = suite_.heightPx};
        if (options_.vnc) {
            phase("starting Xvnc");
            secrets_.emplace();
            // Xvnc reads TigerVNC's obfuscated format, hemu a plain first line: one password,
            // two files, both private, neither path nor password in any argv or log.
            const std::string password = randomPassword();
            harness::writeVncPasswordFile(secrets_->file("xvnc.passwd"), password);
            writePrivateFile(secrets_->file("password"), password + "\n");
            xvnc_.emplace(harness::ScreenOptions{.width = screen.width,
                                                 .height = screen.height,
                                                 .passwordFile = secrets_->file("xvnc.passwd")});
            display_ = xvnc_->display();
        } else {
            phase("starting Xvfb");
            xvfb_.emplace(screen);
            display_ = xvfb_->display();
        }
    }

    void launchApp() {
        phase("launching the app");
        if (task_.ready.kind == ReadyKind::Screen) {
            screen_ = capture::openScreenSource({.display = display_});
            emptyScreen_ = screen_->grab().image.clone();
        }
        // So that toolkits use this X display even when the bench runs in a Wayland session
        // (bench.json may say otherwise); NO_AT_BRIDGE: GTK apps would look for an
        // accessibility bus first.
        std::map<std::string, std::string> env = {
            {"QT_QPA_PLATFORM", "xcb"}, {"GDK_BACKEND", "x11"}, {"NO_AT_BRIDGE", "1"}};
        for (const auto& [key, value] : task_.env) env[key] = value;
        env["DISPLAY"] = display_;
        app_.emplace(harness::ChildOptions{.argv = task_.launch,
                                           .env = env,
                                           .captureStdout = true,
                                           .stderrFile = (runDir_ / "app.log").string()});
    }

    std::string appExitText() {
        const auto code = app_->wait(100ms);
        if (code == kExecFailed) return "cannot run " + task_.launch.front() + " (exit code 127)";
        return code ? "the app exited with code " + std::to_string(*code) + " (see app.log)"
                    : "the app closed its stdout (see app.log)";
    }

    bool waitForReady() {
        phase("waiting for the app");
        std::string problem;
        if (task_.ready.kind == ReadyKind::JsonEvent)
            problem = waitForJsonEvent();
        else
            problem = waitForStillScreen();
        screen_.reset();  // not needed any more; one X client fewer while hemu runs
        if (problem.empty()) return true;
        result_.reason = problem;
        return false;
    }

    std::string waitForJsonEvent() {
        const std::string wanted = task_.ready.event;
        std::size_t scanned = 0;
        while (Clock::now() < deadline_) {
            if (pumpAppOutput(kPollInterval)) {
                // Only the newly read line can be the one.
                const std::string line = appStdout_.substr(scanned);
                scanned = appStdout_.size();
                const Json message = Json::parse(line, nullptr, /*allow_exceptions=*/false);
                if (message.is_object() && message.contains("event") &&
                    message.at("event") == wanted)
                    return "";
            } else if (app_->stdoutEnded()) {
                return appExitText() + " before it printed {\"event\": \"" + wanted + "\"}";
            }
        }
        return "the app did not print {\"event\": \"" + wanted + "\"} within the task's " +
               formatNumber(task_.timeoutSeconds, 0) + " s";
    }

    // Content appeared (differs from the screen before launch) and kStillGrabs grabs in a row
    // are identical. harness::waitForContent does the first half, but grabs as fast as X11
    // allows, which would take a core from the application being waited for.
    std::string waitForStillScreen() {
        cv::Mat previous;
        int still = 0;
        bool content = false;
        while (Clock::now() < deadline_) {
            const auto nextGrab = Clock::now() + kScreenGrabInterval;
            while (Clock::now() < nextGrab) pumpAppOutput(kPollInterval);
            if (!app_->running() && app_->stdoutEnded())
                return appExitText() + " before it showed a window";
            cv::Mat image = screen_->grab().image.clone();
            if (!content) {
                cv::Mat diff, grey;
                cv::absdiff(image, emptyScreen_, diff);
                cv::cvtColor(diff, grey, cv::COLOR_BGRA2GRAY);
                content = cv::countNonZero(grey) > kContentPixels;
            } else {
                const bool same = !previous.empty() && cv::norm(image, previous, cv::NORM_INF) == 0;
                still = same ? still + 1 : 0;
                if (still + 1 >= kStillGrabs) return "";
            }
            previous = std::move(image);
        }
        return std::string(content ? "the screen did not stop changing"
                                   : "nothing appeared on the screen") +
               " within the task's " + formatNumber(task_.timeoutSeconds, 0) + " s";
    }

    void runHemu() {
        phase("running hemu");
        const std::string report = (runDir_ / "report.json").string();
        std::vector<std::string> argv = {options_.runner, "run", task_.taskFile};
        if (options_.vnc) {
            argv.insert(argv.end(), {"--vnc", xvnc_->address(), "--vnc-password-file",
                                     secrets_->file("password")});
        } else {
            argv.insert(argv.end(), {"--display", display_});
        }
        argv.insert(argv.end(),
                    {"--report", report, "--overlay-dir", (runDir_ / "overlays").string()});
        if (options_.recordVideo)
            argv.insert(argv.end(), {"--record", (runDir_ / "run.mkv").string()});
        const std::string log = (runDir_ / "run.log").string();

        const auto runStart = Clock::now();
        // DISPLAY: never the desktop the bench was started from; over VNC none at all, so that a
        // run that touched X directly would fail instead of passing for a VNC result.
        harness::ChildProcess hemu(harness::ChildOptions{
            .argv = argv,
            .env = {{"DISPLAY", options_.vnc ? "" : display_}},
            .stdoutFile = log,
            .stderrFile = log});
        std::optional<int> exitCode;
        bool timedOut = false;
        while (!(exitCode = hemu.wait(0ms))) {
            if (Clock::now() >= deadline_) {
                timedOut = true;
                break;
            }
            pumpAppOutput(kPollInterval);
        }
        result_.seconds = secondsSince(runStart);
        hemu.stop();  // after a timeout; otherwise whatever it left in its process group

        result_.exitCode = timedOut ? std::nullopt : exitCode;
        result_.runOk = exitCode == 0 && !timedOut;
        result_.run = readRunReport(report);
        if (options_.recordVideo && fs::exists(runDir_ / "run.mkv"))
            result_.video = result_.runDir + "/run.mkv";

        if (timedOut) {
            result_.reason = "hemu run did not finish within the task's " +
                             formatNumber(task_.timeoutSeconds, 0) + " s";
        } else if (!result_.runOk) {
            std::string why = result_.run.error;
            if (why.empty()) why = lastLine(log);  // e.g. a usage error of hemu run itself
            if (why.empty()) why = result_.run.problem;
            if (why.empty() && exitCode == kExecFailed) why = "cannot run " + options_.runner;
            result_.reason =
                "hemu run exited " + std::to_string(*exitCode) + (why.empty() ? "" : ": " + why);
        }
    }

    void check() {
        phase("checking");
        CheckOutcome outcome;
        if (task_.check.kind == CheckKind::Command) {
            const bool appGone = !app_->running();
            outcome = runCommandCheck(task_.check, display_, (runDir_ / "check.log").string(),
                                      kCheckerTimeout, [this] {
                                          pumpAppOutput(kPollInterval);
                                          return true;
                                      });
            if (!outcome.passed && appGone) outcome.reason += " (the app had already exited)";
        } else {
            // The result is printed when the app finishes: give it a moment to do so.
            const auto until =
                Clock::now() + (result_.runOk ? kAppExitTimeout : kAppExitTimeoutAfterFailedRun);
            while (!app_->stdoutEnded() && Clock::now() < until) pumpAppOutput(kPollInterval);
            outcome = checkAppOutput(task_.check, appStdout_);
        }
        std::ofstream(runDir_ / "app.stdout", std::ios::binary) << appStdout_;
        result_.checkOk = outcome.passed;
        result_.checkReason = outcome.reason;
        if (!outcome.passed) {
            const std::string why = oneLine(outcome.reason);
            if (result_.reason.empty())
                result_.reason = "check failed: " + why;
            else
                result_.reason += " (check: " + why + ")";
        } else if (!result_.runOk && !result_.reason.empty()) {
            result_.reason += " (the check passed)";
        }
    }

    const Suite& suite_;
    const BenchTask& task_;
    const TaskRunPlace& place_;
    const RunOptions& options_;
    TaskResult& result_;
    const Clock::time_point start_;
    const Clock::time_point deadline_;
    const fs::path runDir_;
    std::string phase_;
    Clock::time_point lastProgress_;

    // Declaration order is start order; destruction stops the app before its server and
    // removes the password files last.
    std::optional<SecretsDir> secrets_;
    std::optional<harness::XvfbServer> xvfb_;
    std::optional<harness::XvncServer> xvnc_;
    std::string display_;
    std::unique_ptr<capture::ScreenSource> screen_;
    cv::Mat emptyScreen_;
    std::optional<harness::ChildProcess> app_;
    std::string appStdout_;
};

}  // namespace

TaskResult runBenchTask(const Suite& suite, const BenchTask& task, const TaskRunPlace& place,
                        const RunOptions& options) {
    TaskResult result;
    result.name = task.name;
    result.repetition = place.repetition;
    result.runDir =
        "tasks/" +
        (place.repeat > 1 ? task.name + "-" + std::to_string(place.repetition) : task.name);
    const auto start = Clock::now();
    try {
        TaskRun(suite, task, place, options, result).perform();
    } catch (const Interrupted&) {
        throw;
    } catch (const std::exception& e) {
        // Set-up failures (a server that does not start, an unwritable folder) fail this task.
        result.reason = e.what();
    }
    result.taskSeconds = secondsSince(start);
    result.ok = result.runOk && result.checkOk;
    if (result.ok) result.reason.clear();
    result.humanSeconds = task.humanSeconds ? task.humanSeconds : result.run.humanSeconds;
    result.klmSeconds = result.run.klmSeconds;
    // A run that did not get the job done has no speedup (the summary counts it as 0).
    if (result.ok && result.humanSeconds && result.seconds > 0)
        result.speedup = *result.humanSeconds / result.seconds;
    return result;
}

}  // namespace hemu::bench
