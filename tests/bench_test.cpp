// hemu bench without a display: suite files, checks, run reports, summary, HTML.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "app/bench/Checks.h"
#include "app/bench/HtmlReport.h"
#include "app/bench/RunReport.h"
#include "app/bench/Suite.h"

namespace hemu::bench {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kSuites = HEMU_TEST_DATA_DIR "/suites";

class TempDir {
public:
    TempDir()
        : path_(fs::temp_directory_path() / ("hemu-bench-test-" + std::to_string(getpid()) + "-" +
                                             std::to_string(counter_++))) {
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    const fs::path& path() const { return path_; }

    // Writes `text` to the relative path, creating folders.
    std::string write(const std::string& name, const std::string& text) const {
        const fs::path file = path_ / name;
        fs::create_directories(file.parent_path());
        std::ofstream(file) << text;
        return file.string();
    }

private:
    static inline int counter_ = 0;
    fs::path path_;
};

const std::string kValidTask = R"({"name": "t", "steps": [{"action": "click", "target": "OK"}]})";
const std::string kValidBench =
    R"({"task": "task.json", "launch": ["${HEMU_BIN}/app", "${TASK_DIR}/f.json"],
        "ready": "json-event:ready",
        "check": {"kind": "json-event", "event": "submit", "values": {"a": 1}}})";

// A suite folder with one task "t" whose bench.json is `bench`.
void writeSuite(const TempDir& dir, const std::string& bench,
                const std::string& suite = R"({"name": "s"})") {
    dir.write("suite.json", suite);
    dir.write("t/task.json", kValidTask);
    dir.write("t/bench.json", bench);
}

// The SuiteFileError message of loading `dir`, or "" if it loads.
std::string loadError(const TempDir& dir,
                      const SuiteLoadOptions& options = {.hemuBinDir = "/bin"}) {
    try {
        loadSuite(dir.path().string(), options);
    } catch (const SuiteFileError& e) {
        return e.what();
    }
    return "";
}

#define EXPECT_CONTAINS(text, part)                            \
    EXPECT_NE(std::string(text).find(part), std::string::npos) \
        << "wanted \"" << (part) << "\" in: " << (text)

TEST(BenchSuite, LoadsTheMiniSuiteWithPathsAndVariablesResolved) {
    const Suite suite = loadSuite(kSuites + "/mini/", {.hemuBinDir = "/opt/hemu/bin"});
    EXPECT_EQ(suite.name, "mini");
    EXPECT_EQ(suite.widthPx, 640);
    EXPECT_EQ(suite.heightPx, 480);
    EXPECT_EQ(suite.dir, kSuites + "/mini");
    ASSERT_EQ(suite.tasks.size(), 4u);
    EXPECT_EQ(suite.tasks[0].name, "fill-name");  // sorted by folder name
    const BenchTask& fill = suite.tasks[0];
    EXPECT_EQ(fill.taskFile, kSuites + "/mini/fill-name/task.json");
    ASSERT_EQ(fill.launch.size(), 4u);
    EXPECT_EQ(fill.launch[0], "/opt/hemu/bin/hemu-formlab");
    EXPECT_EQ(fill.launch[1], kSuites + "/mini/form.json");
    EXPECT_EQ(fill.ready.kind, ReadyKind::JsonEvent);
    EXPECT_EQ(fill.ready.event, "ready");
    EXPECT_EQ(fill.check.kind, CheckKind::JsonEvent);
    EXPECT_EQ(fill.check.values, nlohmann::json({{"name", "Ada"}}));
    EXPECT_EQ(fill.timeoutSeconds, 30);
    EXPECT_FALSE(fill.humanSeconds);

    const BenchTask& open = suite.tasks[2];
    EXPECT_EQ(open.name, "still-open");
    EXPECT_EQ(open.ready.kind, ReadyKind::Screen);
    EXPECT_EQ(open.check.kind, CheckKind::Command);
    EXPECT_EQ(open.env.at("QT_SCALE_FACTOR"), "1");
    ASSERT_TRUE(open.humanSeconds);
    EXPECT_EQ(*open.humanSeconds, 12.0);

    // ${RESOURCES} is two folders up from the suite.
    const Suite slow = loadSuite(kSuites + "/slow", {.hemuBinDir = "/b"});
    EXPECT_EQ(fs::path(slow.tasks.at(0).launch.at(1)).lexically_normal(),
              fs::path(kSuites + "/mini/form.json"));
}

