// hemu run: performs a task file on a display or VNC server with the agent (policy/Agent.h),
// prints a line per step and the time against a person's, and writes the report JSON.

#include "actuation/Session.h"
#include "app/cli/Commands.h"
#include "capture/VideoRecorder.h"
#include "perception/ScreenParser.h"
#include "policy/Agent.h"
#include "policy/HumanBaseline.h"
#include "policy/Task.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace hemu::cli {

namespace {

std::atomic<bool> g_stop{false};

/// Writes the frames the agent looks at to a video on a thread of its own (encoding takes
/// longer than a look), at most 30 a second; drops frames rather than slow the agent down.
class BackgroundRecorder {
public:
    BackgroundRecorder(const std::string& path, cv::Size size)
        : recorder_(path, size, {.codec = path.ends_with(".mp4") ? capture::VideoCodec::H264
                                                                 : capture::VideoCodec::Lossless}),
          thread_([this] { encode(); }) {}
    ~BackgroundRecorder() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        wake_.notify_one();
        thread_.join();
        recorder_.close();
    }
    void offer(const capture::Frame& frame) {
        if (frame.timestampUs - lastUs_ < 33'000) return;
        lastUs_ = frame.timestampUs;
        std::lock_guard lock(mutex_);
        if (queue_.size() >= 4) return;  // the encoder is behind: skip this one
        queue_.push_back({frame.image.clone(), frame.timestampUs, std::nullopt});
        wake_.notify_one();
    }

private:
    void encode() {
        std::unique_lock lock(mutex_);
        while (true) {
            wake_.wait(lock, [&] { return done_ || !queue_.empty(); });
            if (queue_.empty()) return;
            capture::Frame frame = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            recorder_.write(frame);
            lock.lock();
        }
    }

    capture::VideoRecorder recorder_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<capture::Frame> queue_;
    bool done_ = false;
    std::int64_t lastUs_ = -1'000'000;
    std::thread thread_;
};

nlohmann::json boxJson(const std::optional<cv::Rect>& box) {
    if (!box) return nullptr;
    return {box->x, box->y, box->width, box->height};
}

double round3(double v) { return std::round(v * 1000) / 1000; }

nlohmann::json reportJson(const policy::Task& task, const policy::TaskReport& run,
                          double seconds, double startup, double klm) {
    const double human = task.humanSeconds.value_or(klm);
    nlohmann::json j = {{"name", task.name},
                        {"ok", run.ok},
                        {"seconds", round3(seconds)},
                        {"startup_seconds", round3(startup)},
                        {"steps_seconds", round3(run.seconds)},
                        {"human_seconds", round3(human)},
                        {"human_source", task.humanSeconds ? "measured" : "klm"},
                        {"klm_seconds", round3(klm)},
                        {"speedup", round3(human / std::max(seconds, 1e-3))}};
    if (!run.ok) {
        j["error"] = run.error;
        if (!run.screenshot.empty()) j["screenshot"] = run.screenshot;
    }
    nlohmann::json steps = nlohmann::json::array();
    for (const policy::StepReport& s : run.steps) {
        nlohmann::json step = {{"action", policy::toString(s.action)},
                               {"target", s.target},
                               {"value", s.value},
                               {"ok", s.ok},
                               {"seconds", round3(s.seconds)},
                               {"human_seconds", round3(s.humanSeconds)},
                               {"box", boxJson(s.box)},
                               {"error", s.error},
                               {"time_ms", {{"capture", round3(s.times.capture)},
                                            {"perceive", round3(s.times.perceive)},
                                            {"decide", round3(s.times.decide)},
                                            {"act", round3(s.times.act)},
                                            {"settle", round3(s.times.settle)}}}};
        if (!s.matched.empty()) step["matched"] = s.matched;
        if (!s.note.empty()) step["note"] = s.note;
        if (!s.overlay.empty()) step["overlay"] = s.overlay;
        steps.push_back(std::move(step));
    }
    j["steps"] = std::move(steps);
    return j;
}

}  // namespace

