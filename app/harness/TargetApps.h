#pragma once
// Target applications for tests and benchmarks: the form lab (ours, Qt) and zenity (GTK, from Debian),
// started on a given display and always stopped.

#include "app/harness/ChildProcess.h"
#include "capture/ScreenSource.h"

#include <opencv2/core.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace hemu::harness {

struct FormControl {
    std::string id, type, text, label;
    cv::Rect box;  ///< screen coordinates
    cv::Point center() const { return {box.x + box.width / 2, box.y + box.height / 2}; }
};

/// The form lab showing a spec; the constructor returns once it printed its "ready" line,
/// which lists every control's screen box.
class FormLab {
public:
    FormLab(const std::string& display, const std::string& specPath);
    const FormControl& control(const std::string& id) const;
    /// Waits for the {"event":"submit"} line; returns its "values" object as JSON text.
    std::string waitForSubmit(std::chrono::milliseconds timeout);
    ChildProcess& process() { return *process_; }

private:
    std::unique_ptr<ChildProcess> process_;
    std::map<std::string, FormControl> controls_;
};

/// GTK's `zenity --entry`: prints the entry's text on stdout when Return is pressed.
class ZenityEntry {
public:
    explicit ZenityEntry(const std::string& display);
    ChildProcess& process() { return *process_; }

private:
    std::unique_ptr<ChildProcess> process_;
};

/// Grabs until some pixel differs from `background`; returns the bounding box of what differs,
/// or nullopt after the timeout. Used to know that a third-party window is on screen.
std::optional<cv::Rect> waitForContent(capture::ScreenSource& screen, std::chrono::milliseconds timeout);

/// A program built next to the running one (build/bin/NAME).
std::string siblingExecutable(const std::string& name);

}  // namespace hemu::harness