TEST(BenchSuite, DefaultsAndSharedFolders) {
    TempDir dir;
    writeSuite(dir, kValidBench);
    dir.write("shared/readme.txt", "not a task: no bench.json");
    const Suite suite = loadSuite(dir.path().string(), {.hemuBinDir = "/b"});
    ASSERT_EQ(suite.tasks.size(), 1u);
    EXPECT_EQ(suite.widthPx, 1024);
    EXPECT_EQ(suite.heightPx, 768);
    EXPECT_EQ(suite.tasks[0].timeoutSeconds, kDefaultTaskTimeoutSeconds);
    EXPECT_EQ(suite.tasks[0].launch[1], dir / "t/f.json");
}

TEST(BenchSuite, ErrorsNameTheFileAndKey) {
    struct Case {
        std::string bench;
        std::string key;
        std::string message;
    };
    const std::vector<Case> cases = {
        {R"({"task": "task.json", "lanch": []})", "lanch", "unknown key (known: task, launch"},
        {R"({"launch": ["a"], "ready": "screen", "check": {"kind": "stdout", "expected": ""}})",
         "task", "missing"},
        {R"({"task": "nope.json", "launch": ["a"], "ready": "screen", "check": {"kind": "stdout", "expected": ""}})",
         "task", "no task file at"},
        {R"({"task": "task.json", "launch": "app", "ready": "screen", "check": {"kind": "stdout", "expected": ""}})",
         "launch", "expected a non-empty array of strings"},
        {R"({"task": "task.json", "launch": ["a", 3], "ready": "screen", "check": {"kind": "stdout", "expected": ""}})",
         "launch[1]", "expected a string, got number"},
        {R"({"task": "task.json", "launch": ["${HEMU_BINS}/a"], "ready": "screen", "check": {"kind": "stdout", "expected": ""}})",
         "launch[0]", "unknown variable ${HEMU_BINS}"},
        {R"({"task": "task.json", "launch": ["a"], "ready": "visible", "check": {"kind": "stdout", "expected": ""}})",
         "ready", "expected \"json-event:EVENT\" or \"screen\""},
        {R"({"task": "task.json", "launch": ["a"], "ready": "screen", "check": {"kind": "jsonevent"}})",
         "check.kind", "unknown kind \"jsonevent\""},
        {R"({"task": "task.json", "launch": ["a"], "ready": "screen", "check": {"kind": "stdout", "expect": "x"}})",
         "check.expect", "unknown key"},
        {R"({"task": "task.json", "launch": ["a"], "ready": "screen", "check": {"kind": "json-event", "event": "submit", "values": [1]}})",
         "check.values", "expected an object, got array"},
        {R"({"task": "task.json", "launch": ["a"], "ready": "screen", "check": {"kind": "command", "argv": []}})",
         "check.argv", "non-empty array"},
        {R"({"task": "task.json", "launch": ["a"], "ready": "screen", "check": {"kind": "stdout", "expected": ""}, "timeout_s": 0})",
         "timeout_s", "expected a positive number"},
        {R"({"task": "task.json", "launch": ["a"], "ready": "screen", "check": {"kind": "stdout", "expected": ""}, "env": {"A": 1}})",
         "env.A", "expected a string"},
        {R"({"task": "task.json", "launch": ["a"], "ready": "screen", "check": {"kind": "stdout", "expected": ""}, "human": "rec"})",
         "human", "no recording at"},
        {R"({"task": "task.json", "task": "task.json"})", "task", "appears twice"},
    };
    for (const auto& c : cases) {
        TempDir dir;
        writeSuite(dir, c.bench);
        const std::string error = loadError(dir);
        SCOPED_TRACE(c.bench);
        EXPECT_TRUE(error.starts_with(dir / "t/bench.json: " + c.key + ": ")) << error;
        EXPECT_CONTAINS(error, c.message);
        EXPECT_EQ(error.find('\n'), std::string::npos) << "one line";
    }
}

