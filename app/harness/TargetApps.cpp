#include "app/harness/TargetApps.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <stdexcept>

namespace hemu::harness {

using nlohmann::json;

std::string siblingExecutable(const std::string& name) {
    // All of hemu's programs are built into one bin/ folder.
    return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / name).string();
}

FormLab::FormLab(const std::string& display, const std::string& specPath) {
    process_ = std::make_unique<ChildProcess>(ChildOptions{
        .argv = {siblingExecutable("hemu-formlab"), specPath},
        .env = {{"DISPLAY", display}, {"QT_QPA_PLATFORM", "xcb"}},
        .captureStdout = true});
    for (;;) {
        auto line = process_->readLine(std::chrono::seconds(20));
        if (!line) throw std::runtime_error("form lab did not report ready for " + specPath);
        const json message = json::parse(*line, nullptr, false);
        if (message.is_discarded() || message.value("event", "") != "ready") continue;
        for (const auto& c : message.at("controls")) {
            FormControl control;
            control.id = c.value("id", "");
            control.type = c.value("type", "");
            control.text = c.value("text", "");
            control.label = c.value("label", "");
            const auto& b = c.at("box");
            control.box = {b[0].get<int>(), b[1].get<int>(), b[2].get<int>(), b[3].get<int>()};
            if (!control.id.empty()) controls_[control.id] = control;
        }
        return;
    }
}

const FormControl& FormLab::control(const std::string& id) const {
    auto it = controls_.find(id);
    if (it == controls_.end()) throw std::runtime_error("form lab has no control " + id);
    return it->second;
}

std::string FormLab::waitForSubmit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto line = process_->readLine(std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()));
        if (!line) break;
        const json message = json::parse(*line, nullptr, false);
        if (!message.is_discarded() && message.value("event", "") == "submit")
            return message.at("values").dump();
    }
    throw std::runtime_error("form lab did not submit in time");
}

ZenityEntry::ZenityEntry(const std::string& display) {
    process_ = std::make_unique<ChildProcess>(ChildOptions{
        .argv = {"zenity", "--entry", "--title=hemu test", "--text=Type here", "--width=900"},
        .env = {{"DISPLAY", display}, {"NO_AT_BRIDGE", "1"}, {"GDK_BACKEND", "x11"}},
        .captureStdout = true,
        .quiet = true});
}

std::optional<cv::Rect> waitForContent(capture::ScreenSource& screen,
                                       std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const cv::Mat first = screen.grab().image;
    const cv::Vec4b background = first.at<cv::Vec4b>(first.rows - 1, first.cols - 1);
    while (std::chrono::steady_clock::now() < deadline) {
        screen.waitForChange(std::chrono::milliseconds(100));
        const cv::Mat image = screen.grab().image;
        cv::Mat diff, differs;
        cv::absdiff(image, cv::Scalar(background[0], background[1], background[2], background[3]),
                    diff);
        cv::cvtColor(diff, differs, cv::COLOR_BGRA2GRAY);
        if (cv::countNonZero(differs) > 1000) return cv::boundingRect(differs);
    }
    return std::nullopt;
}

}  // namespace hemu::harness
