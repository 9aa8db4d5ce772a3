#pragma once
// Watches what a person does with mouse and keyboard on a local X display, through the X RECORD
// extension, and replays it into an ActionSink (typically a log).
//
//   hemu::actuation::XRecordInputReader reader(":1");
//   reader.start(log);   // log's movePointer/setButton/setKey now run on the reader's thread
//   ...
//   reader.stop();
//
// RECORD sees device events as the server dispatches them, from every input device and every
// client (a real keyboard, xdotool, XTest), whichever window has focus; no window or grab of
// ours is involved, so the person's session is undisturbed.
//
// It lives in actuation, not capture: it speaks ActionSink's vocabulary (pointer positions,
// MouseButton, keysyms) and is XTestActionSink's mirror image: one injects device events, the
// other observes them. Capture stays about pixels.
//
// Threading: start() and stop() from one thread; the sink is called from the reader's own
// thread, one call at a time, in server order. Buttons above 5 (X's horizontal wheel 6/7,
// back/forward 8/9) reach the sink as MouseButton values cast from their X number.
//
// Key events are translated to keysyms with the keymap and the modifier state (Shift, Lock,
// AltGr) at the time of the press: Shift+a is "A". A release reports the keysym of its press.

#include "actuation/ActionSink.h"

#include <memory>
#include <string>

namespace hemu::actuation {

class XRecordInputReader {
public:
    /// Opens the two connections RECORD needs (control and data). Throws ConnectionError if
    /// the display cannot be opened or lacks the RECORD extension.
    explicit XRecordInputReader(const std::string& display);
    /// Stops if running. Never throws.
    ~XRecordInputReader();

    XRecordInputReader(const XRecordInputReader&) = delete;
    XRecordInputReader& operator=(const XRecordInputReader&) = delete;

    /// Starts delivering events to `sink` (which must outlive stop()). Returns once the server
    /// has begun recording, so any input after the call is seen. Throws ConnectionError if the
    /// server does not confirm within a few seconds. Call once.
    void start(ActionSink& sink);

    /// Stops recording; every event the server recorded before the call has been delivered
    /// when it returns. Idempotent. Rethrows the first exception the sink threw (after which
    /// no more events were delivered).
    void stop();

    /// "xrecord :1 (RECORD 1.13)".
    std::string describe() const;

private:
    struct Impl;  // keeps <X11/...> out of this header
    std::unique_ptr<Impl> impl_;
};

}  // namespace hemu::actuation