TEST(BenchSuite, SuiteFileAndSyntaxErrors) {
    {
        TempDir dir;
        writeSuite(dir, kValidBench, R"({"name": "s", "screen": [1024]})");
        EXPECT_CONTAINS(loadError(dir), dir / "suite.json: screen: expected [WIDTH, HEIGHT]");
    }
    {
        TempDir dir;
        writeSuite(dir, kValidBench, R"({"name": "s", "size": [1, 2]})");
        EXPECT_CONTAINS(loadError(dir), dir / "suite.json: size: unknown key");
    }
    {
        TempDir dir;
        writeSuite(dir, "{\"task\": \"task.json\",\n \"launch\": [\"a\",]}");
        EXPECT_CONTAINS(loadError(dir), dir / "t/bench.json:2:17: ");
    }
    {
        TempDir dir;
        dir.write("t/bench.json", kValidBench);
        EXPECT_CONTAINS(loadError(dir), dir / "suite.json: missing");
    }
    {
        TempDir dir;
        dir.write("suite.json", R"({"name": "s"})");
        EXPECT_CONTAINS(loadError(dir), "no tasks");
    }
    EXPECT_THROW(loadSuite("/nonexistent/suite", {}), SuiteFileError);
}

TEST(BenchSuite, TaskFilesAreValidatedByTheGivenFunction) {
    TempDir dir;
    writeSuite(dir, kValidBench);
    std::vector<std::string> validated;
    const std::string error =
        loadError(dir, {.hemuBinDir = "/b", .validateTaskFile = [&](const std::string& file) {
                            validated.push_back(file);
                            throw std::runtime_error(file + ":1:2: bad step");
                        }});
    EXPECT_EQ(validated, std::vector<std::string>{dir / "t/task.json"});
    EXPECT_EQ(error, dir / "t/bench.json: task: " + dir / "t/task.json:1:2: bad step");
}

TEST(BenchChecks, JsonEvent) {
    CheckSpec check{.kind = CheckKind::JsonEvent,
                    .event = "submit",
                    .values = {{"name", "Ada"}, {"age", 36}, {"ok", true}}};
    const std::string ready = R"({"event":"ready","controls":[]})"
                              "\n";
    // Key order does not matter, 36.0 is 36; the last submit line counts.
    EXPECT_TRUE(checkAppOutput(
                    check, ready +
                               R"({"event":"submit","values":{"name":"Bob"}})"
                               "\n"
                               R"({"event":"submit","values":{"ok":true,"age":36.0,"name":"Ada"}})"
                               "\n")
                    .passed);
    EXPECT_TRUE(checkAppOutput(check,
                               "not json\n"
                               R"({"event":"submit","values":{"name":"Ada","age":36,"ok":true}})")
                    .passed);

    const auto wrong = checkAppOutput(
        check, ready + R"({"event":"submit","values":{"name":"Bob","ok":true,"extra":1}})");
    EXPECT_FALSE(wrong.passed);
    EXPECT_CONTAINS(wrong.reason, "name: got \"Bob\", want \"Ada\"");
    EXPECT_CONTAINS(wrong.reason, "age: missing, want 36");
    EXPECT_CONTAINS(wrong.reason, "extra: not expected, got 1");

    const auto none = checkAppOutput(check, ready);
    EXPECT_FALSE(none.passed);
    EXPECT_CONTAINS(none.reason, "no \"submit\" event (1 lines on stdout)");
    EXPECT_FALSE(checkAppOutput(check, R"({"event":"submit"})").passed);
}

TEST(BenchChecks, Stdout) {
    const CheckSpec check{.kind = CheckKind::Stdout, .expectedStdout = "Ada|Lovelace|TRUE|\n"};
    EXPECT_TRUE(checkAppOutput(check, "Ada|Lovelace|TRUE|\n").passed);
    const auto noNewline = checkAppOutput(check, "Ada|Lovelace|TRUE|");
    EXPECT_FALSE(noNewline.passed);
    EXPECT_EQ(noNewline.reason,
              R"(stdout differs: got "Ada|Lovelace|TRUE|", want "Ada|Lovelace|TRUE|\n")");
    EXPECT_FALSE(checkAppOutput(check, "").passed);
}

