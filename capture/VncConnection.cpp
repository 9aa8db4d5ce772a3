#include "capture/VncConnection.h"

#include "capture/CaptureError.h"
#include "capture/Log.h"

#include <rfb/rfbclient.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

namespace hemu::capture {
namespace {

// libvncclient reports through two global printf-like hooks. We route them to our logger and
// keep the last error of the calling thread, to explain a failed connect in one line.
thread_local std::string t_lastVncError;

std::string formatVa(const char* format, va_list args) {
    char buffer[512];
    std::vsnprintf(buffer, sizeof buffer, format, args);
    std::string text(buffer);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

void vncLog(const char* format, ...) {
    va_list args;
    va_start(args, format);
    namedLogger("capture.vnc")->trace("libvncclient: {}", formatVa(format, args));
    va_end(args);
}

void vncErr(const char* format, ...) {
    va_list args;
    va_start(args, format);
    t_lastVncError = formatVa(format, args);
    va_end(args);
    namedLogger("capture.vnc")->debug("libvncclient error: {}", t_lastVncError);
}

bool containsNoCase(const std::string& text, const std::string& needle) {
    auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return std::tolower(a) == std::tolower(b); });
    return it != text.end();
}

char g_clientDataTag;  // its address identifies our data on an rfbClient

struct ClientCleanup {
    void operator()(rfbClient* client) const { rfbClientCleanup(client); }
};

}  // namespace

// One connected rfbClient and the pixels it writes into. A reconnect builds a new one.
struct VncClientSlot {
    std::unique_ptr<rfbClient, ClientCleanup> client;
    std::vector<std::uint8_t> pixels;
    VncConnection::Impl* owner = nullptr;
    bool passwordAsked = false;
    std::string password;
};

struct VncConnection::Impl {
    VncOptions options;
    std::string address;
    std::string encodings;  // what we ask for; must outlive the rfbClient that points at it

    mutable std::mutex mutex;  // guards everything below, and every call into the rfbClient
    std::condition_variable changed;
    std::unique_ptr<VncClientSlot> slot;
    enum class State { Invalid, Connected, Reconnecting, Failed, Closed } state = State::Invalid;
    std::string failure;
    std::vector<cv::Rect> dirty;
    std::uint64_t updatesFinished = 0;
    std::uint64_t areaReceived = 0;
    int reconnectCount = 0;

    std::atomic<bool> stopping{false};
    std::thread receiver;

    std::unique_ptr<VncClientSlot> connect();  // no lock held; throws
    void receiveLoop();
    bool reconnect();
    rfbClient* liveClient(std::unique_lock<std::mutex>& lock);  // waits out a reconnect
};

namespace {

rfbBool allocateFramebuffer(rfbClient* client) {
    auto* slot = static_cast<VncClientSlot*>(rfbClientGetClientData(client, &g_clientDataTag));
    slot->pixels.assign(std::size_t(client->width) * client->height * 4, 0);
    client->frameBuffer = slot->pixels.data();
    return TRUE;
}

char* providePassword(rfbClient* client) {
    auto* slot = static_cast<VncClientSlot*>(rfbClientGetClientData(client, &g_clientDataTag));
    slot->passwordAsked = true;
    return strdup(slot->password.c_str());  // libvncclient frees it
}

void onRectangle(rfbClient* client, int x, int y, int w, int h);
void onUpdateFinished(rfbClient* client);

}  // namespace

