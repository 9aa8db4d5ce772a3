#pragma once
// A task: what a person would do in a GUI, step by step, in the words they see on screen.
//
//     hemu::policy::Task task = hemu::policy::loadTaskFile("tasks/contact.json");
//     for (const hemu::policy::Step& step : task.steps)
//         std::cout << toString(step.action) << ' ' << step.target << ' ' << step.displayValue();
//
// Task files are JSON, validated strictly: a typo must fail at load time with a message that
// names the file, line:column, step and field, not become a wrong click at run time.
//
//     {"name": "contact",                                  required, non-empty
//      "description": "Fill in the contact form",          optional
//      "timeout_ms": 5000,                                  optional, positive integer
//      "human_seconds": 21.5,                               optional, positive number
//      "steps": [                                           required, non-empty
//        {"action": "fill",   "target": "First name", "value": "Ada"},
//        {"action": "fill",   "target": "Password", "value": "hunter2", "secret": true},
//        {"action": "select", "target": "Country",    "value": "Canada"},
//        {"action": "check",  "target": "Subscribe",  "value": true},
//        {"action": "click",  "target": "OK"},
//        {"action": "key",    "value": "ctrl+s"},
//        {"action": "wait",   "target": "Saved", "timeout_ms": 10000}]}
//
// Step fields, by action ("-" means the field is an error):
//
//     action   target              value
//     fill     non-empty string    string (may be empty: clears the field)
//     select   non-empty string    non-empty string (the option's text)
//     check    non-empty string    boolean (the wanted state)
//     click    non-empty string    -
//     key      -                   non-empty string: a key combo ("ctrl+shift+s", "Return", "F5");
//                                  its syntax is checked where it is lowered to key events
//     wait     non-empty string    -
//
// Any step may have "timeout_ms" (positive integer) and "secret" (boolean). Unknown keys, unknown
// actions and values of the wrong JSON type are errors at every level; so are duplicate keys,
// which JSON parsers otherwise resolve silently.

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hemu::policy {

/// Used when neither the step nor the task sets "timeout_ms".
inline constexpr int kDefaultStepTimeoutMs = 5000;

/// What Step::displayValue() shows instead of a secret value.
inline constexpr std::string_view kSecretMask = "********";

enum class StepAction {
    Invalid,
    Fill,    ///< type text into the field labelled `target`
    Select,  ///< choose the option `text` in the list or combo box labelled `target`
    Check,   ///< set the check box labelled `target` to `checked`
    Click,   ///< click the element showing `target`
    Key,     ///< press the key combo `text` in whatever has focus
    Wait,    ///< wait until `target` is visible
};

struct Step {
    StepAction action = StepAction::Invalid;
    /// The text a person sees on or next to the element. Empty for Key.
    std::string target;
    /// The value of Fill, Select and Key steps; empty for the others.
    std::string text;
    /// The value of Check steps.
    bool checked = false;
    /// This step's own timeout; when unset, Task::defaultTimeoutMs applies.
    std::optional<int> timeoutMs;
    /// The value must never be printed, logged or shown (passwords).
    bool secret = false;

    /// The value as it may be shown to a person or written to a log: kSecretMask for secrets,
    /// "true"/"false" for Check, the text for Fill/Select/Key, "" for Click/Wait.
    std::string displayValue() const;
};

struct Task {
    std::string name;
    std::string description;
    /// Never empty once loaded.
    std::vector<Step> steps;
    /// The file's "timeout_ms", for steps that set none.
    int defaultTimeoutMs = kDefaultStepTimeoutMs;
    /// How long a person took to do this task, measured, for comparison in reports.
    std::optional<double> humanSeconds;
    /// The path or name the task was loaded from, for messages.
    std::string sourcePath;
};

/// A task file that cannot be read, is not JSON, or does not follow the format.
/// what() is one line: "<file>[:<line>:<column>]: [step N ("<action>"): ]<what is wrong>".
/// It never contains the value of a secret step.
class TaskFileError : public std::runtime_error {
public:
    TaskFileError(const std::string& message, std::string file, int line, int column,
                  std::optional<std::size_t> stepIndex, std::string field);

    const std::string& file() const { return file_; }
    /// 1-based; 0 when unknown (e.g. the file could not be read).
    int line() const { return line_; }
    /// 1-based, in characters (UTF-8 code points, a tab counts as one); 0 when unknown.
    int column() const { return column_; }
    /// 0-based index into "steps", when the error is in a step. Messages count from 1.
    std::optional<std::size_t> stepIndex() const { return stepIndex_; }
    /// The JSON key at fault ("value", "timeout_ms", or the unknown key); empty if none.
    const std::string& field() const { return field_; }

private:
    std::string file_;
    int line_ = 0;
    int column_ = 0;
    std::optional<std::size_t> stepIndex_;
    std::string field_;
};

/// Reads and validates a task file. Throws TaskFileError.
Task loadTaskFile(const std::string& path);

/// Validates a task given as JSON text; `sourceName` names it in messages and in
/// Task::sourcePath. Throws TaskFileError.
Task parseTask(std::string_view json, const std::string& sourceName);

/// The action's name as written in task files ("fill", ...); "invalid" for Invalid.
std::string_view toString(StepAction action);

}  // namespace hemu::policy
