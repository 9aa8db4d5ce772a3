// `hemu record` as a person would use it, against real servers: input made with XTest on the
// recorded display (local) or on the viewer's display (VNC) must show up in events.jsonl at
// the right place and in order, reach the application, and the video must replay.

#include "tests/TempDir.h"
#include "actuation/Actuator.h"
#include "actuation/XTestActionSink.h"
#include "app/harness/ChildProcess.h"
#include "app/harness/TargetApps.h"
#include "app/harness/VirtualScreens.h"
#include "app/record/RecordingMeta.h"
#include "capture/VideoScreenSource.h"
#include "capture/X11ScreenSource.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

// X11 last: its Bool/Status macros clash with C++ headers.
#include <X11/Xlib.h>

namespace hemu {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
namespace fs = std::filesystem;

using TempDir = tests::TempDir;

// Starts `hemu record ARGS` and returns once it says it is recording.
std::unique_ptr<harness::ChildProcess> startRecording(
    const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> argv = {HEMU_BINARY, "record"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto child = std::make_unique<harness::ChildProcess>(
        harness::ChildOptions{.argv = argv, .env = env, .captureStdout = true});
    auto line = child->readLine(60s);
    if (!line || line->rfind("recording ", 0) != 0)
        throw std::runtime_error("hemu record did not start: " + line.value_or("(no output)"));
    return child;
}

// Ends a recording the way a person does, by a signal, and returns the exit code.
int stopRecording(harness::ChildProcess& child, int signal) {
    kill(child.pid(), signal);
    return child.wait(60s).value_or(-1);
}

std::vector<json> readEvents(const std::string& path) {
    std::ifstream in(path);
    std::vector<json> events;
    for (std::string line; std::getline(in, line);) events.push_back(json::parse(line));
    return events;
}

json readJson(const std::string& path) {
    std::ifstream in(path);
    return json::parse(in);
}

std::vector<json> keyPresses(const std::vector<json>& events) {
    std::vector<json> presses;
    for (const auto& e : events)
        if (e.at("type") == "key" && e.at("down") == true) presses.push_back(e);
    return presses;
}

std::vector<std::string> keysyms(const std::vector<json>& keyEvents) {
    std::vector<std::string> names;
    for (const auto& e : keyEvents) names.push_back(e.at("keysym"));
    return names;
}

// Types like a person: a key at a time, a few milliseconds apart, so each key has a
// millisecond of its own in the log.
void typeSlowly(actuation::Actuator& actuator, const std::string& text) {
    for (char c : text) {
        actuator.typeText(std::string(1, c));
        actuator.sync();
        std::this_thread::sleep_for(15ms);
    }
}

int countFrames(const std::string& video) {
    capture::VideoScreenSource replay(video);
    int frames = 0;
    for (; !replay.atEnd(); ++frames) replay.grab();
    return frames;
}

// True if `area` of `image` looks different from `before` (same size, BGRA).
bool looksDifferent(const cv::Mat& image, const cv::Mat& before) {
    cv::Mat a, b, diff;
    cv::cvtColor(image, a, cv::COLOR_BGRA2GRAY);
    cv::cvtColor(before, b, cv::COLOR_BGRA2GRAY);
    cv::absdiff(a, b, diff);
    // H.264 moves edges by a few levels; a check mark changes pixels by far more.
    return cv::countNonZero(diff > 40) >= 10;
}

// Waits until `area` of the screen looks different from `before`.
bool waitForChange(capture::ScreenSource& screen, cv::Rect area, const cv::Mat& before,
                   std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (looksDifferent(screen.grab().image(area), before)) return true;
        std::this_thread::sleep_for(10ms);  // polling the screen, not waiting a fixed time
    }
    return false;
}

// The time (ms since the first frame) of the first frame whose `area` looks different from the
// first frame's, or nullopt.
std::optional<std::int64_t> firstChangeMs(const std::string& video, cv::Rect area) {
    capture::VideoScreenSource replay(video);
    const cv::Mat before = replay.grab().image(area).clone();
    while (!replay.atEnd()) {
        const capture::Frame frame = replay.grab();
        if (looksDifferent(frame.image(area), before)) return frame.timestampUs / 1000;
    }
    return std::nullopt;
}

// The checks every finished recording must pass.
void expectCompleteRecording(const std::string& dir, const std::string& target, cv::Size size) {
    const json meta = readJson(dir + "/meta.json");
    EXPECT_EQ(meta.at("target"), target);
    EXPECT_TRUE(std::regex_match(meta.at("start").get<std::string>(),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
        << meta.at("start");
    EXPECT_GT(meta.at("duration_s").get<double>(), 0);
    EXPECT_EQ(meta.at("size"), json::array({size.width, size.height}));
    const auto events = readEvents(dir + "/events.jsonl");
    EXPECT_EQ(meta.at("events").get<std::size_t>(), events.size());
    std::int64_t previous = -1;
    for (const auto& e : events) {
        EXPECT_GE(e.at("t_ms").get<std::int64_t>(), previous) << e;
        previous = e.at("t_ms");
    }
    EXPECT_LE(previous, std::int64_t(meta.at("duration_s").get<double>() * 1000) + 1);

    capture::VideoScreenSource replay(dir + "/screen.mkv");
    EXPECT_EQ(replay.size(), size);
    EXPECT_GE(meta.at("frames").get<int>(), 1);
    EXPECT_EQ(countFrames(dir + "/screen.mkv"), meta.at("frames").get<int>());

    const double taskS = record::recordedTaskSeconds(dir);
    EXPECT_GT(taskS, 0);
    EXPECT_LE(taskS, meta.at("duration_s").get<double>());
}

TEST(Record, LocalDisplayLogsClicksAndKeysOnTheVideosClock) {
    harness::XvfbServer xvfb({.width = 1024, .height = 768});
    harness::FormLab lab(xvfb.display(), HEMU_TEST_DATA_DIR "/forms/input.json");
    TempDir tmp;
    const std::string dir = tmp / "rec";
    auto recording =
        startRecording({"--display", xvfb.display(), "--out", dir, "--duration", "120"});

    actuation::XTestActionSink input(xvfb.display());
    actuation::Actuator person(input);
    const cv::Point field = lab.control("text").center();
    person.click(field.x, field.y);
    typeSlowly(person, "abc");
    const cv::Rect agree = lab.control("agree").box;
    capture::X11ScreenSource screen(xvfb.display());
    const cv::Mat unticked = screen.grab().image(agree).clone();
    person.click(agree.x + agree.width / 2, agree.y + agree.height / 2);
    ASSERT_TRUE(waitForChange(screen, agree, unticked, 20s)) << "the check box did not change";
    ASSERT_EQ(stopRecording(*recording, SIGINT), 0);
    // The form still holds what the person did (submitting closes it, so only now).
    const cv::Point submit = lab.control("submit").center();
    person.click(submit.x, submit.y);
    const json values = json::parse(lab.waitForSubmit(20s));
    EXPECT_EQ(values.at("text"), "abc") << "input reached the app";
    EXPECT_EQ(values.at("agree"), true);

    const auto events = readEvents(dir + "/events.jsonl");
    const json firstPress = *std::find_if(events.begin(), events.end(), [](const json& e) {
        return e.at("type") == "button" && e.at("down") == true;
    });
    EXPECT_EQ(firstPress.at("button"), 1);
    EXPECT_EQ(firstPress.at("x"), field.x);
    EXPECT_EQ(firstPress.at("y"), field.y);
    const auto presses = keyPresses(events);
    EXPECT_EQ(keysyms(presses), (std::vector<std::string>{"a", "b", "c"}));
    for (std::size_t i = 1; i < presses.size(); ++i)
        EXPECT_GT(presses[i].at("t_ms"), presses[i - 1].at("t_ms"));
    // The first key follows the click with no pause, so both may fall in one millisecond: the
    // clock must not run backwards, and the log keeps their order.
    EXPECT_GE(presses.front().at("t_ms"), firstPress.at("t_ms"));
    EXPECT_LT(std::find(events.begin(), events.end(), firstPress),
              std::find(events.begin(), events.end(), presses.front()));
    expectCompleteRecording(dir, xvfb.display(), {1024, 768});

    // One clock: the video shows the check box ticked only after the logged click, and soon.
    const auto agreePress = std::find_if(events.begin(), events.end(), [&](const json& e) {
        return e.at("type") == "button" && e.at("down") == true &&
               e.at("x") == agree.x + agree.width / 2 && e.at("y") == agree.y + agree.height / 2;
    });
    ASSERT_NE(agreePress, events.end());
    const auto tickedAtMs = firstChangeMs(dir + "/screen.mkv", agree);
    ASSERT_TRUE(tickedAtMs) << "the video never shows the check box change";
    const std::int64_t clickMs = agreePress->at("t_ms");
    RecordProperty("click_to_video_ms", int(*tickedAtMs - clickMs));
    // The pointer moves onto the box (and may highlight it) within a millisecond before the press.
    EXPECT_GE(*tickedAtMs, clickMs - 5);
    EXPECT_LE(*tickedAtMs, clickMs + 1000) << "15 frames/s and a repaint take far less";
}

TEST(Record, SecretTaskMasksTypedCharactersAndSigtermFinishesTheFiles) {
    harness::XvfbServer xvfb({.width = 1024, .height = 768});
    harness::FormLab lab(xvfb.display(), HEMU_TEST_DATA_DIR "/forms/input.json");
    TempDir tmp;
    const std::string dir = tmp / "rec";
    // login.json's password step is "secret": true.
    auto recording = startRecording({"--display", xvfb.display(), "--out", dir, "--task",
                                     HEMU_TEST_DATA_DIR "/tasks/login.json", "--lossless"});
    actuation::XTestActionSink input(xvfb.display());
    actuation::Actuator person(input);
    const cv::Point field = lab.control("text").center();
    person.click(field.x, field.y);
    typeSlowly(person, "pW9!");
    person.pressCombo("Return");
    person.sync();
    ASSERT_EQ(stopRecording(*recording, SIGTERM), 0);

    const auto events = readEvents(dir + "/events.jsonl");
    std::vector<json> keys;
    for (const auto& e : events)
        if (e.at("type") == "key") keys.push_back(e);
    ASSERT_FALSE(keys.empty());
    // p, Shift W, 9, Shift !, each pressed and released: 12 masked lines; Return is not text.
    for (std::size_t i = 0; i + 2 < keys.size(); ++i)
        EXPECT_EQ(keys[i].at("keysym"), "*") << keys[i];
    EXPECT_EQ(keysyms(keyPresses(events)).back(), "Return");
    std::ifstream raw(dir + "/events.jsonl");
    const std::string text((std::istreambuf_iterator<char>(raw)), {});
    for (const char* secret : {"\"p\"", "\"W\"", "\"9\"", "exclam", "Shift"})
        EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in events.jsonl";
    const json meta = readJson(dir + "/meta.json");
    EXPECT_EQ(meta.at("keys_masked"), true);
    EXPECT_EQ(meta.at("task"), "login");
    EXPECT_EQ(meta.at("codec"), "ffv1");
    expectCompleteRecording(dir, xvfb.display(), {1024, 768});
}

TEST(Record, StopsByItselfAfterTheDuration) {
    harness::XvfbServer xvfb({.width = 320, .height = 240});
    TempDir tmp;
    const std::string dir = tmp / "rec";
    auto recording = startRecording({"--display", xvfb.display(), "--out", dir, "--duration", "1"});
    ASSERT_EQ(recording->wait(60s), 0);
    const json meta = readJson(dir + "/meta.json");
    EXPECT_GE(meta.at("duration_s").get<double>(), 1.0);
    EXPECT_LT(meta.at("duration_s").get<double>(), 10.0);
    EXPECT_EQ(meta.at("events"), 0);
    EXPECT_EQ(meta.at("first_input_ms"), nullptr);
    EXPECT_DOUBLE_EQ(record::recordedTaskSeconds(dir), meta.at("duration_s").get<double>());
    EXPECT_EQ(countFrames(dir + "/screen.mkv"), meta.at("frames").get<int>());
}

struct Result {
    int exitCode = -1;
    std::string output;  // stdout and stderr
};

Result hemu(const std::string& args, const std::string& env = "") {
    harness::ChildProcess child(
        {.argv = {"/bin/sh", "-c", env + " '" HEMU_BINARY "' " + args + " 2>&1"},
         .captureStdout = true});
    Result result;
    result.output = child.readAll(60s);
    result.exitCode = child.wait(10s).value_or(-1);
    return result;
}

void expectOneLineError(const Result& r, const std::string& message) {
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << "wanted \"" << message << "\" in:\n"
                                                         << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

TEST(Record, UnreachableTargetsAndBadFoldersExitTwoWithOneLine) {
    TempDir tmp;
    expectOneLineError(hemu("record --display :999 --out " + (tmp / "a")),
                       "cannot open X display :999");
    EXPECT_FALSE(fs::exists(tmp / "a")) << "nothing written for an unreachable target";
    const std::string port = std::to_string(harness::freeLoopbackPort());
    expectOneLineError(hemu("record --vnc 127.0.0.1:" + port + " --out " + (tmp / "b")),
                       "cannot connect to VNC server 127.0.0.1:" + port);
    expectOneLineError(hemu("record --out " + (tmp / "c")), "give --display :N or --vnc HOST:PORT");

    harness::XvncServer xvnc({.width = 320, .height = 240});
    expectOneLineError(
        hemu("record --vnc " + xvnc.address() + " --out " + (tmp / "d"), "env -u DISPLAY"),
        "$DISPLAY must name a local X display");

    harness::XvfbServer xvfb({.width = 320, .height = 240});
    fs::create_directories(tmp / "e");
    std::ofstream(tmp / "e/meta.json") << "{}";
    expectOneLineError(hemu("record --display " + xvfb.display() + " --out " + (tmp / "e")),
                       "already holds a recording");
}

// Asks a window to close as a window manager's close button does (ICCCM WM_DELETE_WINDOW).
void closeWindow(const std::string& display, unsigned long window) {
    Display* d = XOpenDisplay(display.c_str());
    ASSERT_NE(d, nullptr);
    XEvent event{};
    event.xclient.type = ClientMessage;
    event.xclient.window = window;
    event.xclient.message_type = XInternAtom(d, "WM_PROTOCOLS", False);
    event.xclient.format = 32;
    event.xclient.data.l[0] = long(XInternAtom(d, "WM_DELETE_WINDOW", False));
    event.xclient.data.l[1] = CurrentTime;
    XSendEvent(d, window, False, NoEventMask, &event);
    XSync(d, False);
    XCloseDisplay(d);
}

std::string xdotool(const std::string& display, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"xdotool"};
    argv.insert(argv.end(), args.begin(), args.end());
    harness::ChildProcess child(
        {.argv = argv, .env = {{"DISPLAY", display}}, .captureStdout = true, .quiet = true});
    std::string out = child.readAll(30s);
    child.wait(5s);
    return out;
}

// Waits until the pointer of `display` is at `where`.
bool waitForPointer(const std::string& display, cv::Point where,
                    std::chrono::milliseconds timeout) {
    const std::string wanted =
        "X=" + std::to_string(where.x) + "\nY=" + std::to_string(where.y) + "\n";
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string location;
    while (std::chrono::steady_clock::now() < deadline) {
        location = xdotool(display, {"getmouselocation", "--shell"});
        if (location.rfind(wanted, 0) == 0) return true;
    }
    ADD_FAILURE() << "pointer of " << display << " is at\n" << location << "wanted\n" << wanted;
    return false;
}

// Waits until the viewer window at `origin` on `viewer` shows what `remote` shows (but for
// the cursor, which VNC draws into the picture and an X screenshot leaves out).
bool waitForMirror(capture::ScreenSource& viewer, cv::Point origin, capture::ScreenSource& remote,
                   std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const cv::Mat want = remote.grab().image;
        const cv::Mat shown = viewer.grab().image;
        const cv::Rect area(origin, want.size());
        if ((area & cv::Rect({}, shown.size())) == area) {
            cv::Mat diff, gray;
            cv::absdiff(shown(area), want, diff);
            cv::cvtColor(diff, gray, cv::COLOR_BGRA2GRAY);
            if (cv::countNonZero(gray) < 1000) return true;
        }
        std::this_thread::sleep_for(50ms);  // polling the screens, not waiting a fixed time
    }
    return false;
}

TEST(Record, VncViewerForwardsAndLogsInputAndClosingItEndsTheRecording) {
    TempDir tmp;
    harness::writeVncPasswordFile(tmp / "passwd", "Sesame-42");
    std::ofstream(tmp / "plain") << "Sesame-42\n";
    harness::XvncServer xvnc({.width = 1024, .height = 768, .passwordFile = tmp / "passwd"});
    harness::FormLab lab(xvnc.display(), HEMU_TEST_DATA_DIR "/forms/input.json");
    harness::XvfbServer desk({.width = 1280, .height = 1024});  // where the person sits
    const std::string dir = tmp / "rec";
    auto recording = startRecording(
        {"--vnc", xvnc.address(), "--vnc-password-file", tmp / "plain", "--out", dir},
        {{"DISPLAY", desk.display()}});

    // Find the viewer window and wait until it mirrors the remote screen.
    const std::string window =
        xdotool(desk.display(), {"search", "--sync", "--name", "^hemu record "});
    ASSERT_FALSE(window.empty());
    const unsigned long windowId = std::stoul(window);
    const std::string geometry =
        xdotool(desk.display(), {"getwindowgeometry", std::to_string(windowId)});
    std::smatch position;
    ASSERT_TRUE(std::regex_search(geometry, position, std::regex(R"(Position: (\d+),(\d+))")))
        << geometry;
    const cv::Point origin(std::stoi(position[1]), std::stoi(position[2]));
    capture::X11ScreenSource deskScreen(desk.display()), remoteScreen(xvnc.display());
    ASSERT_TRUE(waitForMirror(deskScreen, origin, remoteScreen, 30s))
        << "viewer shows no live screen";

    actuation::XTestActionSink deskInput(desk.display());
    actuation::Actuator person(deskInput);
    const cv::Point field = lab.control("text").center();
    person.click(origin.x + field.x, origin.y + field.y);
    // The click arrives where it was aimed on the remote screen (once the viewer forwarded it).
    EXPECT_TRUE(waitForPointer(xvnc.display(), field, 20s));
    typeSlowly(person, "abc");
    const cv::Point submit = lab.control("submit").center();
    person.click(origin.x + submit.x, origin.y + submit.y);
    EXPECT_EQ(json::parse(lab.waitForSubmit(20s)).at("text"), "abc") << "keys reached the app";

    closeWindow(desk.display(), windowId);
    ASSERT_EQ(recording->wait(60s), 0) << "closing the viewer ends the recording";

    const auto events = readEvents(dir + "/events.jsonl");
    const auto press = std::find_if(events.begin(), events.end(), [](const json& e) {
        return e.at("type") == "button" && e.at("down") == true;
    });
    ASSERT_NE(press, events.end());
    EXPECT_EQ(press->at("button"), 1);
    EXPECT_EQ(press->at("x"), field.x);  // remote coordinates, not the viewer's
    EXPECT_EQ(press->at("y"), field.y);
    EXPECT_EQ(keysyms(keyPresses(events)), (std::vector<std::string>{"a", "b", "c"}));
    expectCompleteRecording(dir, xvnc.address(), {1024, 768});
    std::ifstream metaFile(dir + "/meta.json");
    const std::string metaText((std::istreambuf_iterator<char>(metaFile)), {});
    EXPECT_EQ(metaText.find("Sesame"), std::string::npos) << "password in meta.json";
}

}  // namespace
}  // namespace hemu
