// The hemu binary as users run it: exit codes and one clear line on stderr for bad input.

#include "tests/TempDir.h"
#include "app/harness/ChildProcess.h"
#include "app/harness/VirtualScreens.h"
#include "capture/VideoScreenSource.h"
#include "app/harness/TargetApps.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace hemu {
namespace {

using namespace std::chrono_literals;

struct Result {
    int exitCode = -1;
    std::string output;  // stdout and stderr
};

// Runs hemu with `args` (already shell-quoted) and optional environment assignments.
Result hemu(const std::string& args, const std::string& env = "") {
    harness::ChildProcess child({.argv = {"/bin/sh", "-c",
                                          env + " '" HEMU_BINARY "' " + args + " 2>&1"},
                                 .captureStdout = true});
    Result result;
    result.output = child.readAll(60s);
    result.exitCode = child.wait(10s).value_or(-1);
    return result;
}

void expectBadInput(const Result& r, const std::string& message) {
    EXPECT_EQ(r.exitCode, 2) << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << "wanted \"" << message << "\" in:\n"
                                                         << r.output;
    // One clear line, not a log dump.
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

using TempDir = tests::TempDir;

TEST(Cli, HelpAndUsage) {
    EXPECT_EQ(hemu("--help").exitCode, 0);
    EXPECT_EQ(hemu("act --help").exitCode, 0);
    const Result none = hemu("");
    EXPECT_EQ(none.exitCode, 2);
    expectBadInput(hemu("teleport"), "teleport");
    expectBadInput(hemu("capture --display :1 --vnc 127.0.0.1:5900"), "excludes");
    expectBadInput(hemu("capture"), "give --display :N or --vnc HOST:PORT");
}

TEST(Cli, UnreachableTargets) {
    expectBadInput(hemu("capture --display :999"), "cannot open X display :999");
    const int port = harness::freeLoopbackPort();
    expectBadInput(hemu("capture --vnc 127.0.0.1:" + std::to_string(port)),
                   "cannot connect to VNC server 127.0.0.1:" + std::to_string(port));
    expectBadInput(hemu("capture --vnc localhost"), "expected HOST:PORT");
    expectBadInput(hemu("capture --vnc 127.0.0.1:99999"), "is not a number from 1 to 65535");
    expectBadInput(hemu("act --display :999 click 1 1"), "cannot open X display :999");
    expectBadInput(hemu("capture --vnc 127.0.0.1:5900 --vnc-password-file /nonexistent/pw"),
                   "/nonexistent/pw");
}

TEST(Cli, VncPasswordsNeverShowAndWrongOnesAreRefused) {
    TempDir dir;
    harness::writeVncPasswordFile(dir / "passwd", "Corr3ct-horse");
    harness::XvncServer xvnc({.width = 320, .height = 240, .passwordFile = dir / "passwd"});
    {
        std::ofstream(dir / "plain") << "Corr3ct-horse\n";
    }
    const Result ok = hemu("capture --vnc " + xvnc.address() + " --vnc-password-file " + (dir / "plain"));
    EXPECT_EQ(ok.exitCode, 0) << ok.output;
    EXPECT_EQ(ok.output.find("Corr3ct"), std::string::npos);

    const Result viaEnv = hemu("-v capture --vnc " + xvnc.address(), "HEMU_VNC_PASSWORD=Corr3ct-horse");
    EXPECT_EQ(viaEnv.exitCode, 0) << viaEnv.output;
    EXPECT_EQ(viaEnv.output.find("Corr3ct"), std::string::npos) << "password in verbose output";

    const Result wrong = hemu("capture --vnc " + xvnc.address(), "HEMU_VNC_PASSWORD=guess-Wrong");
    expectBadInput(wrong, "refused the password");
    EXPECT_EQ(wrong.output.find("guess-Wrong"), std::string::npos);
    expectBadInput(hemu("capture --vnc " + xvnc.address(), "HEMU_VNC_PASSWORD="),
                   "asks for a password");
}

TEST(Cli, TaskFileErrorsNameTheirPlace) {
    const std::string data = HEMU_TEST_DATA_DIR "/cli/";
    harness::XvfbServer xvfb({.width = 320, .height = 240});
    const std::string display = " --display " + xvfb.display();
    expectBadInput(hemu("run " + data + "truncated.json" + display), "truncated.json:3:1");
    expectBadInput(hemu("run " + data + "bad_step.json" + display), "unknown action \"tap\"");
    expectBadInput(hemu("run " + data + "missing.json" + display), "missing.json");
    expectBadInput(hemu("run " + data + "contact.json --display :999"), "cannot open X display :999");

    TempDir dir;
    // A valid task on an empty screen: it runs, finds nothing, and fails its first step.
    const Result failed = hemu("run " + data + "contact.json" + display + " --report " + (dir / "r.json"));
    EXPECT_EQ(failed.exitCode, 1) << failed.output;
    EXPECT_NE(failed.output.find("\"First name\""), std::string::npos) << failed.output;
    EXPECT_EQ(failed.output.find("hunter2"), std::string::npos) << "secret value printed";
    std::ifstream report(dir / "r.json");
    const std::string reportText((std::istreambuf_iterator<char>(report)), {});
    EXPECT_NE(reportText.find("\"contact\""), std::string::npos);
    EXPECT_NE(reportText.find("\"ok\": false"), std::string::npos);
    EXPECT_EQ(reportText.find("hunter2"), std::string::npos) << "secret value in report";
}

TEST(Cli, BadActionArguments) {
    harness::XvfbServer xvfb({.width = 320, .height = 240});
    const std::string display = "act --display " + xvfb.display();
    expectBadInput(hemu(display + " key ctrl+shfit+s"), "\"shfit\" is not a key name");
    expectBadInput(hemu(display + " type 'price 5€'"), "U+20AC");
    expectBadInput(hemu(display + " click 10"), "Y");
    EXPECT_EQ(hemu(display + " click 10 10").exitCode, 0);
    EXPECT_EQ(hemu(display + " drag 10 10 50 50").exitCode, 0);
    EXPECT_EQ(hemu(display + " scroll -3").exitCode, 0);
}

TEST(Cli, CaptureWritesPngAndVideo) {
    harness::XvfbServer xvfb({.width = 640, .height = 480});
    TempDir dir;
    const Result png = hemu("capture --display " + xvfb.display() + " --out " + (dir / "s.png"));
    EXPECT_EQ(png.exitCode, 0) << png.output;
    EXPECT_NE(png.output.find("frames/s"), std::string::npos);
    EXPECT_TRUE(std::filesystem::file_size(dir / "s.png") > 0);

    const Result mkv = hemu("capture --display " + xvfb.display() + " --frames 12 --out " + (dir / "s.mkv"));
    ASSERT_EQ(mkv.exitCode, 0) << mkv.output;
    capture::VideoScreenSource video(dir / "s.mkv");
    EXPECT_EQ(video.size(), cv::Size(640, 480));
    int frames = 0;
    while (!video.atEnd()) {
        video.grab();
        ++frames;
    }
    EXPECT_EQ(frames, 12);
    expectBadInput(hemu("capture --display " + xvfb.display() + " --out " + (dir / "s.gif")),
                   "use a .png, .mkv or .mp4 file name");
}

}  // namespace
}  // namespace hemu
