#pragma once
// The video half of a recording: grabs a screen at a steady rate on one thread and encodes the
// frames that changed on another, so a slow encoder never stalls the grabbing.
//
//   capture::Frame first = screen->grab();                 // its time is the recording's 0
//   ScreenRecorder video(*screen, first, "rec/screen.mkv", {.fps = 15});
//   ...
//   video.stop();                                          // screen.mkv is complete
//
// Frames are written only when the screen changed since the last written frame (VNC says
// which regions changed; for X11 the pixels are compared), with their grab time as
// presentation time: the file has a variable frame rate, and an idle screen costs nothing.
// When the encoder is still busy with a frame, a newer one replaces the one waiting and the
// older is dropped (counted): the video then skips, the clock does not.
//
// Threading: construct, stop() and the getters from one thread. The screen is used only by
// the capture thread between construction and stop(). onFrame runs on the capture thread.

#include "capture/Frame.h"
#include "capture/ScreenSource.h"
#include "capture/VideoRecorder.h"

#include <functional>
#include <memory>
#include <string>

namespace hemu::record {

struct ScreenRecorderOptions {
    capture::VideoRecorderOptions video{.codec = capture::VideoCodec::H264};
    /// Frames written per second at most. 15 follows a person's clicks and typing closely
    /// enough to see what each event did; screen video of office work needs no more.
    double fps = 15;
    /// Called with every grabbed frame, on the capture thread: a live viewer. May be empty.
    std::function<void(const capture::Frame&)> onFrame;
    /// How often the screen is looked at for onFrame (when set): a viewer feels live at 30/s.
    double viewerFps = 30;
};

class ScreenRecorder {
public:
    /// Creates the video file (H264 needs even sizes: an odd last column or row is cut off) and
    /// starts the threads; `firstFrame`, already grabbed from `screen`, is written first and
    /// defines time 0. Throws MediaError if the file cannot be created.
    ScreenRecorder(capture::ScreenSource& screen, const capture::Frame& firstFrame,
                   const std::string& path, ScreenRecorderOptions options = {});
    /// Stops if needed; never throws (errors are logged).
    ~ScreenRecorder();

    ScreenRecorder(const ScreenRecorder&) = delete;
    ScreenRecorder& operator=(const ScreenRecorder&) = delete;

    /// Grabs a last frame, stamped now (so the video lasts as long as the recording), drains
    /// the encoder and finishes the file. Idempotent. Rethrows the first capture error
    /// (ConnectionError: the VNC server went away) or encoder error (MediaError), after the
    /// file was finished as far as it could be.
    void stop();

    /// True once capturing or encoding failed; stop() then says why.
    bool failed() const;
    /// Frames handed to the encoder so far, counting the first; exact after stop().
    int framesWritten() const;
    /// Frames skipped because the encoder was busy.
    int framesDropped() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hemu::record
