// Task file format: parsing, and the exact messages for every kind of mistake.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/Task.h"

namespace hemu::policy {
namespace {

const std::string kTasksDir = std::string(HEMU_TEST_DATA_DIR) + "/tasks";

constexpr std::string_view kExample = R"({"name": "contact",
 "steps": [{"action": "fill",   "target": "First name", "value": "Ada"},
           {"action": "select", "target": "Country",    "value": "Canada"},
           {"action": "check",  "target": "Subscribe",  "value": true},
           {"action": "click",  "target": "OK"},
           {"action": "key",    "value": "ctrl+s"},
           {"action": "wait",   "target": "Saved", "timeout_ms": 5000}]})";

// The error parseTask throws, or nullopt if it accepts the text.
std::optional<TaskFileError> errorOf(std::string_view json) {
    try {
        parseTask(json, "x.json");
    } catch (const TaskFileError& error) {
        return error;
    }
    return std::nullopt;
}

std::string messageOf(std::string_view json) {
    std::optional<TaskFileError> error = errorOf(json);
    return error ? error->what() : "(accepted)";
}

std::optional<TaskFileError> loadErrorOf(const std::string& path) {
    try {
        loadTaskFile(path);
    } catch (const TaskFileError& error) {
        return error;
    }
    return std::nullopt;
}

// A task around one step; the step starts at line 1, column kStepColumn.
constexpr std::string_view kOneStepPrefix = R"({"name": "t", "steps": [)";
constexpr int kStepColumn = static_cast<int>(kOneStepPrefix.size()) + 1;
std::string oneStep(std::string_view step) {
    return std::string(kOneStepPrefix) + std::string(step) + "]}";
}

void expectExample(const Task& task) {
    EXPECT_EQ(task.name, "contact");
    EXPECT_EQ(task.description, "");
    EXPECT_EQ(task.defaultTimeoutMs, kDefaultStepTimeoutMs);
    EXPECT_FALSE(task.humanSeconds);
    ASSERT_EQ(task.steps.size(), 6u);

    const Step& fill = task.steps[0];
    EXPECT_EQ(fill.action, StepAction::Fill);
    EXPECT_EQ(fill.target, "First name");
    EXPECT_EQ(fill.text, "Ada");
    EXPECT_FALSE(fill.timeoutMs);
    EXPECT_FALSE(fill.secret);

    const Step& select = task.steps[1];
    EXPECT_EQ(select.action, StepAction::Select);
    EXPECT_EQ(select.target, "Country");
    EXPECT_EQ(select.text, "Canada");

    const Step& check = task.steps[2];
    EXPECT_EQ(check.action, StepAction::Check);
    EXPECT_EQ(check.target, "Subscribe");
    EXPECT_TRUE(check.checked);
    EXPECT_EQ(check.text, "");

    const Step& click = task.steps[3];
    EXPECT_EQ(click.action, StepAction::Click);
    EXPECT_EQ(click.target, "OK");
    EXPECT_EQ(click.text, "");

    const Step& key = task.steps[4];
    EXPECT_EQ(key.action, StepAction::Key);
    EXPECT_EQ(key.target, "");
    EXPECT_EQ(key.text, "ctrl+s");

    const Step& wait = task.steps[5];
    EXPECT_EQ(wait.action, StepAction::Wait);
    EXPECT_EQ(wait.target, "Saved");
    EXPECT_EQ(wait.timeoutMs, 5000);
    for (const Step& step : task.steps) EXPECT_FALSE(step.secret);
}

TEST(TaskFile, ParsesTheExample) {
    Task task = parseTask(kExample, "inline");
    expectExample(task);
    EXPECT_EQ(task.sourcePath, "inline");
}

TEST(TaskFile, ParsesOptionalFields) {
    Task task = parseTask(R"({
        "name": "login", "description": "Sign in", "timeout_ms": 8000, "human_seconds": 6.5,
        "steps": [{"action": "fill", "target": "Password", "value": "pw", "secret": true,
                   "timeout_ms": 100},
                  {"action": "check", "target": "Remember me", "value": false, "secret": false},
                  {"action": "fill", "target": "Note", "value": ""}]})",
                          "inline");
    EXPECT_EQ(task.description, "Sign in");
    EXPECT_EQ(task.defaultTimeoutMs, 8000);
    EXPECT_EQ(task.humanSeconds, 6.5);
    ASSERT_EQ(task.steps.size(), 3u);
    EXPECT_TRUE(task.steps[0].secret);
    EXPECT_EQ(task.steps[0].text, "pw");
    EXPECT_EQ(task.steps[0].timeoutMs, 100);
    EXPECT_FALSE(task.steps[1].checked);
    EXPECT_FALSE(task.steps[1].secret);
    // Filling with "" clears a field, so an empty fill value is allowed.
    EXPECT_EQ(task.steps[2].text, "");
}