std::unique_ptr<VncClientSlot> VncConnection::Impl::connect() {
    static std::once_flag hooksInstalled;
    std::call_once(hooksInstalled, [] {
        rfbClientLog = vncLog;
        rfbClientErr = vncErr;
    });
    auto slot = std::make_unique<VncClientSlot>();
    slot->owner = this;
    slot->password = options.password;
    // 8 bits a sample, 3 samples, 4 bytes a pixel; shifts chosen so memory reads B,G,R,X:
    // the same layout as an X11 ZPixmap, so frames need no per-pixel conversion.
    rfbClient* client = rfbGetClient(8, 3, 4);
    client->format.redShift = 16;
    client->format.greenShift = 8;
    client->format.blueShift = 0;
    client->serverHost = strdup(options.host.c_str());
    client->serverPort = options.port;
    client->connectTimeout = unsigned(options.connectTimeoutS);
    client->canHandleNewFBSize = TRUE;
    // Tight's JPEG mode is lossy; perception needs exact pixels.
    client->appData.enableJPEG = FALSE;
    if (!encodings.empty()) client->appData.encodingsString = encodings.c_str();
    // The pointer's shape comes apart from the screen (as VNC viewers ask for it), so the
    // server leaves it out of the pixels, as a local X grab does: drawn in, it stood over the
    // item just clicked and hid letters of the text read back ("Basic" read "Bac").
    client->appData.useRemoteCursor = TRUE;
    client->MallocFrameBuffer = allocateFramebuffer;
    client->GetPassword = providePassword;
    client->GotFrameBufferUpdate = onRectangle;
    client->FinishedFrameBufferUpdate = onUpdateFinished;
    rfbClientSetClientData(client, &g_clientDataTag, slot.get());

    t_lastVncError.clear();
    errno = 0;
    if (!rfbInitClient(client, nullptr, nullptr)) {  // frees the client on failure
        const int connectErrno = errno;
        std::string reason = t_lastVncError.empty() ? "handshake failed" : t_lastVncError;
        if (containsNoCase(reason, "ConnectClientToTcpAddr") && connectErrno != 0)
            reason = std::strerror(connectErrno);  // "Connection refused" says it plainly
        if (slot->passwordAsked && options.password.empty()) {
            throw AuthenticationError("VNC server " + address +
                                      " asks for a password and none was given "
                                      "(use --vnc-password-file or HEMU_VNC_PASSWORD)");
        }
        if (slot->passwordAsked || containsNoCase(reason, "auth")) {
            throw AuthenticationError("VNC server " + address +
                                      " refused the password (authentication failed)");
        }
        throw ConnectionError("cannot connect to VNC server " + address + ": " + reason);
    }
    slot->client.reset(client);
    return slot;
}

namespace {

VncConnection::Impl* ownerOf(rfbClient* client) {
    return static_cast<VncClientSlot*>(rfbClientGetClientData(client, &g_clientDataTag))->owner;
}

// Both callbacks run inside HandleRFBServerMessage, which the receiver calls with the mutex held.
void onRectangle(rfbClient* client, int x, int y, int w, int h) {
    auto* impl = ownerOf(client);
    impl->dirty.emplace_back(x, y, w, h);
    impl->areaReceived += std::uint64_t(w) * h;
}

void onUpdateFinished(rfbClient* client) {
    auto* impl = ownerOf(client);
    ++impl->updatesFinished;
    impl->changed.notify_all();
}

}  // namespace

