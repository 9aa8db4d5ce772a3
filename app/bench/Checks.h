#pragma once
// Did the application end up where the task wanted it? The three checks of bench.json.
//
//   CheckOutcome outcome = checkAppOutput(task.check, appStdout);   // json-event, stdout
//   CheckOutcome outcome = runCommandCheck(task.check, ":5", "check.log", 30s, keepWaiting);
//
// Each returns a reason a person can act on: what differed, or what the checker printed.

#include <chrono>
#include <functional>
#include <string>

#include "app/bench/Suite.h"

namespace hemu::bench {

struct CheckOutcome {
    bool passed = false;
    /// Why it failed; for command checks also what the checker printed when it passed.
    std::string reason;
};

/// json-event: the last line of `appStdout` that is a JSON object whose "event" is
/// check.event must have a "values" object equal to check.values (JSON equality: key order
/// does not matter, 1 equals 1.0). stdout: `appStdout` must equal check.expectedStdout byte for
/// byte. Throws std::logic_error for a command check.
CheckOutcome checkAppOutput(const CheckSpec& check, const std::string& appStdout);

/// command: runs check.argv with DISPLAY=`display` in the environment, stdout and stderr to
/// `logFile`; passes on exit 0. `keepWaiting` is called every few milliseconds while it runs
/// (the caller drains its application's output there); returning false stops the checker, as
/// does the timeout. The checker is always stopped (with its process group) before returning.
CheckOutcome runCommandCheck(const CheckSpec& check, const std::string& display,
                             const std::string& logFile, std::chrono::milliseconds timeout,
                             const std::function<bool()>& keepWaiting);

}  // namespace hemu::bench