TEST(TaskFile, AcceptsIntegerHumanSecondsAndByteOrderMark) {
    Task task = parseTask(
        "\xEF\xBB\xBF"
        R"({"name": "t", "human_seconds": 12,
        "steps": [{"action": "click", "target": "OK"}]})",
        "inline");
    EXPECT_EQ(task.humanSeconds, 12.0);
}

// Designated initializers would do, but -Wextra warns about every member left out.
Step makeStep(StepAction action, std::string text = "", bool checked = false, bool secret = false) {
    Step step;
    step.action = action;
    step.text = std::move(text);
    step.checked = checked;
    step.secret = secret;
    return step;
}

TEST(TaskFile, DisplayValueHidesSecrets) {
    EXPECT_EQ(makeStep(StepAction::Fill, "hunter2").displayValue(), "hunter2");
    EXPECT_EQ(makeStep(StepAction::Fill, "hunter2", false, true).displayValue(), "********");
    // Not even its emptiness shows.
    EXPECT_EQ(makeStep(StepAction::Fill, "", false, true).displayValue(), "********");
    EXPECT_EQ(makeStep(StepAction::Check, "", true).displayValue(), "true");
    EXPECT_EQ(makeStep(StepAction::Check, "", false).displayValue(), "false");
    EXPECT_EQ(makeStep(StepAction::Key, "ctrl+s").displayValue(), "ctrl+s");
    EXPECT_EQ(makeStep(StepAction::Click).displayValue(), "");
}

TEST(TaskFile, ActionNames) {
    EXPECT_EQ(toString(StepAction::Fill), "fill");
    EXPECT_EQ(toString(StepAction::Select), "select");
    EXPECT_EQ(toString(StepAction::Check), "check");
    EXPECT_EQ(toString(StepAction::Click), "click");
    EXPECT_EQ(toString(StepAction::Key), "key");
    EXPECT_EQ(toString(StepAction::Wait), "wait");
    EXPECT_EQ(toString(StepAction::Invalid), "invalid");
}

// ---- malformed JSON: nlohmann's byte offset becomes line:column, its prefix is reworded.

TEST(TaskFile, MalformedJsonTrailingComma) {
    std::optional<TaskFileError> error = errorOf("{\"name\": \"t\",\n \"steps\": [\n  {},\n ]}");
    ASSERT_TRUE(error);
    EXPECT_STREQ(error->what(),
                 "x.json:4:2: malformed JSON: unexpected ']', expected '[', '{', or a literal "
                 "(JSON allows no comma after the last element)");
    EXPECT_EQ(error->file(), "x.json");
    EXPECT_EQ(error->line(), 4);
    EXPECT_EQ(error->column(), 2);
    EXPECT_FALSE(error->stepIndex());
    EXPECT_EQ(error->field(), "");

    EXPECT_EQ(messageOf("{\"name\": \"t\",\n}"),
              "x.json:2:1: malformed JSON: unexpected '}', expected string literal "
              "(JSON allows no comma after the last element)");
}

TEST(TaskFile, MalformedJsonPointsAtTheStartOfAnUnexpectedToken) {
    // A forgotten comma: the column is where "steps" starts, not where it ends.
    EXPECT_EQ(messageOf("{\"name\": \"t\"\n \"steps\": []}"),
              "x.json:2:2: malformed JSON: unexpected string literal, expected '}'");
    EXPECT_EQ(messageOf(R"({"name": "t", "steps": [{"action": "click", "target": "OK"}]}})"),
              "x.json:1:62: malformed JSON: unexpected '}', expected end of input");
    EXPECT_EQ(messageOf(R"({"name" "t"})"),
              "x.json:1:9: malformed JSON: unexpected string literal, expected ':'");
}

TEST(TaskFile, MalformedJsonInsideAToken) {
    EXPECT_EQ(messageOf(R"({"name": "t)"),
              "x.json:1:12: malformed JSON: invalid string: missing closing quote");
    EXPECT_EQ(messageOf(R"({'name': 't'})"),
              "x.json:1:2: malformed JSON: invalid literal, expected string literal (JSON strings "
              "take double quotes)");
    EXPECT_EQ(messageOf(R"({"name": tru})"), "x.json:1:13: malformed JSON: invalid literal");
}

