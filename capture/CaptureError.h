#pragma once
// Errors raised by capture and input backends. The CLI maps all of them to exit code 2.

#include <stdexcept>
#include <string>

namespace hemu {

/// A display or VNC server could not be reached, or went away and did not come back.
class ConnectionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The server refused our credentials (wrong or missing VNC password).
class AuthenticationError : public ConnectionError {
public:
    using ConnectionError::ConnectionError;
};

/// A file we were asked to read or write (video, image) is unusable.
class MediaError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace hemu
