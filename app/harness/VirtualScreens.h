#pragma once
// Virtual displays and VNC servers that tests, benchmarks and the demo start and always stop.
//
//   XvfbServer xvfb({.width = 1920, .height = 1080});      // picks a free display number
//   XvncServer xvnc({.passwordFile = "/tmp/x/passwd"});   // X server + VNC on a free port
//   X11vncServer share(xvfb.display());                   // VNC view of an existing display

#include "app/harness/ChildProcess.h"

#include <memory>
#include <string>

namespace hemu::harness {

struct ScreenOptions {
    int width = 1920;
    int height = 1080;
    /// For VNC servers: a TigerVNC password file (vncpasswd -f); empty = no authentication.
    std::string passwordFile;
};

/// Xvfb on a display number the server picks itself (-displayfd), so parallel runs never
/// collide. Returns when the server accepts clients.
class XvfbServer {
public:
    explicit XvfbServer(const ScreenOptions& options = {});
    const std::string& display() const { return display_; }  ///< ":N"
    pid_t pid() const { return process_->pid(); }
    void stop() { process_->stop(); }

private:
    std::unique_ptr<ChildProcess> process_;
    std::string display_;
};

/// TigerVNC's Xvnc: an X server that is also a VNC server, listening on 127.0.0.1 only.
class XvncServer {
public:
    explicit XvncServer(const ScreenOptions& options = {});
    const std::string& display() const { return display_; }
    int port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    pid_t pid() const { return process_->pid(); }
    void stop() { process_->stop(); }

private:
    std::unique_ptr<ChildProcess> process_;
    std::string display_;
    int port_ = 0;
};

/// x11vnc sharing an existing X display on a loopback port.
class X11vncServer {
public:
    explicit X11vncServer(const std::string& display, const ScreenOptions& options = {});
    int port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    pid_t pid() const { return process_->pid(); }
    void stop() { process_->stop(); }

private:
    std::unique_ptr<ChildProcess> process_;
    int port_ = 0;
};

/// A TCP port on 127.0.0.1 that nobody listens on right now.
int freeLoopbackPort();

/// Writes a TigerVNC-format password file for `password` (through vncpasswd's stdin, never
/// argv) at `path`.
void writeVncPasswordFile(const std::string& path, const std::string& password);

}  // namespace hemu::harness