TEST(TaskFile, MalformedJsonColumnsCountCharactersNotBytes) {
    // "Café" is 6 characters but 7 bytes: "steps" starts at column 17.
    EXPECT_EQ(messageOf("{\"name\": \"Caf\xC3\xA9\" \"steps\": []}"),
              "x.json:1:17: malformed JSON: unexpected string literal, expected '}'");
    // A byte order mark takes no column.
    EXPECT_EQ(messageOf("\xEF\xBB\xBF{\"name\" 1}"),
              "x.json:1:9: malformed JSON: unexpected number literal, expected ':'");
}

TEST(TaskFile, MalformedJsonEmptyAndHugeNumbers) {
    EXPECT_EQ(messageOf(""), "x.json:1:1: malformed JSON: empty input");
    EXPECT_EQ(messageOf(" \n "), "x.json:1:1: malformed JSON: empty input");
    EXPECT_EQ(messageOf(R"({"name": "t", "timeout_ms": 1e400})"),
              "x.json:1:29: malformed JSON: number out of range");
}

// ---- top level

TEST(TaskFile, TopLevelErrors) {
    const std::string steps = R"("steps": [{"action": "click", "target": "OK"}])";
    EXPECT_EQ(messageOf("[1, 2]"),
              R"(x.json:1:1: expected a JSON object with "name" and "steps", got array)");
    EXPECT_EQ(messageOf("{" + steps + "}"), R"(x.json:1:1: missing field "name")");
    EXPECT_EQ(messageOf(R"({"name": "", )" + steps + "}"),
              R"(x.json:1:10: field "name": must not be empty)");
    EXPECT_EQ(messageOf(R"({"name": " ", )" + steps + "}"),
              R"(x.json:1:10: field "name": must not be only spaces)");
    EXPECT_EQ(messageOf(R"({"name": 5, )" + steps + "}"),
              R"(x.json:1:10: field "name": expected a string, got number)");
    EXPECT_EQ(messageOf(R"({"name": "t", "description": 3, )" + steps + "}"),
              R"(x.json:1:30: field "description": expected a string, got number)");
    EXPECT_EQ(messageOf(R"({"name": "t", "timeout_ms": -1, )" + steps + "}"),
              R"(x.json:1:29: field "timeout_ms": expected a positive integer, got -1)");
    EXPECT_EQ(messageOf(R"({"name": "t", "human_seconds": "fast", )" + steps + "}"),
              R"(x.json:1:32: field "human_seconds": expected a positive number, got string)");
    EXPECT_EQ(messageOf(R"({"name": "t", "human_seconds": 0, )" + steps + "}"),
              R"(x.json:1:32: field "human_seconds": expected a positive number, got 0)");
    EXPECT_EQ(messageOf(R"({"name": "t"})"), R"(x.json:1:1: missing field "steps")");
    EXPECT_EQ(messageOf(R"({"name": "t", "steps": []})"),
              R"(x.json:1:24: field "steps": must contain at least one step)");
    EXPECT_EQ(messageOf(R"({"name": "t", "steps": {}})"),
              R"(x.json:1:24: field "steps": expected an array, got object)");
    EXPECT_EQ(messageOf(R"({"name": "t", "name": "u", )" + steps + "}"),
              R"(x.json:1:15: duplicate field "name")");
}

TEST(TaskFile, UnknownTopLevelFields) {
    std::optional<TaskFileError> error =
        errorOf(R"({"name": "t", "step": [{"action": "click", "target": "OK"}]})");
    ASSERT_TRUE(error);
    EXPECT_STREQ(error->what(), R"(x.json:1:15: unknown field "step" (did you mean "steps"?))");
    EXPECT_EQ(error->field(), "step");
    EXPECT_FALSE(error->stepIndex());

    EXPECT_EQ(messageOf(R"({"name": "t", "author": "me", "steps": []})"),
              R"(x.json:1:15: unknown field "author" (expected one of name, description, )"
              R"(timeout_ms, human_seconds, steps))");
    EXPECT_EQ(messageOf(R"({"name": "t", "humanSeconds": 3, "steps": []})"),
              R"(x.json:1:15: unknown field "humanSeconds" (did you mean "human_seconds"?))");
    // Unknown keys are quoted safely and cut short: the message stays one line.
    EXPECT_EQ(messageOf("{\"a\\nb\": 1}"),
              R"(x.json:1:2: unknown field "a\nb" (expected one of )"
              R"(name, description, timeout_ms, human_seconds, steps))");
    EXPECT_EQ(messageOf("{\"" + std::string(50, 'z') + "\": 1}"),
              R"(x.json:1:2: unknown field ")" + std::string(40, 'z') +
                  R"("... (expected one of name, description, timeout_ms, human_seconds, steps))");
}

