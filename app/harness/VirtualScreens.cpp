#include "app/harness/VirtualScreens.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace hemu::harness {
namespace {

using namespace std::chrono_literals;
constexpr auto kStartTimeout = 15s;

// Reads the display number an X server writes to its -displayfd once it accepts clients.
std::string readDisplayNumber(int fd, const std::string& server) {
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (text.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd pfd{fd, POLLIN, 0};
        if (left.count() <= 0 || poll(&pfd, 1, int(left.count())) <= 0)
            throw std::runtime_error(server + " did not report a display number in time");
        char chunk[32];
        const ssize_t n = read(fd, chunk, sizeof chunk);
        if (n <= 0) throw std::runtime_error(server + " exited before it was ready");
        text.append(chunk, std::size_t(n));
    }
    return ":" + text.substr(0, text.find('\n'));
}

bool acceptsConnections(int port) {
    const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(std::uint16_t(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(s);
    return ok;
}

void waitForPort(int port, ChildProcess& process, const std::string& server) {
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (!acceptsConnections(port)) {
        if (!process.running()) throw std::runtime_error(server + " exited before it was ready");
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error(server + " did not listen on port " + std::to_string(port));
        std::this_thread::sleep_for(5ms);  // readiness poll of a server we started
    }
}

struct Pipe {
    int fds[2] = {-1, -1};
    Pipe() {
        if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    }
    ~Pipe() {
        for (int fd : fds)
            if (fd >= 0) close(fd);
    }
    void closeWriteEnd() {
        close(fds[1]);
        fds[1] = -1;
    }
};

std::string geometry(const ScreenOptions& o) {
    return std::to_string(o.width) + "x" + std::to_string(o.height);
}

}  // namespace

int freeLoopbackPort() {
    const int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(s);
        throw std::runtime_error("cannot bind a loopback port");
    }
    socklen_t length = sizeof address;
    getsockname(s, reinterpret_cast<sockaddr*>(&address), &length);
    close(s);
    return ntohs(address.sin_port);
}

void writeVncPasswordFile(const std::string& path, const std::string& password) {
    const std::string command = "vncpasswd -f > '" + path + "'";
    FILE* pipe = popen(command.c_str(), "w");
    if (!pipe) throw std::runtime_error("cannot run vncpasswd");
    std::fprintf(pipe, "%s\n", password.c_str());
    if (pclose(pipe) != 0) throw std::runtime_error("vncpasswd failed (package tigervnc-tools)");
}

XvfbServer::XvfbServer(const ScreenOptions& options) {
    Pipe ready;
    process_ = std::make_unique<ChildProcess>(ChildOptions{
        .argv = {"Xvfb", "-displayfd", std::to_string(ready.fds[1]), "-screen", "0",
                 geometry(options) + "x24", "-nolisten", "tcp", "-noreset"},
        .quiet = true,
        .passFd = ready.fds[1]});
    ready.closeWriteEnd();
    display_ = readDisplayNumber(ready.fds[0], "Xvfb");
}

XvncServer::XvncServer(const ScreenOptions& options) {
    Pipe ready;
    port_ = freeLoopbackPort();
    std::vector<std::string> argv = {
        "Xvnc", "-displayfd", std::to_string(ready.fds[1]), "-geometry", geometry(options),
        "-depth", "24", "-rfbport", std::to_string(port_), "-interface", "127.0.0.1",
        "-nolisten", "tcp", "-AlwaysShared", "-noreset", "-FrameRate", "1000", "-CompareFB", "0"};
    if (options.passwordFile.empty()) {
        argv.insert(argv.end(), {"-SecurityTypes", "None"});
    } else {
        argv.insert(argv.end(), {"-SecurityTypes", "VncAuth", "-PasswordFile", options.passwordFile});
    }
    process_ = std::make_unique<ChildProcess>(
        ChildOptions{.argv = argv, .quiet = true, .passFd = ready.fds[1]});
    ready.closeWriteEnd();
    display_ = readDisplayNumber(ready.fds[0], "Xvnc");
    waitForPort(port_, *process_, "Xvnc");
}

X11vncServer::X11vncServer(const std::string& display, const ScreenOptions& options) {
    port_ = freeLoopbackPort();
    std::vector<std::string> argv = {"x11vnc", "-display", display, "-rfbport",
                                     std::to_string(port_), "-localhost", "-forever", "-shared",
                                     "-quiet", "-nocursor"};
    if (options.passwordFile.empty()) {
        argv.push_back("-nopw");
    } else {
        argv.insert(argv.end(), {"-rfbauth", options.passwordFile});
    }
    process_ = std::make_unique<ChildProcess>(ChildOptions{.argv = argv, .quiet = true});
    waitForPort(port_, *process_, "x11vnc");
}

}  // namespace hemu::harness
