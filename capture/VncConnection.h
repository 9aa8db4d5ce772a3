#pragma once
// One connection to a VNC server, shared by the screen source (pixels in) and the input sink
// (pointer and key events out), as a person's VNC viewer shares one.
//
//   auto vnc = VncConnection::open({.host = "127.0.0.1", .port = 5901, .password = pw});
//   vnc->waitForFullFrame(std::chrono::seconds(2));
//   cv::Mat pixels = vnc->copyFramebuffer(nullptr);
//
// Threading: a background thread receives framebuffer updates; every public method may be
// called from any thread. If the server drops the connection the background thread reconnects
// with exponential backoff (ReconnectPolicy); when that gives up, every call throws
// ConnectionError naming the server.

#include <opencv2/core.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hemu::capture {

struct VncOptions {
    std::string host = "127.0.0.1";
    int port = 5900;
    /// Empty means "the server asks for none". Kept in memory only (needed to reconnect).
    std::string password;
    int connectTimeoutS = 5;
    /// RFB encodings in order of preference, e.g. "tight zrle copyrect raw". Empty: "raw" for
    /// a loopback host (no compression beats any compression over a local socket) and
    /// libvncclient's default (tight first) otherwise. $HEMU_VNC_ENCODINGS overrides both.
    std::string encodings;
    /// Reconnect attempts after a drop, waiting 100 ms, 200 ms, 400 ms... between them.
    int reconnectAttempts = 5;
};

class VncConnection {
public:
    /// Connects and completes the handshake; throws ConnectionError (unreachable, refused) or
    /// AuthenticationError (wrong or missing password).
    static std::shared_ptr<VncConnection> open(const VncOptions& options);
    ~VncConnection();

    VncConnection(const VncConnection&) = delete;
    VncConnection& operator=(const VncConnection&) = delete;

    cv::Size size() const;
    /// "host:port".
    std::string address() const;

    /// Copies the framebuffer as CV_8UC4 BGRA and hands over the regions updated since the
    /// previous call (cleared by the call).
    cv::Mat copyFramebuffer(std::vector<cv::Rect>* changedSinceLastCopy);

    /// Waits until some update arrived that was not yet taken by copyFramebuffer.
    bool waitForUpdate(std::chrono::milliseconds timeout);

    /// Requests a full (non-incremental) update and waits until the whole screen arrived.
    bool waitForFullFrame(std::chrono::milliseconds timeout);

    /// Pointer position and button mask (bit 0 = left, 1 = middle, 2 = right, 3/4 = wheel).
    void sendPointer(int x, int y, int buttonMask);
    /// An X keysym pressed or released; the server applies Shift for shifted keysyms.
    void sendKey(std::uint32_t keysym, bool down);

    /// Counts how many times the connection was re-established after a drop.
    int reconnects() const;

    struct Impl;  // opaque; public only so the library's C callbacks can name it

private:
    explicit VncConnection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace hemu::capture
