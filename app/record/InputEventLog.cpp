#include "app/record/InputEventLog.h"

#include "actuation/Keysyms.h"
#include "capture/CaptureError.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>

namespace hemu::record {

using Json = nlohmann::ordered_json;  // "t_ms" and "type" first, for people reading the file

bool keyMayRevealText(std::uint32_t keysym) {
    // Keysyms from 0xff00 to 0xffff are X's function block (keysymdef.h): editing, motion,
    // function and modifier keys, and the keypad. Everything outside it is a character.
    if (keysym < 0xff00 || keysym > 0xffff) return true;
    if (keysym >= 0xff80 && keysym <= 0xffbd) return true;  // keypad: KP_Space .. KP_9, KP_Equal
    switch (keysym) {
        case 0xff7e:      // Mode_switch
        case 0xffe1:      // Shift_L
        case 0xffe2:      // Shift_R
        case 0xffe5:      // Caps_Lock
        case 0xffe6:      // Shift_Lock
            return true;  // they pick upper case or symbols: half of a password's characters
        default:
            return false;
    }
}

InputEventLog::InputEventLog(const std::string& path, std::chrono::steady_clock::time_point origin,
                             InputEventLogOptions options)
    : path_(path), origin_(origin), options_(std::move(options)) {
    out_.open(path, std::ios::out | std::ios::trunc);
    if (!out_) throw MediaError(path + ": cannot create: " + std::strerror(errno));
}

InputEventLog::~InputEventLog() {
    try {
        close();
    } catch (const std::exception&) {
        // The destructor only runs close() for a log its owner did not close; nothing to add.
    }
}

std::int64_t InputEventLog::now() const {
    if (options_.nowMs) return options_.nowMs();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 origin_)
        .count();
}

void InputEventLog::writeLine(const std::string& line, std::int64_t tMs, bool isAction) {
    out_ << line << '\n';
    ++events_;
    if (!firstEventMs_) firstEventMs_ = tMs;
    if (isAction) lastActionMs_ = tMs;
}

void InputEventLog::flushPendingMotion() {
    if (!pendingMotion_) return;
    const PendingMotion m = *pendingMotion_;
    pendingMotion_.reset();
    writeLine(Json{{"t_ms", m.tMs}, {"type", "motion"}, {"x", m.x}, {"y", m.y}}.dump(), m.tMs,
              false);
    lastMotionWrittenMs_ = m.tMs;
}

void InputEventLog::movePointer(int x, int y) {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    const std::int64_t t = now();
    x_ = x;
    y_ = y;
    pendingMotion_ = PendingMotion{t, x, y};
    if (!lastMotionWrittenMs_ || t - *lastMotionWrittenMs_ >= options_.minMotionIntervalMs)
        flushPendingMotion();
}

void InputEventLog::setButton(actuation::MouseButton button, bool down) {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    const std::int64_t t = now();
    flushPendingMotion();
    writeLine(Json{{"t_ms", t},
                   {"type", "button"},
                   {"button", int(button)},
                   {"down", down},
                   {"x", x_},
                   {"y", y_}}
                  .dump(),
              t, true);
}

void InputEventLog::setKey(std::uint32_t keysym, bool down) {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    const std::int64_t t = now();
    flushPendingMotion();
    const bool masked = options_.maskTextKeys && keyMayRevealText(keysym);
    writeLine(Json{{"t_ms", t},
                   {"type", "key"},
                   {"keysym", masked ? std::string(kMaskedKeysym) : actuation::keysymName(keysym)},
                   {"down", down}}
                  .dump(),
              t, true);
}

void InputEventLog::sync() {
    std::lock_guard lock(mutex_);
    if (!closed_) out_.flush();
}

std::string InputEventLog::describe() const {
    return "event log " + path_;
}

void InputEventLog::close() {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    flushPendingMotion();
    out_.close();
    if (out_.fail()) throw MediaError(path_ + ": cannot write: " + std::strerror(errno));
}

int InputEventLog::eventsWritten() const {
    std::lock_guard lock(mutex_);
    return events_;
}

std::optional<std::int64_t> InputEventLog::firstEventMs() const {
    std::lock_guard lock(mutex_);
    return firstEventMs_;
}

std::optional<std::int64_t> InputEventLog::lastActionMs() const {
    std::lock_guard lock(mutex_);
    return lastActionMs_;
}

}  // namespace hemu::record
