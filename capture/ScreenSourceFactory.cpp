#include "capture/ScreenSourceFactory.h"

#include "capture/VideoScreenSource.h"
#include "capture/VncScreenSource.h"
#include "capture/X11ScreenSource.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace hemu::capture {

VncOptions parseVncAddress(const std::string& address) {
    const auto colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) {
        throw std::invalid_argument("--vnc \"" + address +
                                    "\": expected HOST:PORT, for example 127.0.0.1:5901");
    }
    VncOptions options;
    options.host = address.substr(0, colon);
    if (options.host.size() > 2 && options.host.front() == '[' && options.host.back() == ']')
        options.host = options.host.substr(1, options.host.size() - 2);  // [::1]:5901
    const std::string port = address.substr(colon + 1);
    char* end = nullptr;
    const long value = std::strtol(port.c_str(), &end, 10);
    if (*end != '\0' || value < 1 || value > 65535) {
        throw std::invalid_argument("--vnc \"" + address + "\": port \"" + port +
                                    "\" is not a number from 1 to 65535");
    }
    options.port = int(value);
    return options;
}

std::string readVncPassword(const std::string& passwordFile) {
    if (!passwordFile.empty()) {
        std::ifstream in(passwordFile);
        if (!in) {
            throw std::invalid_argument("--vnc-password-file " + passwordFile +
                                        ": cannot read: " + std::strerror(errno));
        }
        std::string password;
        std::getline(in, password);
        if (!password.empty() && password.back() == '\r') password.pop_back();
        return password;
    }
    const char* fromEnv = std::getenv(kVncPasswordEnv);
    return fromEnv ? fromEnv : "";
}

std::shared_ptr<VncConnection> openVncConnection(const ScreenTarget& target) {
    VncOptions options = parseVncAddress(target.vnc);
    options.password = readVncPassword(target.vncPasswordFile);
    return VncConnection::open(options);
}

std::unique_ptr<ScreenSource> openScreenSource(const ScreenTarget& target) {
    const int named = !target.display.empty() + !target.vnc.empty() + !target.video.empty();
    if (named != 1) {
        throw std::invalid_argument("name exactly one screen: --display :N or --vnc HOST:PORT");
    }
    if (!target.display.empty()) return std::make_unique<X11ScreenSource>(target.display);
    if (!target.vnc.empty()) return std::make_unique<VncScreenSource>(openVncConnection(target));
    return std::make_unique<VideoScreenSource>(target.video);
}

}  // namespace hemu::capture