// ---- steps: each case names where (the first occurrence of `at` in the step) and what.

struct StepCase {
    std::string_view step;
    std::string_view at;
    std::string_view field;
    std::string_view message;  // after "x.json:1:<column>: "
};

const StepCase kStepCases[] = {
    {R"("click OK")", R"("click OK")", "", R"(step 1: expected an object, got string)"},
    {R"({"target": "OK"})", "{", "action", R"(step 1: missing field "action")"},
    {R"({"action": 1, "target": "OK"})", "1", "action",
     R"(step 1: field "action": expected a string, got number)"},
    {R"({"action": "tap", "target": "OK"})", R"("tap")", "action",
     R"(step 1: unknown action "tap" (expected one of fill, select, check, click, key, wait))"},
    {R"({"action": "clik", "target": "OK"})", R"("clik")", "action",
     R"(step 1: unknown action "clik" (did you mean "click"?))"},
    {R"({"action": "Fill", "target": "A", "value": "b"})", R"("Fill")", "action",
     R"(step 1: unknown action "Fill" (did you mean "fill"?))"},
    {R"({"action": "fill", "target": "First name", "valu": "Ada"})", R"("valu")", "valu",
     R"(step 1 ("fill"): unknown field "valu" (did you mean "value"?))"},
    {R"({"action": "click", "target": "OK", "timeoutMs": 100})", R"("timeoutMs")", "timeoutMs",
     R"(step 1 ("click"): unknown field "timeoutMs" (did you mean "timeout_ms"?))"},
    {R"({"action": "click", "target": "OK", "colour": "red"})", R"("colour")", "colour",
     R"(step 1 ("click"): unknown field "colour" (expected one of action, target, timeout_ms, secret))"},
    {R"({"action": "key", "target": "Editor", "value": "ctrl+s"})", R"("target")", "target",
     R"(step 1 ("key"): field "target" is not allowed in "key" steps)"},
    {R"({"action": "click", "target": "OK", "value": "x"})", R"("value")", "value",
     R"(step 1 ("click"): field "value" is not allowed in "click" steps)"},
    {R"({"action": "wait", "target": "Saved", "value": 1})", R"("value")", "value",
     R"(step 1 ("wait"): field "value" is not allowed in "wait" steps)"},
    {R"({"action": "click", "target": "OK", "target": "Cancel"})", R"("target": "Cancel")",
     "target", R"(step 1 ("click"): duplicate field "target")"},
    // The same key spelled with an escape is the same key.
    {R"({"action": "click", "target": "OK", "t\u0061rget": "Cancel"})", R"("t\u0061rget")",
     "target", R"(step 1 ("click"): duplicate field "target")"},
    {R"({"action": "fill", "value": "Ada"})", "{", "target",
     R"(step 1 ("fill"): missing field "target")"},
    {R"({"action": "fill", "target": "", "value": "Ada"})", R"("")", "target",
     R"(step 1 ("fill"): field "target": must not be empty)"},
    {R"({"action": "click", "target": "  "})", R"("  ")", "target",
     R"(step 1 ("click"): field "target": must not be only spaces)"},
    {R"({"action": "wait", "target": ["Saved"]})", R"(["Saved"])", "target",
     R"(step 1 ("wait"): field "target": expected a string, got array)"},
    {R"({"action": "fill", "target": "First name"})", "{", "value",
     R"(step 1 ("fill"): missing field "value")"},
    {R"({"action": "fill", "target": "Age", "value": 42})", "42", "value",
     R"(step 1 ("fill"): field "value": expected a string, got number)"},
    {R"({"action": "select", "target": "Country", "value": 3})", "3", "value",
     R"(step 1 ("select"): field "value": expected a string, got number)"},
    {R"({"action": "select", "target": "Country", "value": ""})", R"("")", "value",
     R"(step 1 ("select"): field "value": must not be empty)"},
    {R"({"action": "check", "target": "Subscribe"})", "{", "value",
     R"(step 1 ("check"): missing field "value")"},
    {R"({"action": "check", "target": "Subscribe", "value": "true"})", R"("true")", "value",
     R"(step 1 ("check"): field "value": expected a boolean (true or false), got string)"},
    {R"({"action": "key"})", "{", "value", R"(step 1 ("key"): missing field "value")"},
    {R"({"action": "key", "value": ""})", R"("")", "value",
     R"(step 1 ("key"): field "value": must not be empty)"},
    {R"({"action": "key", "value": null})", "null", "value",
     R"(step 1 ("key"): field "value": expected a string, got null)"},
    {R"({"action": "click", "target": "OK", "timeout_ms": 0})", "0", "timeout_ms",
     R"(step 1 ("click"): field "timeout_ms": expected a positive integer, got 0)"},
    {R"({"action": "click", "target": "OK", "timeout_ms": -5})", "-5", "timeout_ms",
     R"(step 1 ("click"): field "timeout_ms": expected a positive integer, got -5)"},
    {R"({"action": "click", "target": "OK", "timeout_ms": 2.5})", "2.5", "timeout_ms",
     R"(step 1 ("click"): field "timeout_ms": expected a positive integer, got 2.5)"},
    {R"({"action": "click", "target": "OK", "timeout_ms": "100"})", R"("100")", "timeout_ms",
     R"(step 1 ("click"): field "timeout_ms": expected a positive integer, got string)"},
    {R"({"action": "click", "target": "OK", "timeout_ms": 3000000000})", "3000000000", "timeout_ms",
     R"(step 1 ("click"): field "timeout_ms": must be at most 2147483647, got 3000000000)"},
    {R"({"action": "click", "target": "OK", "secret": "yes"})", R"("yes")", "secret",
     R"(step 1 ("click"): field "secret": expected a boolean (true or false), got string)"},
};

