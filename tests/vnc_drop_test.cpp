// A VNC server that goes away mid-session: a clean error or a reconnect, never a hang.

#include "app/harness/VirtualScreens.h"
#include "capture/CaptureError.h"
#include "capture/VncScreenSource.h"
#include "actuation/VncActionSink.h"

#include <gtest/gtest.h>

#include <chrono>

namespace hemu {
namespace {

using namespace std::chrono_literals;

TEST(VncDrop, KilledServerGivesAConnectionErrorQuickly) {
    harness::XvncServer xvnc({.width = 320, .height = 240});
    auto connection = capture::VncConnection::open(
        {.host = "127.0.0.1", .port = xvnc.port(), .reconnectAttempts = 2});
    capture::VncScreenSource source(connection);
    actuation::VncActionSink input(connection);
    ASSERT_TRUE(connection->waitForFullFrame(5s));
    EXPECT_NO_THROW(source.grab());

    xvnc.stop();  // SIGTERM, then SIGKILL if needed
    const auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(
        {
            // Until the receiver notices, a grab may still return the last pixels.
            for (;;) {
                source.grab();
                input.movePointer(1, 1);
                source.waitForChange(50ms);
            }
        },
        ConnectionError);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed, 15s);
    try {
        source.grab();
        FAIL();
    } catch (const ConnectionError& e) {
        EXPECT_NE(std::string(e.what()).find("did not come back"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(connection->address()), std::string::npos);
    }
}

TEST(VncDrop, RestartedServerIsReconnected) {
    harness::XvfbServer xvfb({.width = 320, .height = 240});
    auto x11vnc = std::make_unique<harness::X11vncServer>(xvfb.display());
    const int port = x11vnc->port();
    auto connection = capture::VncConnection::open(
        {.host = "127.0.0.1", .port = port, .reconnectAttempts = 8});
    capture::VncScreenSource source(connection);
    ASSERT_TRUE(connection->waitForFullFrame(10s));

    x11vnc.reset();  // stopped by PID
    // A new server on the same port, as a supervisor would restart it.
    harness::ChildProcess restarted({.argv = {"x11vnc", "-display", xvfb.display(), "-rfbport",
                                              std::to_string(port), "-localhost", "-forever",
                                              "-shared", "-quiet", "-nopw"},
                                     .quiet = true});
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (connection->reconnects() == 0 && std::chrono::steady_clock::now() < deadline) {
        try {
            source.waitForChange(100ms);
        } catch (const ConnectionError& e) {
            FAIL() << "gave up instead of reconnecting: " << e.what();
        }
    }
    EXPECT_EQ(connection->reconnects(), 1);
    ASSERT_TRUE(connection->waitForFullFrame(10s));
    EXPECT_EQ(source.grab().image.size(), cv::Size(320, 240));
}

}  // namespace
}  // namespace hemu
