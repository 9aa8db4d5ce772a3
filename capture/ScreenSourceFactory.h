#pragma once
// Picks the capture backend for what the user named on the command line.
//
//   ScreenTarget target{.vnc = "127.0.0.1:5901", .vncPasswordFile = "~/.vnc/passwd-plain"};
//   auto source = openScreenSource(target);

#include "capture/ScreenSource.h"
#include "capture/VncConnection.h"

#include <memory>
#include <string>

namespace hemu::capture {

/// Exactly one of display, vnc, video is set.
struct ScreenTarget {
    std::string display;          ///< local X display, ":N"
    std::string vnc;              ///< "HOST:PORT"
    std::string video;            ///< a recording to replay
    std::string vncPasswordFile;  ///< plain-text password file; else $HEMU_VNC_PASSWORD
};

/// Environment variable holding a VNC password (never an argv entry: argv is world-readable).
inline constexpr const char* kVncPasswordEnv = "HEMU_VNC_PASSWORD";

/// Parses "HOST:PORT" (port 1-65535; a bare ":N" or "HOST" is rejected with a hint).
/// Throws std::invalid_argument with a one-line message.
VncOptions parseVncAddress(const std::string& address);

/// The password from the file (first line, without its newline) or the environment; empty if
/// neither is given. Throws std::invalid_argument if the file cannot be read.
std::string readVncPassword(const std::string& passwordFile);

/// Opens the VNC connection a target names (for callers that share it with an input sink).
std::shared_ptr<VncConnection> openVncConnection(const ScreenTarget& target);

/// Opens the backend the target names. Throws ConnectionError / AuthenticationError /
/// MediaError / std::invalid_argument.
std::unique_ptr<ScreenSource> openScreenSource(const ScreenTarget& target);

}  // namespace hemu::capture
