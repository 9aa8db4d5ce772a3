// hemu record's parts with no display: the event log's lines, thinning and masking; meta.json
// and the human time read from it; Qt keys as X keysyms; the screen recorder on a fake screen.

#include "app/record/InputEventLog.h"
#include "app/record/QtKeysyms.h"
#include "app/record/RecordingMeta.h"
#include "app/record/ScreenRecorder.h"
#include "capture/CaptureError.h"
#include "capture/VideoScreenSource.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

namespace hemu::record {
namespace {

using namespace std::chrono_literals;
using actuation::MouseButton;
namespace fs = std::filesystem;

class TempDir {
public:
    TempDir()
        : path_(fs::temp_directory_path() / ("hemu-record-unit-" + std::to_string(getpid()) + "-" +
                                             std::to_string(counter_++))) {
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    std::string str() const { return path_.string(); }

private:
    static inline int counter_ = 0;
    fs::path path_;
};

std::vector<std::string> lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

TEST(KeyMasking, CharacterKeysAndTheirShiftsAreMaskedEditingKeysAreNot) {
    for (std::uint32_t keysym :
         {0x61u, 0x41u, 0x31u, 0x20u, 0x7eu, 0xe9u, 0x10020acu, 0xffb1u /* KP_1 */,
          0xffaau /* KP_Multiply */, 0xffe1u /* Shift_L */, 0xffe5u /* Caps_Lock */,
          0xfe03u /* ISO_Level3_Shift */, 0xfe51u /* dead_acute */})
        EXPECT_TRUE(keyMayRevealText(keysym)) << std::hex << keysym;
    for (std::uint32_t keysym :
         {0xff0du /* Return */, 0xff09u /* Tab */, 0xff08u /* BackSpace */, 0xffffu /* Delete */,
          0xff51u /* Left */, 0xffc2u /* F5 */, 0xffe3u /* Control_L */, 0xffe9u /* Alt_L */,
          0xffebu /* Super_L */, 0xff1bu /* Escape */})
        EXPECT_FALSE(keyMayRevealText(keysym)) << std::hex << keysym;
}

struct FakeClock {
    std::int64_t ms = 0;
    std::function<std::int64_t()> function() {
        return [this] { return ms; };
    }
};

TEST(InputEventLog, WritesOneObjectPerLineInOrder) {
    TempDir dir;
    FakeClock clock;
    InputEventLog log(dir / "events.jsonl", {}, {.nowMs = clock.function()});
    clock.ms = 5;
    log.movePointer(10, 20);
    clock.ms = 40;
    log.setButton(MouseButton::Left, true);
    clock.ms = 90;
    log.setButton(MouseButton::Left, false);
    clock.ms = 300;
    log.setKey(0x41, true);
    clock.ms = 350;
    log.setKey(0x41, false);
    clock.ms = 400;
    log.setButton(MouseButton::WheelDown, true);
    log.close();
    EXPECT_EQ(lines(dir / "events.jsonl"),
              (std::vector<std::string>{
                  R"({"t_ms":5,"type":"motion","x":10,"y":20})",
                  R"({"t_ms":40,"type":"button","button":1,"down":true,"x":10,"y":20})",
                  R"({"t_ms":90,"type":"button","button":1,"down":false,"x":10,"y":20})",
                  R"({"t_ms":300,"type":"key","keysym":"A","down":true})",
                  R"({"t_ms":350,"type":"key","keysym":"A","down":false})",
                  R"({"t_ms":400,"type":"button","button":5,"down":true,"x":10,"y":20})"}));
    EXPECT_EQ(log.eventsWritten(), 6);
    EXPECT_EQ(log.firstEventMs(), 5);
    EXPECT_EQ(log.lastActionMs(), 400);
}

TEST(InputEventLog, ThinsMotionButKeepsTheLastPositionBeforeOtherEvents) {
    TempDir dir;
    FakeClock clock;
    InputEventLog log(dir / "events.jsonl", {},
                      {.minMotionIntervalMs = 10, .nowMs = clock.function()});
    // A fast drag: one motion a millisecond for 30 ms.
    for (int t = 0; t <= 30; ++t) {
        clock.ms = t;
        log.movePointer(t, 2 * t);
    }
    clock.ms = 31;
    log.movePointer(100, 100);  // 1 ms after the one written at 30: held back
    clock.ms = 50;
    log.setButton(MouseButton::Left, true);  // writes the held-back position first
    clock.ms = 52;
    log.movePointer(101, 101);  // held back, then written by close()
    log.close();
    const auto written = lines(dir / "events.jsonl");
    std::vector<std::int64_t> times;
    for (const auto& line : written) times.push_back(nlohmann::json::parse(line).at("t_ms"));
    EXPECT_EQ(times, (std::vector<std::int64_t>{0, 10, 20, 30, 31, 50, 52}));
    EXPECT_EQ(written[4], R"({"t_ms":31,"type":"motion","x":100,"y":100})");
    EXPECT_EQ(written[5], R"({"t_ms":50,"type":"button","button":1,"down":true,"x":100,"y":100})");
    EXPECT_EQ(written[6], R"({"t_ms":52,"type":"motion","x":101,"y":101})");
    EXPECT_EQ(log.lastActionMs(), 50);
}

TEST(InputEventLog, MasksTextKeysWhenAsked) {
    TempDir dir;
    InputEventLog log(dir / "events.jsonl", std::chrono::steady_clock::now(),
                      {.maskTextKeys = true});
    for (std::uint32_t keysym : {0xffe1u /* Shift_L */, 0x53u /* S */, 0x33u /* 3 */, 0xff0du})
        log.setKey(keysym, true);
    log.close();
    std::vector<std::string> keysyms;
    for (const auto& line : lines(dir / "events.jsonl"))
        keysyms.push_back(nlohmann::json::parse(line).at("keysym"));
    EXPECT_EQ(keysyms, (std::vector<std::string>{"*", "*", "*", "Return"}));
}

TEST(InputEventLog, UnwritableFileIsAMediaError) {
    EXPECT_THROW(InputEventLog("/nonexistent/dir/events.jsonl", {}), MediaError);
}

TEST(RecordingMeta, RoundTripsAndGivesTheTaskTime) {
    TempDir dir;
    RecordingMeta meta{.target = ":3",
                       .start = isoUtcMilliseconds(std::chrono::system_clock::time_point(
                           std::chrono::milliseconds(1'700'000'000'123))),
                       .durationS = 12.3456,
                       .frames = 40,
                       .events = 120,
                       .size = {1280, 800},
                       .codec = "h264",
                       .fps = 15,
                       .task = "login",
                       .keysMasked = true,
                       .firstInputMs = 1'500,
                       .lastInputMs = 9'750};
    writeRecordingMeta(dir.str(), meta);
    const RecordingMeta back = readRecordingMeta(dir.str());
    EXPECT_EQ(back.start, "2023-11-14T22:13:20.123Z");
    EXPECT_EQ(back.target, ":3");
    EXPECT_DOUBLE_EQ(back.durationS, 12.346);  // stored to the millisecond
    EXPECT_EQ(back.size, cv::Size(1280, 800));
    EXPECT_EQ(back.frames, 40);
    EXPECT_EQ(back.events, 120);
    EXPECT_TRUE(back.keysMasked);
    EXPECT_EQ(back.firstInputMs, 1'500);
    EXPECT_DOUBLE_EQ(recordedTaskSeconds(dir.str()), 8.25);
}

TEST(RecordingMeta, TaskTimeFallsBackToTheDurationWithoutAnInputSpan) {
    TempDir dir;
    writeRecordingMeta(dir.str(), {.durationS = 4.5});  // no events at all
    EXPECT_DOUBLE_EQ(recordedTaskSeconds(dir.str()), 4.5);
    writeRecordingMeta(dir.str(), {.durationS = 4.5, .firstInputMs = 700});  // motion only
    EXPECT_DOUBLE_EQ(recordedTaskSeconds(dir.str()), 4.5);
    writeRecordingMeta(dir.str(), {.durationS = 4.5, .firstInputMs = 700, .lastInputMs = 700});
    EXPECT_DOUBLE_EQ(recordedTaskSeconds(dir.str()), 4.5);
}

TEST(RecordingMeta, MissingOrForeignFilesAreMediaErrors) {
    TempDir dir;
    EXPECT_THROW(recordedTaskSeconds(dir.str()), MediaError);
    std::ofstream(dir / "meta.json") << R"({"frames": 3})";
    EXPECT_THROW(recordedTaskSeconds(dir.str()), MediaError);
    std::ofstream(dir / "meta.json") << "not json";
    EXPECT_THROW(recordedTaskSeconds(dir.str()), MediaError);
}

TEST(QtKeysyms, KeysBecomeXKeysyms) {
    const auto none = Qt::NoModifier;
    EXPECT_EQ(keysymForQtKey(Qt::Key_Return, none, "\r"), 0xff0du);
    EXPECT_EQ(keysymForQtKey(Qt::Key_Tab, none, "\t"), 0xff09u);
    EXPECT_EQ(keysymForQtKey(Qt::Key_Backspace, none, "\b"), 0xff08u);
    EXPECT_EQ(keysymForQtKey(Qt::Key_F5, none, ""), 0xffc2u);
    EXPECT_EQ(keysymForQtKey(Qt::Key_Shift, Qt::ShiftModifier, ""), 0xffe1u);
    EXPECT_EQ(keysymForQtKey(Qt::Key_A, none, "a"), 0x61u);
    EXPECT_EQ(keysymForQtKey(Qt::Key_A, Qt::ShiftModifier, "A"), 0x41u);
    EXPECT_EQ(keysymForQtKey(Qt::Key_A, Qt::ControlModifier, "\x01"), 0x61u);
    EXPECT_EQ(keysymForQtKey(Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier, "\x01"), 0x41u);
    EXPECT_EQ(keysymForQtKey(Qt::Key_Exclam, Qt::ShiftModifier, "!"), 0x21u);
    EXPECT_EQ(keysymForQtKey(Qt::Key_Eacute, none, QString::fromUtf8("é")), 0xe9u);
    EXPECT_EQ(keysymForQtKey(Qt::Key_unknown, none, QString::fromUtf8("€")), 0x10020acu);
    EXPECT_EQ(keysymForQtKey(Qt::Key_A, none, "a", 0x41), 0x41u) << "the native keysym wins";
    EXPECT_FALSE(keysymForQtKey(Qt::Key_unknown, none, ""));
}

// A screen whose pixels change when the test says so; like X11, it cannot report regions.
class FakeScreen : public capture::ScreenSource {
public:
    explicit FakeScreen(cv::Size size) : size_(size) {}
    capture::Frame grab() override {
        ++grabs;
        const int v = shade.load();
        capture::Frame frame;
        frame.image = cv::Mat(size_, CV_8UC4, cv::Scalar(v, v, v, 0));
        frame.timestampUs = std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now().time_since_epoch())
                                .count();
        return frame;
    }
    cv::Size size() const override { return size_; }
    bool waitForChange(std::chrono::milliseconds) override { return true; }
    std::string describe() const override { return "fake"; }

    std::atomic<int> shade{40};
    std::atomic<int> grabs{0};

private:
    cv::Size size_;
};

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(5ms);  // polling a condition, not waiting a fixed time
    }
    return true;
}

TEST(ScreenRecorder, WritesOnlyChangedFramesAndEndsAtStop) {
    TempDir dir;
    FakeScreen screen({320, 240});  // odd sizes are covered by the crop; H264 needs even
    const capture::Frame first = screen.grab();
    std::atomic<int> shown{0};
    ScreenRecorder video(screen, first, dir / "screen.mkv",
                         {.fps = 50, .onFrame = [&](const capture::Frame&) { ++shown; }});
    // Unchanged screen: nothing but the first frame, however many grabs.
    ASSERT_TRUE(waitUntil([&] { return screen.grabs >= 6; }, 10s));
    EXPECT_EQ(video.framesWritten(), 1);
    screen.shade = 200;
    ASSERT_TRUE(waitUntil([&] { return video.framesWritten() == 2; }, 10s));
    screen.shade = 120;
    ASSERT_TRUE(waitUntil([&] { return video.framesWritten() == 3; }, 10s));
    const auto stopUs = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    video.stop();
    EXPECT_EQ(video.framesWritten(), 4);  // first, two changes, the end
    EXPECT_EQ(video.framesDropped(), 0);
    EXPECT_GT(shown, 0);

    capture::VideoScreenSource replay(dir / "screen.mkv");
    EXPECT_EQ(replay.size(), cv::Size(320, 240));
    std::vector<int> shades;
    std::int64_t lastUs = -1;
    while (!replay.atEnd()) {
        const capture::Frame frame = replay.grab();
        EXPECT_GT(frame.timestampUs, lastUs);
        lastUs = frame.timestampUs;
        shades.push_back(int(cv::mean(frame.image)[1] + 0.5));
    }
    ASSERT_EQ(shades.size(), 4u);
    EXPECT_NEAR(shades[0], 40, 3);
    EXPECT_NEAR(shades[1], 200, 3);
    EXPECT_NEAR(shades[2], 120, 3);
    EXPECT_NEAR(shades[3], 120, 3);
    // The last frame sits at the stop, on the first frame's clock (1 ms time base).
    EXPECT_NEAR(double(lastUs), double(stopUs - first.timestampUs), 20'000);
}

TEST(ScreenRecorder, OddSizesAreCutToEvenForH264) {
    TempDir dir;
    FakeScreen screen({321, 241});
    ScreenRecorder video(screen, screen.grab(), dir / "screen.mkv", {.fps = 50});
    video.stop();
    EXPECT_EQ(capture::VideoScreenSource(dir / "screen.mkv").size(), cv::Size(320, 240));
}

TEST(ScreenRecorder, UncreatableFileIsAMediaError) {
    FakeScreen screen({64, 48});
    EXPECT_THROW(ScreenRecorder(screen, screen.grab(), "/nonexistent/dir/screen.mkv"), MediaError);
}

}  // namespace
}  // namespace hemu::record
