#pragma once
// The events.jsonl of a recording: an ActionSink that writes each pointer and key event as one
// JSON object per line, stamped in milliseconds since the recording started.
//
//   InputEventLog log("rec/events.jsonl", origin, {.maskTextKeys = task.hasSecrets});
//   reader.start(log);    // or a viewer forwarding input through a TeeActionSink
//   ...
//   log.close();
//
// Lines (keys in this order; "t_ms" counts from `origin`, the steady-clock instant of the
// video's first frame, so an event at t_ms shows in the video at t_ms):
//
//   {"t_ms":812,"type":"motion","x":400,"y":310}
//   {"t_ms":990,"type":"button","button":1,"down":true,"x":402,"y":311}
//   {"t_ms":1304,"type":"key","keysym":"a","down":true}
//   {"t_ms":1388,"type":"key","keysym":"*","down":false}         a masked key
//
// button is X's number: 1 left, 2 middle, 3 right, 4/5 wheel up/down, 6/7 wheel left/right.
// keysym is X's keysym name (keysymdef.h without XK_: "a", "A", "eacute", "Return", "Shift_L").
//
// Thread-safe: the reader thread writes while another reads the counters.

#include "actuation/ActionSink.h"

#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace hemu::record {

/// What a masked key is written as.
inline constexpr const char* kMaskedKeysym = "*";

/// True for keys whose name could reveal what is typed: every character key (letters, digits,
/// signs, keypad, dead keys, Unicode) and the keys that choose a character's level (Shift, Caps
/// Lock, AltGr, Mode_switch). False for editing, navigation, function keys and Control, Alt,
/// Super: those show how a person worked, not what they typed.
bool keyMayRevealText(std::uint32_t keysym);

struct InputEventLogOptions {
    /// Write keys for which keyMayRevealText() holds as kMaskedKeysym: set when the task has a
    /// secret step. Which field has focus is unknown to a recorder, so it masks for the whole
    /// recording.
    bool maskTextKeys = false;
    /// Motion events closer together than this are thinned (≤ 100 lines/s at 10 ms); the last
    /// position before any other event, and at close(), is always written, with its own time.
    int minMotionIntervalMs = 10;
    /// Milliseconds since `origin`; tests replace it. Default: the steady clock.
    std::function<std::int64_t()> nowMs;
};

class InputEventLog : public actuation::ActionSink {
public:
    /// Creates (truncates) the file. Throws MediaError naming `path` if it cannot.
    InputEventLog(const std::string& path, std::chrono::steady_clock::time_point origin,
                  InputEventLogOptions options = {});
    ~InputEventLog() override;

    void movePointer(int x, int y) override;
    void setButton(actuation::MouseButton button, bool down) override;
    void setKey(std::uint32_t keysym, bool down) override;
    /// Flushes the lines written so far to the file.
    void sync() override;
    std::string describe() const override;

    /// Writes a held-back motion and closes the file. Idempotent; events after it are ignored.
    /// Throws MediaError if the file could not be written.
    void close();

    /// Lines written so far.
    int eventsWritten() const;
    /// t_ms of the first line (any type); nullopt if none.
    std::optional<std::int64_t> firstEventMs() const;
    /// t_ms of the last button or key line; nullopt if none.
    std::optional<std::int64_t> lastActionMs() const;

private:
    struct PendingMotion {
        std::int64_t tMs;
        int x, y;
    };
    std::int64_t now() const;
    void writeLine(const std::string& line, std::int64_t tMs, bool isAction);
    void flushPendingMotion();

    std::string path_;
    std::chrono::steady_clock::time_point origin_;
    InputEventLogOptions options_;
    mutable std::mutex mutex_;
    std::ofstream out_;
    bool closed_ = false;
    int x_ = 0, y_ = 0;
    std::optional<std::int64_t> lastMotionWrittenMs_;
    std::optional<PendingMotion> pendingMotion_;
    int events_ = 0;
    std::optional<std::int64_t> firstEventMs_, lastActionMs_;
};

}  // namespace hemu::record