TEST(BenchChecks, CommandExitCodeAndOutput) {
    TempDir dir;
    int polls = 0;
    auto keepWaiting = [&] {
        ++polls;
        return true;
    };
    const auto pass = runCommandCheck(
        {.kind = CheckKind::Command, .argv = {"sh", "-c", "echo \"fine on $DISPLAY\""}}, ":42",
        dir / "check.log", 10s, keepWaiting);
    EXPECT_TRUE(pass.passed);
    EXPECT_EQ(pass.reason, "fine on :42");

    const auto fail = runCommandCheck(
        {.kind = CheckKind::Command, .argv = {"sh", "-c", "echo out; echo wrong >&2; exit 3"}},
        ":42", dir / "check.log", 10s, keepWaiting);
    EXPECT_FALSE(fail.passed);
    EXPECT_EQ(fail.reason, "checker exited 3: out\nwrong");

    const auto missing =
        runCommandCheck({.kind = CheckKind::Command, .argv = {"/nonexistent/checker"}}, ":42",
                        dir / "check.log", 10s, keepWaiting);
    EXPECT_FALSE(missing.passed);
    EXPECT_CONTAINS(missing.reason, "cannot run /nonexistent/checker");

    const auto slow = runCommandCheck({.kind = CheckKind::Command, .argv = {"sleep", "30"}}, ":42",
                                      dir / "check.log", 200ms, keepWaiting);
    EXPECT_FALSE(slow.passed);
    EXPECT_CONTAINS(slow.reason, "did not finish");
    EXPECT_GT(polls, 0);

    const auto stopped = runCommandCheck({.kind = CheckKind::Command, .argv = {"sleep", "30"}},
                                         ":42", dir / "check.log", 10s, [] { return false; });
    EXPECT_EQ(stopped.reason, "interrupted");
}

TEST(BenchRunReport, ToleratesMissingFieldsAndGarbage) {
    TempDir dir;
    EXPECT_FALSE(readRunReport(dir / "absent.json").found);
    EXPECT_FALSE(readRunReport(dir.write("garbage.json", "{not json")).found);
    EXPECT_FALSE(readRunReport(dir.write("array.json", "[1, 2]")).found);

    const RunReport minimal = readRunReport(dir.write("minimal.json", R"({"name": "x"})"));
    EXPECT_TRUE(minimal.found);
    EXPECT_FALSE(minimal.ok);
    EXPECT_FALSE(minimal.seconds);
    EXPECT_EQ(minimal.stepCount(), 0u);
    EXPECT_FALSE(mainCost(minimal.categoryTimesMs()));

    const RunReport full = readRunReport(dir.write("full.json", R"({
        "name": "x", "ok": false, "seconds": 2.5, "human_seconds": "wrong type", "klm_seconds": 9,
        "error": "no OK button", "screenshot": "/tmp/s.png",
        "steps": [{"action": "fill", "time_ms": {"capture": 1, "perceive": 30, "decide": 2, "act": 10, "settle": 7}},
                  {"action": "click", "overlay": "o2.png", "time_ms": {"perceive": 20, "unknown": 1000}},
                  "not an object"]})"));
    EXPECT_EQ(full.ok, false);
    EXPECT_EQ(full.seconds, 2.5);
    EXPECT_FALSE(full.humanSeconds);
    EXPECT_EQ(full.klmSeconds, 9);
    EXPECT_EQ(full.error, "no OK button");
    EXPECT_EQ(full.stepCount(), 3u);
    const CategoryTimesMs times = full.categoryTimesMs();
    EXPECT_EQ(times[1], 50);  // perceive
    EXPECT_EQ(full.overlays(), std::vector<std::string>{"o2.png"});
    const auto cost = mainCost(times);
    ASSERT_TRUE(cost);
    EXPECT_EQ(cost->first, "perceive");
    EXPECT_NEAR(cost->second, 50.0 / 70.0, 1e-9);
}

TaskResult result(const std::string& name, bool ok, double seconds, std::optional<double> human) {
    TaskResult r;
    r.name = name;
    r.ok = r.runOk = r.checkOk = ok;
    r.runDir = "tasks/" + name;
    r.seconds = seconds;
    r.humanSeconds = human;
    if (human && ok) r.speedup = *human / seconds;
    if (!ok) r.reason = "check failed: values differ";
    return r;
}

TEST(BenchResults, SummaryCountsFailuresAsZeroInTheMedian) {
    const std::vector<TaskResult> results = {result("a", true, 2, 8), result("b", true, 4, 8),
                                             result("c", false, 1, 10),
                                             result("d", true, 1, std::nullopt)};
    const BenchSummary s = summarize(results, 12.5);
    EXPECT_EQ(s.tasks, 4);
    EXPECT_EQ(s.succeeded, 3);
    EXPECT_DOUBLE_EQ(s.successRate, 0.75);
    EXPECT_DOUBLE_EQ(*s.medianSpeedup, 2.0);            // {0, 2, 4}
    EXPECT_DOUBLE_EQ(*s.medianSpeedupSuccessful, 3.0);  // {2, 4}
    EXPECT_DOUBLE_EQ(*s.minSpeedupSuccessful, 2.0);
    EXPECT_DOUBLE_EQ(s.totalSeconds, 12.5);

    const BenchSummary empty = summarize({}, 0);
    EXPECT_FALSE(empty.medianSpeedup);
    EXPECT_FALSE(empty.minSpeedupSuccessful);
}

