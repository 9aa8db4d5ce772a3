// hemu record: a person does a task while hemu records the screen (screen.mkv) and their input
// (events.jsonl), on one clock, so benchmarks can compare hemu with a measured human time
// (record::recordedTaskSeconds). Layout of the folder: app/record/RecordingMeta.h.
//
// Local display: the person works on the display itself; the X RECORD extension reports
// their input whatever window or device it goes to. VNC: the person works in a viewer window
// of ours (on $DISPLAY), which forwards their input to the server and logs what it forwarded.

#include "actuation/Session.h"
#include "actuation/XRecordInputReader.h"
#include "app/cli/Commands.h"
#include "app/record/InputEventLog.h"
#include "app/record/LiveViewer.h"
#include "app/record/LocalDisplay.h"
#include "app/record/RecordingMeta.h"
#include "app/record/ScreenRecorder.h"
#include "app/record/TeeActionSink.h"
#include "capture/CaptureError.h"
#include "capture/ScreenSourceFactory.h"
#include "capture/VncScreenSource.h"
#include "policy/Task.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

namespace hemu::cli {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

std::atomic<int> g_stopSignal{0};
static_assert(std::atomic<int>::is_always_lock_free, "set from a signal handler");

// Ctrl-C, SIGTERM and a closed terminal end the recording normally: the files are finished
// and the command exits 0. Restores the previous handlers when done.
class StopSignals {
public:
    StopSignals() {
        g_stopSignal = 0;
        struct sigaction action {};
        action.sa_handler = [](int signal) { g_stopSignal = signal; };
        sigemptyset(&action.sa_mask);
        for (std::size_t i = 0; i < std::size(kSignals); ++i)
            sigaction(kSignals[i], &action, &previous_[i]);
    }
    ~StopSignals() {
        for (std::size_t i = 0; i < std::size(kSignals); ++i)
            sigaction(kSignals[i], &previous_[i], nullptr);
    }
    bool received() const { return g_stopSignal != 0; }

private:
    static constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction previous_[std::size(kSignals)]{};
};

struct RecordOptions {
    TargetOptions target;
    std::string out;
    double durationS = 0;  // 0: until stopped
    std::string taskFile;
    bool lossless = false;
    double fps = 15;
};

// Progress on stderr, rewritten in place, when a person is watching it.
class Progress {
public:
    Progress() : enabled_(isatty(STDERR_FILENO)) {}
    void show(double seconds, int frames, int events) {
        const auto now = Clock::now();
        if (!enabled_ || now < next_) return;
        next_ = now + std::chrono::milliseconds(500);
        std::fprintf(stderr, "\r%8.1f s elapsed  %6d frames  %6d events ", seconds, frames, events);
        shown_ = true;
    }
    void end() {
        if (shown_) std::fputc('\n', stderr);
        shown_ = false;
    }

private:
    bool enabled_;
    bool shown_ = false;
    Clock::time_point next_{};
};

// Refuses to overwrite a measured recording; creates the folder.
void prepareOutputFolder(const std::string& dir) {
    for (const char* name : {record::kMetaFile, record::kEventsFile, record::kScreenVideoFile}) {
        if (fs::exists(fs::path(dir) / name)) {
            throw std::invalid_argument("record --out " + dir + ": already holds a recording (" +
                                        name + "); choose a new folder");
        }
    }
    std::error_code error;
    fs::create_directories(dir, error);
    if (error) throw MediaError("record --out " + dir + ": cannot create: " + error.message());
}

int record(const RecordOptions& options) {
    const TargetOptions& t = options.target;
    if (t.display.empty() && t.vnc.empty())
        throw std::invalid_argument("record: give --display :N or --vnc HOST:PORT");

    bool maskKeys = false;
    std::string taskName;
    if (!options.taskFile.empty()) {
        const policy::Task task = policy::loadTaskFile(options.taskFile);
        taskName = task.name;
        maskKeys = std::any_of(task.steps.begin(), task.steps.end(),
                               [](const policy::Step& step) { return step.secret; });
    }

    // Connect to everything before any file is written: an unreachable target leaves no trace.
    std::unique_ptr<capture::ScreenSource> screen;
    std::unique_ptr<actuation::XRecordInputReader> reader;  // local display
    std::unique_ptr<actuation::ActionSink> remoteInput;     // VNC
    std::string target;
    if (!t.display.empty()) {
        target = t.display;
        screen = capture::openScreenSource({.display = t.display});
        reader = std::make_unique<actuation::XRecordInputReader>(t.display);
    } else {
        target = t.vnc;
        actuation::Session session =
            actuation::openSession({.vnc = t.vnc, .vncPasswordFile = t.vncPasswordFile});
        screen = std::move(session.screen);
        remoteInput = std::move(session.input);
        record::requireLocalDisplay();
        auto* vnc = static_cast<capture::VncScreenSource*>(screen.get());
        if (!vnc->connection()->waitForFullFrame(std::chrono::seconds(5)))
            throw ConnectionError("VNC server " + t.vnc + " sent no full frame within 5 s");
    }
    prepareOutputFolder(options.out);
    const fs::path dir(options.out);

    StopSignals signals;
    const cv::Size size = screen->size();  // the screen belongs to the recorder's thread below
    const capture::Frame first = screen->grab();
    const auto startWallClock = std::chrono::system_clock::now();
    const Clock::time_point origin{std::chrono::microseconds(first.timestampUs)};
    const capture::VideoCodec codec =
        options.lossless ? capture::VideoCodec::Lossless : capture::VideoCodec::H264;

    record::InputEventLog log((dir / record::kEventsFile).string(), origin,
                              {.maskTextKeys = maskKeys});
    // The reader delivers into the log: it must stop before the log goes, also on an exception.
    struct StopReaderFirst {
        actuation::XRecordInputReader* reader;
        ~StopReaderFirst() {
            if (!reader) return;
            try {
                reader->stop();
            } catch (const std::exception&) {
                // Only reached while another exception unwinds; that one is reported.
            }
        }
    } stopReaderFirst{reader.get()};
    std::unique_ptr<record::TeeActionSink> tee;
    std::unique_ptr<record::LiveViewer> viewer;
    if (remoteInput) {
        tee = std::make_unique<record::TeeActionSink>(*remoteInput, log);
        viewer = std::make_unique<record::LiveViewer>(size, *tee,
                                                      "hemu record " + target + " (close to stop)");
        viewer->showFrame(first);
    }
    record::ScreenRecorderOptions videoOptions{.video = {.codec = codec}, .fps = options.fps};
    if (viewer) videoOptions.onFrame = [&](const capture::Frame& f) { viewer->showFrame(f); };
    record::ScreenRecorder video(*screen, first, (dir / record::kScreenVideoFile).string(),
                                 videoOptions);
    if (reader) reader->start(log);

    std::printf("recording %s (%dx%d) to %s%s; stop with Ctrl-C%s\n", target.c_str(), size.width,
                size.height, options.out.c_str(), maskKeys ? ", typed characters masked" : "",
                viewer ? " or by closing the window" : "");
    std::fflush(stdout);  // the line tells scripts (and tests) that input is being recorded

    Progress progress;
    auto keepRunning = [&] {
        const double elapsedS = std::chrono::duration<double>(Clock::now() - origin).count();
        progress.show(elapsedS, video.framesWritten(), log.eventsWritten());
        return !signals.received() && !video.failed() &&
               !(options.durationS > 0 && elapsedS >= options.durationS);
    };
    if (viewer) {
        viewer->run(keepRunning);
    } else {
        while (keepRunning()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    // Finish every file even when one part failed; report the first failure afterwards.
    std::exception_ptr firstError;
    auto attempt = [&](auto&& step) {
        try {
            step();
        } catch (...) {
            if (!firstError) firstError = std::current_exception();
        }
    };
    if (reader) attempt([&] { reader->stop(); });  // delivers what the server recorded so far
    const Clock::time_point end = Clock::now();
    attempt([&] { video.stop(); });
    attempt([&] { log.close(); });
    progress.end();

    record::RecordingMeta meta{.target = target,
                               .start = record::isoUtcMilliseconds(startWallClock),
                               .durationS = std::chrono::duration<double>(end - origin).count(),
                               .frames = video.framesWritten(),
                               .framesDropped = video.framesDropped(),
                               .events = log.eventsWritten(),
                               .size = size,
                               .codec = codec == capture::VideoCodec::H264 ? "h264" : "ffv1",
                               .fps = options.fps,
                               .task = taskName,
                               .keysMasked = maskKeys,
                               .firstInputMs = log.firstEventMs(),
                               .lastInputMs = log.lastActionMs()};
    attempt([&] { record::writeRecordingMeta(options.out, meta); });
    if (firstError) std::rethrow_exception(firstError);

    std::printf("recorded %.1f s: %d frames (%d dropped), %d events; task time %.1f s\n",
                meta.durationS, meta.frames, meta.framesDropped, meta.events,
                record::recordedTaskSeconds(options.out));
    return int(kExitOk);
}

}  // namespace

void addRecordCommand(CLI::App& app, CommandBody& body) {
    auto options = std::make_shared<RecordOptions>();
    auto* command = app.add_subcommand(
        "record",
        "record a person doing a task: DIR/screen.mkv, DIR/events.jsonl (input, ms since the "
        "first frame) and DIR/meta.json. Stops on Ctrl-C/SIGTERM, after --duration, or when the "
        "viewer window (--vnc) closes");
    addTargetOptions(*command, options->target);
    command->add_option("--out", options->out, "folder for the recording (created)")->required();
    command->add_option("--duration", options->durationS, "stop after S seconds")
        ->check(CLI::PositiveNumber);
    command->add_option("--task", options->taskFile,
                        "the task file being done; a \"secret\" step masks typed characters "
                        "as \"*\" in events.jsonl");
    command->add_flag("--lossless", options->lossless,
                      "FFV1 video (exact pixels, ~70x larger) instead of H.264");
    command->add_option("--fps", options->fps, "frames grabbed per second (default 15)")
        ->check(CLI::Range(1.0, 60.0));
    command->callback([options, &body] { body = [options] { return record(*options); }; });
}

}  // namespace hemu::cli