TEST(TaskFile, StepErrors) {
    for (const StepCase& c : kStepCases) {
        SCOPED_TRACE(c.step);
        std::optional<TaskFileError> error = errorOf(oneStep(c.step));
        ASSERT_TRUE(error);
        int column = kStepColumn + static_cast<int>(c.step.find(c.at));
        EXPECT_EQ(error->what(),
                  "x.json:1:" + std::to_string(column) + ": " + std::string(c.message));
        EXPECT_EQ(error->line(), 1);
        EXPECT_EQ(error->column(), column);
        EXPECT_EQ(error->stepIndex(), 0u);
        EXPECT_EQ(error->field(), c.field);
    }
}

TEST(TaskFile, StepErrorsNameTheStepAndItsLine) {
    std::optional<TaskFileError> error = errorOf(R"({"name": "t", "steps": [
  {"action": "click", "target": "OK"},
  {"action": "click", "target": "OK"},
  {"action": "select", "target": "Country", "value": 3}]})");
    ASSERT_TRUE(error);
    EXPECT_STREQ(error->what(),
                 R"(x.json:4:54: step 3 ("select"): field "value": expected a string, got number)");
    EXPECT_EQ(error->stepIndex(), 2u);
    EXPECT_EQ(error->field(), "value");
    EXPECT_EQ(error->line(), 4);
    EXPECT_EQ(error->column(), 54);
}

// ---- secrets: whatever is wrong, the value of a secret step is not in the message.

