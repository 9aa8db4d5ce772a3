// Capture against real servers: the pixels we read are exactly the pixels on the screen.

#include "app/harness/VirtualScreens.h"
#include "capture/CaptureError.h"
#include "capture/ScreenSourceFactory.h"
#include "capture/VncScreenSource.h"
#include "capture/X11ScreenSource.h"
#include "app/harness/RootPainter.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>

namespace hemu {
namespace {

using namespace std::chrono_literals;
using harness::ScreenOptions;

constexpr ScreenOptions kSmall{.width = 800, .height = 600};

// Pixels differing in B, G or R (the 4th byte is padding), outside `ignore`.
int differingPixels(const cv::Mat& a, const cv::Mat& b, cv::Rect ignore = {}) {
    cv::Mat a3, b3, diff, gray;
    cv::cvtColor(a, a3, cv::COLOR_BGRA2BGR);
    cv::cvtColor(b, b3, cv::COLOR_BGRA2BGR);
    cv::absdiff(a3, b3, diff);
    cv::cvtColor(diff, gray, cv::COLOR_BGR2GRAY);
    if (ignore.area() > 0) gray(ignore & cv::Rect(cv::Point(), gray.size())).setTo(0);
    return cv::countNonZero(gray);
}

// Moves the pointer out of the way: VNC servers draw the cursor into the framebuffer.
cv::Rect parkPointerInCorner(const std::string& display, cv::Size screen) {
    std::system(("DISPLAY=" + display + " xdotool mousemove " + std::to_string(screen.width - 1) +
                 " " + std::to_string(screen.height - 1))
                    .c_str());
    return {screen.width - 40, screen.height - 40, 40, 40};
}

TEST(X11Capture, ReturnsExactPixelsWithShm) {
    harness::XvfbServer xvfb(kSmall);
    const cv::Mat pattern = harness::makeTestPattern({800, 600}, 1);
    harness::RootPainter(xvfb.display()).paint(pattern);
    capture::X11ScreenSource source(xvfb.display());
    EXPECT_TRUE(source.usesShm());
    EXPECT_EQ(source.size(), cv::Size(800, 600));
    const capture::Frame frame = source.grab();
    ASSERT_EQ(frame.image.type(), CV_8UC4);
    EXPECT_EQ(differingPixels(frame.image, pattern), 0);
    EXPECT_GT(frame.timestampUs, 0);
}

TEST(X11Capture, UnreachableDisplayIsAConnectionError) {
    try {
        capture::X11ScreenSource source(":999");
        FAIL();
    } catch (const ConnectionError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot open X display :999"), std::string::npos);
    }
}

TEST(VncCapture, XvncReturnsExactPixelsAndChangedRegions) {
    harness::XvncServer xvnc(kSmall);
    const cv::Rect cursor = parkPointerInCorner(xvnc.display(), {800, 600});
    const cv::Mat pattern = harness::makeTestPattern({800, 600}, 2);
    harness::RootPainter painter(xvnc.display());
    painter.paint(pattern);

    auto connection = capture::VncConnection::open({.host = "127.0.0.1", .port = xvnc.port()});
    capture::VncScreenSource source(connection);
    ASSERT_TRUE(connection->waitForFullFrame(5s));
    capture::Frame frame = source.grab();
    EXPECT_EQ(differingPixels(frame.image, pattern, cursor), 0);

    // A small change arrives as a small region, not the whole screen. First let the updates
    // of the connection's start (initial full update, pointer parking) drain.
    while (source.waitForChange(150ms)) source.grab();
    const cv::Mat patch = harness::makeTestPattern({64, 32}, 3);
    painter.paint(patch, 100, 200);
    ASSERT_TRUE(source.waitForChange(5s));
    frame = source.grab();
    ASSERT_TRUE(frame.changedRegions.has_value());
    cv::Rect covered;
    for (const auto& r : *frame.changedRegions) covered |= r;
    EXPECT_TRUE((covered & cv::Rect(100, 200, 64, 32)).area() > 0);
    EXPECT_LT(covered.area(), 800 * 600 / 4);
}

TEST(VncCapture, X11vncReturnsExactPixels) {
    harness::XvfbServer xvfb(kSmall);
    harness::X11vncServer x11vnc(xvfb.display());
    const cv::Mat pattern = harness::makeTestPattern({800, 600}, 4);
    harness::RootPainter(xvfb.display()).paint(pattern);
    auto source = capture::openScreenSource({.vnc = x11vnc.address()});
    auto* vnc = dynamic_cast<capture::VncScreenSource*>(source.get());
    ASSERT_TRUE(vnc);
    ASSERT_TRUE(vnc->connection()->waitForFullFrame(10s));
    EXPECT_EQ(differingPixels(source->grab().image, pattern), 0);
}

TEST(VncCapture, PasswordIsCheckedBothWays) {
    const auto dir = std::filesystem::temp_directory_path() / ("hemu-pw-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    harness::writeVncPasswordFile((dir / "passwd").string(), "s3cret!");
    harness::XvncServer xvnc({.width = 320, .height = 240, .passwordFile = (dir / "passwd").string()});

    EXPECT_NO_THROW(capture::VncConnection::open(
        {.host = "127.0.0.1", .port = xvnc.port(), .password = "s3cret!"}));
    try {
        capture::VncConnection::open({.host = "127.0.0.1", .port = xvnc.port(), .password = "wrong"});
        FAIL();
    } catch (const AuthenticationError& e) {
        EXPECT_NE(std::string(e.what()).find("refused the password"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find("wrong"), std::string::npos);  // never echo it
    }
    try {
        capture::VncConnection::open({.host = "127.0.0.1", .port = xvnc.port()});
        FAIL();
    } catch (const AuthenticationError& e) {
        EXPECT_NE(std::string(e.what()).find("asks for a password"), std::string::npos) << e.what();
    }
    std::filesystem::remove_all(dir);
}

TEST(VncCapture, NobodyListeningIsAConnectionError) {
    const int port = harness::freeLoopbackPort();
    try {
        capture::VncConnection::open({.host = "127.0.0.1", .port = port});
        FAIL();
    } catch (const AuthenticationError&) {
        FAIL() << "not an authentication problem";
    } catch (const ConnectionError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot connect to VNC server 127.0.0.1:" +
                                             std::to_string(port)),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace hemu
