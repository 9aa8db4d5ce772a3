#pragma once
// A window that shows a remote screen live and forwards the person's mouse and keyboard to an
// ActionSink, like a VNC viewer: what `hemu record --vnc` records through.
//
//   LiveViewer viewer(connection->size(), tee, "hemu record 127.0.0.1:5901");
//   ScreenRecorder video(screen, first, path, {.onFrame = [&](auto& f) { viewer.showFrame(f); }});
//   viewer.run([&] { return !stopRequested; });
//   video.stop();   // before the viewer goes: it calls showFrame until then
//
// The remote screen is drawn at its own size from the window's top-left corner, scaled down
// (keeping its shape) only when the window is smaller; window pixel (x, y) is then remote
// pixel (x, y). Keys go as X keysyms (QtKeysyms.h); Tab goes to the remote side, not to Qt's
// focus chain; keys and buttons still held when the window loses focus are released remotely.
//
// Qt lives only in LiveViewer.cpp: hemu constructs no QApplication unless it shows a viewer.
//
// Threading: construct, run() and destroy on the main thread; showFrame() from any thread.
// The sink is called on the main thread.

#include "actuation/ActionSink.h"
#include "capture/Frame.h"

#include <opencv2/core.hpp>

#include <functional>
#include <memory>
#include <string>

namespace hemu::record {

class LiveViewer {
public:
    /// Creates the QApplication on $DISPLAY (requireLocalDisplay(): std::invalid_argument or
    /// ConnectionError when there is none) and the window; nothing shows before run().
    LiveViewer(cv::Size remoteSize, actuation::ActionSink& input, const std::string& title);
    ~LiveViewer();

    LiveViewer(const LiveViewer&) = delete;
    LiveViewer& operator=(const LiveViewer&) = delete;

    /// Shows this frame next (the latest wins). Any thread; cheap (no copy of the pixels).
    void showFrame(const capture::Frame& frame);

    /// Shows the window and runs Qt's event loop until the window is closed, the sink throws,
    /// or keepRunning() returns false (asked every 50 ms, on this thread). Rethrows what the
    /// sink threw (ConnectionError: the server went away).
    void run(const std::function<bool()>& keepRunning);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hemu::record
