#include "app/bench/Checks.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "app/harness/ChildProcess.h"

namespace hemu::bench {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

// Longest piece of application or checker output quoted in a reason.
constexpr std::size_t kMaxQuotedBytes = 300;

// Output quoted in a reason: JSON-escaped (newlines stay visible, one line), cut short.
std::string quoted(const std::string& text) {
    const bool cut = text.size() > kMaxQuotedBytes;
    return Json(cut ? text.substr(0, kMaxQuotedBytes) : text)
               .dump(-1, ' ', false, Json::error_handler_t::replace) +
           (cut ? "..." : "");
}

std::string describeDifferences(const Json& got, const Json& want) {
    std::string differences;
    auto add = [&](const std::string& text) {
        differences += (differences.empty() ? "" : "; ") + text;
    };
    for (const auto& [key, wanted] : want.items()) {
        if (!got.contains(key))
            add(key + ": missing, want " + wanted.dump());
        else if (got.at(key) != wanted)
            add(key + ": got " + got.at(key).dump() + ", want " + wanted.dump());
    }
    for (const auto& [key, value] : got.items()) {
        if (!want.contains(key)) add(key + ": not expected, got " + value.dump());
    }
    return differences;
}

CheckOutcome checkJsonEvent(const CheckSpec& check, const std::string& appStdout) {
    std::istringstream lines(appStdout);
    std::string line;
    std::optional<Json> last;
    int lineCount = 0;
    while (std::getline(lines, line)) {
        ++lineCount;
        Json message = Json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (message.is_object() && message.contains("event") && message.at("event") == check.event)
            last = std::move(message);
    }
    if (!last) {
        return {.reason = "the app printed no \"" + check.event + "\" event (" +
                          std::to_string(lineCount) + " lines on stdout)"};
    }
    if (!last->contains("values") || !last->at("values").is_object())
        return {.reason = "the last \"" + check.event + "\" event has no \"values\" object"};
    const Json& values = last->at("values");
    if (values == check.values) return {.passed = true};
    return {.reason = "values differ: " + describeDifferences(values, check.values)};
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string trimmed(std::string text) {
    const auto end = text.find_last_not_of(" \t\r\n");
    text.erase(end == std::string::npos ? 0 : end + 1);
    return text.substr(std::min(text.size(), text.find_first_not_of(" \t\r\n")));
}

}  // namespace

CheckOutcome checkAppOutput(const CheckSpec& check, const std::string& appStdout) {
    switch (check.kind) {
        case CheckKind::JsonEvent:
            return checkJsonEvent(check, appStdout);
        case CheckKind::Stdout:
            if (appStdout == check.expectedStdout) return {.passed = true};
            return {.reason = "stdout differs: got " + quoted(appStdout) + ", want " +
                              quoted(check.expectedStdout)};
        default:
            throw std::logic_error("checkAppOutput: not an output check");
    }
}

CheckOutcome runCommandCheck(const CheckSpec& check, const std::string& display,
                             const std::string& logFile, std::chrono::milliseconds timeout,
                             const std::function<bool()>& keepWaiting) {
    if (check.kind != CheckKind::Command) throw std::logic_error("runCommandCheck: not a command");
    std::optional<harness::ChildProcess> checker;
    try {
        checker.emplace(harness::ChildOptions{.argv = check.argv,
                                              .env = {{"DISPLAY", display}},
                                              .stdoutFile = logFile,
                                              .stderrFile = logFile});
    } catch (const std::exception& e) {
        return {.reason = std::string("cannot start the checker: ") + e.what()};
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::optional<int> exitCode;
    while (!(exitCode = checker->wait(5ms))) {
        if (std::chrono::steady_clock::now() > deadline) {
            checker->stop();
            return {.reason = "the checker did not finish in " +
                              std::to_string(timeout.count() / 1000) + " s"};
        }
        if (!keepWaiting()) {
            checker->stop();
            return {.reason = "interrupted"};
        }
    }
    checker->stop();  // leftovers of its process group
    const std::string output = trimmed(readFile(logFile));
    if (*exitCode == 0) return {.passed = true, .reason = output};
    // execvpe failed in the child: the program is not there.
    if (*exitCode == 127 && output.empty())
        return {.reason = "checker exited 127: cannot run " + check.argv.front()};
    return {.reason = "checker exited " + std::to_string(*exitCode) +
                      (output.empty() ? "" : ": " + output)};
}

}  // namespace hemu::bench