void VncConnection::Impl::receiveLoop() {
    while (!stopping) {
        rfbClient* client;
        {
            std::lock_guard lock(mutex);
            client = slot->client.get();
        }
        // Waiting needs no lock: it only selects on the socket, while senders may write to it.
        const int ready = WaitForMessage(client, 50'000 /* µs: how soon we notice stopping */);
        bool ok = ready >= 0;
        if (ok && ready > 0) {
            std::lock_guard lock(mutex);
            ok = HandleRFBServerMessage(client);
        }
        if (!ok && !stopping && !reconnect()) return;
    }
}

bool VncConnection::Impl::reconnect() {
    auto log = namedLogger("capture.vnc");
    {
        std::lock_guard lock(mutex);
        state = State::Reconnecting;
    }
    log->warn("VNC server {} dropped the connection; reconnecting", address);
    std::string lastReason;
    auto delay = std::chrono::milliseconds(100);
    for (int attempt = 1; attempt <= options.reconnectAttempts; ++attempt) {
        if (stopping) {
            std::lock_guard lock(mutex);
            state = State::Closed;
            changed.notify_all();
            return false;
        }
        std::this_thread::sleep_for(delay);  // backoff between attempts, not a UI wait
        delay *= 2;
        try {
            auto fresh = connect();
            std::lock_guard lock(mutex);
            slot = std::move(fresh);
            dirty.assign(1, cv::Rect(0, 0, slot->client->width, slot->client->height));
            state = State::Connected;
            ++reconnectCount;
            changed.notify_all();
            log->info("reconnected to VNC server {} (attempt {})", address, attempt);
            return true;
        } catch (const AuthenticationError& e) {
            lastReason = e.what();
            break;  // a password that stopped working will not start working again
        } catch (const ConnectionError& e) {
            lastReason = e.what();
        }
    }
    std::lock_guard lock(mutex);
    state = State::Failed;
    failure = "VNC server " + address + " closed the connection and did not come back after " +
              std::to_string(options.reconnectAttempts) + " attempts" +
              (lastReason.empty() ? "" : " (" + lastReason + ")");
    log->error("{}", failure);
    changed.notify_all();
    return false;
}

rfbClient* VncConnection::Impl::liveClient(std::unique_lock<std::mutex>& lock) {
    // Longest a reconnect can take: the backoff sum plus a connect timeout per attempt.
    const auto reconnectBudget =
        std::chrono::milliseconds(100 << options.reconnectAttempts) +
        std::chrono::seconds(options.connectTimeoutS) * options.reconnectAttempts;
    changed.wait_for(lock, reconnectBudget, [&] { return state != State::Reconnecting; });
    if (state == State::Failed) throw ConnectionError(failure);
    if (state != State::Connected) throw ConnectionError("VNC connection to " + address + " is closed");
    return slot->client.get();
}

VncConnection::VncConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::shared_ptr<VncConnection> VncConnection::open(const VncOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->address = options.host + ":" + std::to_string(options.port);
    impl->encodings = options.encodings;
    if (const char* fromEnv = std::getenv("HEMU_VNC_ENCODINGS")) impl->encodings = fromEnv;
    const bool loopback = options.host == "localhost" || options.host == "::1" ||
                          options.host.rfind("127.", 0) == 0;
    if (impl->encodings.empty() && loopback) impl->encodings = "raw copyrect";
    impl->slot = impl->connect();
    impl->state = Impl::State::Connected;
    Impl* raw = impl.get();
    std::shared_ptr<VncConnection> connection(new VncConnection(std::move(impl)));
    raw->receiver = std::thread([raw] { raw->receiveLoop(); });
    rfbClient* client = raw->slot->client.get();
    namedLogger("capture.vnc")->debug("connected to VNC server {} ({}x{}, \"{}\")", raw->address,
                                      client->width, client->height,
                                      client->desktopName ? client->desktopName : "");
    return connection;
}

VncConnection::~VncConnection() {
    impl_->stopping = true;
    if (impl_->receiver.joinable()) impl_->receiver.join();
    std::lock_guard lock(impl_->mutex);
    impl_->state = Impl::State::Closed;
    impl_->slot.reset();
}

cv::Size VncConnection::size() const {
    std::lock_guard lock(impl_->mutex);
    return {impl_->slot->client->width, impl_->slot->client->height};
}

std::string VncConnection::address() const { return impl_->address; }

cv::Mat VncConnection::copyFramebuffer(std::vector<cv::Rect>* changedSinceLastCopy) {
    std::unique_lock lock(impl_->mutex);
    rfbClient* client = impl_->liveClient(lock);
    cv::Mat view(client->height, client->width, CV_8UC4, client->frameBuffer);
    cv::Mat copy = view.clone();
    if (changedSinceLastCopy) *changedSinceLastCopy = std::move(impl_->dirty);
    impl_->dirty.clear();
    return copy;
}

bool VncConnection::waitForUpdate(std::chrono::milliseconds timeout) {
    std::unique_lock lock(impl_->mutex);
    impl_->liveClient(lock);
    return impl_->changed.wait_for(lock, timeout, [&] {
        return !impl_->dirty.empty() || impl_->state != Impl::State::Connected;
    }) && impl_->state == Impl::State::Connected;
}

bool VncConnection::waitForFullFrame(std::chrono::milliseconds timeout) {
    std::unique_lock lock(impl_->mutex);
    rfbClient* client = impl_->liveClient(lock);
    const std::uint64_t screenArea = std::uint64_t(client->width) * client->height;
    const std::uint64_t areaBefore = impl_->areaReceived;
    if (!SendFramebufferUpdateRequest(client, 0, 0, client->width, client->height, FALSE)) {
        throw ConnectionError("VNC server " + impl_->address + ": cannot request an update");
    }
    // Cursor-only updates also finish an update: judge a full frame by the area received.
    return impl_->changed.wait_for(lock, timeout, [&] {
        return impl_->areaReceived - areaBefore >= screenArea ||
               impl_->state != Impl::State::Connected;
    }) && impl_->state == Impl::State::Connected;
}

void VncConnection::sendPointer(int x, int y, int buttonMask) {
    std::unique_lock lock(impl_->mutex);
    if (!SendPointerEvent(impl_->liveClient(lock), x, y, buttonMask)) {
        throw ConnectionError("VNC server " + impl_->address + ": pointer event not sent");
    }
}

void VncConnection::sendKey(std::uint32_t keysym, bool down) {
    std::unique_lock lock(impl_->mutex);
    if (!SendKeyEvent(impl_->liveClient(lock), keysym, down ? TRUE : FALSE)) {
        throw ConnectionError("VNC server " + impl_->address + ": key event not sent");
    }
}

int VncConnection::reconnects() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->reconnectCount;
}

}  // namespace hemu::capture