TEST(BenchResults, JsonAndTable) {
    BenchRun run{.suiteName = "s", .settings = {.vnc = true, .repeat = 2}};
    run.results = {result("a", true, 2, 8), result("b", false, 1, std::nullopt)};
    run.results[1].repetition = 2;
    run.summary = summarize(run.results, 3);
    const nlohmann::json json = toJson(run);
    EXPECT_EQ(json["settings"]["vnc"], true);
    EXPECT_EQ(json["tasks"].size(), 2u);
    EXPECT_EQ(json["tasks"][0]["speedup"], 4.0);
    EXPECT_TRUE(json["tasks"][1]["speedup"].is_null());
    EXPECT_EQ(json["tasks"][1]["check_ok"], false);
    EXPECT_EQ(json["summary"]["succeeded"], 1);
    EXPECT_EQ(json["summary"]["min_speedup_successful"], 4.0);

    const std::string table = formatTable(run);
    EXPECT_CONTAINS(table, "task");
    EXPECT_CONTAINS(table, "a #1");
    EXPECT_CONTAINS(table, "4.0x");
    EXPECT_CONTAINS(table, "b #2");
    EXPECT_CONTAINS(table, "check failed: values differ");
    EXPECT_CONTAINS(table, "succeeded 1/2 (50%)");
}

TEST(BenchHtml, TableRowsChartsAndEscaping) {
    TempDir dir;
    BenchRun run{.suiteName = "suite & <friends>", .suiteDescription = "\"quoted\""};
    run.results = {result("plain", true, 2, 8), result("<script>alert(1)</script>", false, 1, 3)};
    run.results[1].run.screenshot = dir / "tasks/x/failure shot.png";
    run.results[1].run.steps = nlohmann::json::parse(
        R"([{"action": "click", "target": "<b>OK</b>", "ok": false, "error": "a < b",
             "time_ms": {"capture": 1, "perceive": 30}, "overlay": "/elsewhere/o.png"}])");
    run.summary = summarize(run.results, 3);
    const std::string html = renderHtmlReport(run, dir.path().string());

    EXPECT_EQ(html.find("<script"), std::string::npos) << "unescaped task name";
    EXPECT_EQ(html.find("<b>OK"), std::string::npos);
    EXPECT_CONTAINS(html, "&lt;script&gt;alert(1)&lt;/script&gt;");
    EXPECT_CONTAINS(html, "suite &amp; &lt;friends&gt;");
    EXPECT_CONTAINS(html, "&quot;quoted&quot;");
    EXPECT_CONTAINS(html, "a &lt; b");
    // One table row per task run (plus the header), in the main table.
    const std::string table = html.substr(html.find("<h2>Tasks</h2>"));
    const std::string mainTable = table.substr(0, table.find("</table>"));
    std::size_t rows = 0;
    for (std::size_t at = mainTable.find("<tr>"); at != std::string::npos;
         at = mainTable.find("<tr>", at + 1))
        ++rows;
    EXPECT_EQ(rows, 3u);
    EXPECT_CONTAINS(mainTable, ">plain</a>");
    EXPECT_CONTAINS(mainTable, "4.0x");
    // Charts are inline SVG; nothing is fetched.
    EXPECT_CONTAINS(html, "<svg");
    EXPECT_CONTAINS(html, "perceive 30 ms");
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
    EXPECT_EQ(html.find("https://"), std::string::npos);
    // Files inside the output folder are linked relatively, others by file:// URL, escaped.
    EXPECT_CONTAINS(html, "href=\"tasks/x/failure%20shot.png\"");
    EXPECT_CONTAINS(html, "src=\"file:///elsewhere/o.png\"");
}

TEST(BenchHtml, EscapeHtml) {
    EXPECT_EQ(escapeHtml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
    EXPECT_EQ(escapeHtml("Grüße"), "Grüße");
}

}  // namespace
}  // namespace hemu::bench