TEST(TaskFile, SecretValuesNeverAppearInMessages) {
    const std::vector<std::string> bad = {
        // Validation errors on a secret step.
        oneStep(
            R"({"action": "fill", "target": "Password", "value": "hunter2", "secret": true, "x": 1})"),
        oneStep(R"({"action": "click", "target": "Password", "value": "hunter2", "secret": true})"),
        oneStep(R"({"action": "check", "target": "Password", "value": "hunter2", "secret": true})"),
        oneStep(
            R"({"action": "fill", "target": "Password", "value": ["hunter2"], "secret": true})"),
        oneStep(R"({"action": "fill", "target": "Password", "value": "hunter2", "secret": "yes"})"),
        oneStep(
            R"({"action": "fill", "target": "Password", "value": "hunter2", "value": "hunter2", "secret": true})"),
        oneStep(
            R"({"action": "fill", "target": "Password", "value": "hunter2", "secret": true, "timeout_ms": 0})"),
        R"({"name": "t", "steps": [{"action": "fill", "target": "Password", "value": "hunter2", "secret": true}], "steps": 1})",
        // Malformed JSON around a secret: nlohmann would quote the token it was reading.
        oneStep(R"({"action": "fill", "target": "Password", "value": hunter2, "secret": true})"),
        oneStep("{\"action\": \"fill\", \"target\": \"Password\", \"value\": \"hunter2\nx\", "
                "\"secret\": true}"),
        oneStep("{\"action\": \"fill\", \"target\": \"Password\", \"value\": \"hunter2\x01\", "
                "\"secret\": true}"),
        oneStep(
            R"({"action": "fill", "target": "Password", "value": "hunter2\q", "secret": true})"),
        oneStep(
            R"({"action": "fill", "target": "Password", "value": "hunter2\u12", "secret": true})"),
        oneStep(R"({"action": "fill", "target": "Password", "value": "hunter2" "secret": true})"),
        R"({"name": "t", "steps": [{"action": "fill", "target": "Password", "secret": true, "value": "hunter2)",
    };
    for (const std::string& json : bad) {
        SCOPED_TRACE(json);
        std::string message = messageOf(json);
        EXPECT_NE(message, "(accepted)");
        EXPECT_EQ(message.find("hunter"), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
}

TEST(TaskFile, MalformedSecretStillGetsAPosition) {
    std::string json = oneStep(
        "{\"action\": \"fill\", \"target\": \"P\", \"value\": \"hunter2\nx\", \"secret\": true}");
    EXPECT_EQ(messageOf(json),
              R"(x.json:1:76: malformed JSON: invalid string: control character U+000A (LF) must )"
              R"(be escaped to \u000A or \n)");
}

// ---- files

TEST(TaskFile, LoadsGoodFiles) {
    Task contact = loadTaskFile(kTasksDir + "/contact.json");
    expectExample(contact);
    EXPECT_EQ(contact.sourcePath, kTasksDir + "/contact.json");

    Task login = loadTaskFile(kTasksDir + "/login.json");
    EXPECT_EQ(login.name, "login");
    EXPECT_EQ(login.description, "Sign in to the demo app with a test account");
    EXPECT_EQ(login.defaultTimeoutMs, 8000);
    EXPECT_EQ(login.humanSeconds, 6.5);
    ASSERT_EQ(login.steps.size(), 5u);
    EXPECT_TRUE(login.steps[1].secret);
    EXPECT_EQ(login.steps[1].text, "correct horse battery staple");
    EXPECT_EQ(login.steps[1].displayValue(), "********");
    EXPECT_EQ(login.steps[2].action, StepAction::Check);
    EXPECT_FALSE(login.steps[2].checked);
    EXPECT_EQ(login.steps[3].timeoutMs, 2000);
    EXPECT_EQ(login.steps[4].target, "Welcome, Ada");
}

TEST(TaskFile, LoadReportsFileAndPosition) {
    const std::string trailing = kTasksDir + "/bad_trailing_comma.json";
    std::optional<TaskFileError> error = loadErrorOf(trailing);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what(), trailing +
                                 ":5:3: malformed JSON: unexpected ']', expected '[', '{', or a "
                                 "literal (JSON allows no comma after the last element)");
    EXPECT_EQ(error->file(), trailing);

    const std::string typo = kTasksDir + "/bad_unknown_field.json";
    error = loadErrorOf(typo);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what(),
              typo + R"(:5:48: step 2 ("fill"): unknown field "valu" (did you mean "value"?))");
    EXPECT_EQ(error->line(), 5);
    EXPECT_EQ(error->column(), 48);
    EXPECT_EQ(error->stepIndex(), 1u);
    EXPECT_EQ(error->field(), "valu");

    const std::string secret = kTasksDir + "/bad_secret_type.json";
    error = loadErrorOf(secret);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what(),
              secret + R"(:4:50: step 1 ("fill"): field "value": expected a string, got number)");
    EXPECT_EQ(std::string(error->what()).find("4711"), std::string::npos);
}

TEST(TaskFile, LoadReportsUnreadableFiles) {
    const std::string missing = kTasksDir + "/missing.json";
    std::optional<TaskFileError> error = loadErrorOf(missing);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what(), missing + ": cannot read file: No such file or directory");
    EXPECT_EQ(error->file(), missing);
    EXPECT_EQ(error->line(), 0);
    EXPECT_EQ(error->column(), 0);
    EXPECT_FALSE(error->stepIndex());

    error = loadErrorOf(kTasksDir);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what(), kTasksDir + ": cannot read file: Is a directory");
}

}  // namespace
}  // namespace hemu::policy