void addRunCommand(CLI::App& app, CommandBody& body) {
    struct Options {
        TargetOptions target;
        std::string taskFile, report, record, overlayDir;
        bool quiet = false;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("run", "perform a task file on a display or VNC server");
    command->add_option("TASK", options->taskFile, "task file (JSON)")->required();
    addTargetOptions(*command, options->target);
    command->add_option("--report", options->report, "write the JSON report here");
    command->add_option("--record", options->record,
                        "record what the agent saw to this video (.mkv lossless, .mp4 H.264)");
    command->add_option("--overlay-dir", options->overlayDir,
                        "where failed steps leave a screenshot and an overlay of what the model "
                        "saw (default: beside the report, else the current folder)");
    command->add_flag("-q,--quiet", options->quiet, "print only the summary line");
    command->callback([options, &body] {
        body = [options] {
            const policy::Task task = policy::loadTaskFile(options->taskFile);
            const auto& t = options->target;
            if (t.display.empty() && t.vnc.empty())
                throw std::invalid_argument("run: give --display :N or --vnc HOST:PORT");
            actuation::Session session = actuation::openSession(
                {.display = t.display, .vnc = t.vnc, .vncPasswordFile = t.vncPasswordFile});
            perception::ScreenParser parser;

            std::unique_ptr<BackgroundRecorder> recorder;
            if (!options->record.empty())
                recorder = std::make_unique<BackgroundRecorder>(options->record, session.screen->size());

            std::string overlayDir = options->overlayDir;
            if (overlayDir.empty())
                overlayDir = options->report.empty()
                                 ? "."
                                 : std::filesystem::path(options->report).parent_path().string();
            if (overlayDir.empty()) overlayDir = ".";

            std::signal(SIGINT, [](int) { g_stop = true; });
            std::signal(SIGTERM, [](int) { g_stop = true; });
            const bool quiet = options->quiet;
            policy::Agent agent(*session.screen, *session.input, parser,
                {.overlayDir = overlayDir,
                 .cancel = &g_stop,
                 .onStep = [&](std::size_t i, const policy::StepReport& s) {
                     if (quiet) return;
                     std::printf("  %2zu. %-6s %-28s %-4s %6.0f ms%s%s\n", i + 1,
                                 std::string(policy::toString(s.action)).c_str(),
                                 (s.target.empty() ? s.value : s.target).c_str(),
                                 s.ok ? "ok" : "FAIL", s.seconds * 1000,
                                 s.ok ? "" : "  ", s.error.c_str());
                     std::fflush(stdout);
                 },
                 .onFrame = [&](const capture::Frame& f) { if (recorder) recorder->offer(f); }});

            const double startup = processAgeSeconds();
            const policy::TaskReport run = agent.run(task);
            recorder.reset();  // the file is complete before anyone is told about it
            const double seconds = processAgeSeconds();
            const double klm = policy::klmTaskSeconds(task);
            const nlohmann::json report = reportJson(task, run, seconds, startup, klm);
            if (!options->report.empty()) {
                std::ofstream out(options->report);
                out << report.dump(2) << "\n";
                if (!out) throw std::invalid_argument("cannot write the report " + options->report);
            }
            std::printf("%s \"%s\": %s in %.2f s (start-up %.2f s), person %.1f s (%s), %.1fx\n",
                        run.ok ? "done" : "FAILED", task.name.c_str(),
                        run.ok ? "all steps" : run.error.c_str(), seconds, startup,
                        double(report["human_seconds"]),
                        task.humanSeconds ? "measured" : "KLM estimate",
                        double(report["speedup"]));
            if (!run.ok && !run.screenshot.empty())
                std::printf("screenshot: %s\n", run.screenshot.c_str());
            return int(run.ok ? kExitOk : kExitStepFailed);
        };
    });
}

}  // namespace hemu::cli
