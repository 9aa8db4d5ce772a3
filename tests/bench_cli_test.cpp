// `hemu bench` end to end: real Xvfb/Xvnc servers, the real form lab, and a fake runner
// (tests/data/suites/fake-runner.py) standing in for `hemu run` with the same arguments.
// Every process hemu bench starts inherits a token in its environment; after each run the
// test looks for processes carrying it, which must be none.

#include "tests/TempDir.h"
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "app/harness/ChildProcess.h"

namespace hemu {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using namespace std::chrono_literals;

const std::string kSuites = HEMU_TEST_DATA_DIR "/suites";
const std::string kFakeRunner = HEMU_TEST_DATA_DIR "/suites/fake-runner.py";

#define EXPECT_CONTAINS(text, part)                            \
    EXPECT_NE(std::string(text).find(part), std::string::npos) \
        << "wanted \"" << (part) << "\" in: " << (text)

using TempDir = tests::TempDir;

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string newToken() {
    std::random_device device;
    return "bench-test-" + std::to_string(getpid()) + "-" + std::to_string(device());
}

// PIDs of live processes whose environment holds HEMU_BENCH_TEST_TOKEN=token.
std::vector<pid_t> processesWithToken(const std::string& token) {
    const std::string needle = "HEMU_BENCH_TEST_TOKEN=" + token;
    std::vector<pid_t> pids;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const std::string environ = readFile((entry.path() / "environ").string());
        // Zombies have an empty environ: they are gone in all but name.
        if (environ.find(needle + '\0') != std::string::npos) pids.push_back(std::stoi(name));
    }
    return pids;
}

// hemu bench as a child process, its stdout and stderr in one file.
class Bench {
public:
    Bench(const std::vector<std::string>& args, const TempDir& dir)
        : token_(newToken()), outputFile_(dir / "bench-output.txt") {
        std::vector<std::string> argv = {HEMU_BINARY, "bench"};
        argv.insert(argv.end(), args.begin(), args.end());
        process_.emplace(harness::ChildOptions{
            .argv = argv,
            .env = {{"HEMU_BENCH_TEST_TOKEN", token_}, {"HEMU_BINARY", HEMU_BINARY}},
            .stdoutFile = outputFile_,
            .stderrFile = outputFile_});
    }

    int wait() {
        const auto code = process_->wait(180s);
        EXPECT_TRUE(code) << "hemu bench did not finish";
        return code.value_or(-1);
    }
    pid_t pid() const { return process_->pid(); }
    std::string output() const { return readFile(outputFile_); }
    const std::string& token() const { return token_; }

private:
    std::string token_;
    std::string outputFile_;
    std::optional<harness::ChildProcess> process_;
};

Json readJson(const std::string& path) {
    std::ifstream in(path);
    EXPECT_TRUE(in) << "missing " << path;
    return Json::parse(in, nullptr, false);
}

const Json& taskNamed(const Json& report, const std::string& name, int repetition = 1) {
    for (const Json& task : report.at("tasks"))
        if (task.at("name") == name && task.at("repetition") == repetition) return task;
    static const Json none;
    ADD_FAILURE() << "no task " << name << " in the report";
    return none;
}

TEST(BenchEndToEnd, RunsTheMiniSuiteAndReportsEveryOutcome) {
    TempDir dir;
    const std::string out = dir / "out";
    Bench bench({kSuites + "/mini", "--runner", kFakeRunner, "--out", out}, dir);
    const int exitCode = bench.wait();
    const std::string output = bench.output();
    EXPECT_EQ(exitCode, 1) << output;  // two of four fail, on purpose
    EXPECT_EQ(processesWithToken(bench.token()), std::vector<pid_t>{}) << "processes left behind";

    // stderr is not a terminal here: one progress line per task.
    EXPECT_CONTAINS(output, "[1/4] fill-name: ok");
    EXPECT_CONTAINS(output, "[3/4] still-open: ok");
    EXPECT_CONTAINS(output, "succeeded 2/4 (50%)");

    const Json report = readJson(out + "/report.json");
    ASSERT_TRUE(report.is_object());
    EXPECT_EQ(report["suite"]["name"], "mini");
    EXPECT_EQ(report["settings"]["vnc"], false);
    EXPECT_EQ(report["summary"]["tasks"], 4);
    EXPECT_EQ(report["summary"]["succeeded"], 2);

    const Json& fill = taskNamed(report, "fill-name");
    EXPECT_EQ(fill["ok"], true) << fill.dump(1);
    EXPECT_EQ(fill["run_ok"], true);
    EXPECT_EQ(fill["check_ok"], true);
    EXPECT_EQ(fill["exit_code"], 0);
    EXPECT_GT(fill["seconds"].get<double>(), 0);
    EXPECT_EQ(fill["human_seconds"], 6.5);  // from the fake's report
    EXPECT_NEAR(fill["speedup"].get<double>(), 6.5 / fill["seconds"].get<double>(), 1e-6);
    EXPECT_EQ(fill["steps"].size(), 2u);
    EXPECT_GT(fill["time_ms"]["perceive"].get<double>(), 0);
    EXPECT_TRUE(fs::exists(out + "/tasks/fill-name/report.json"));
    EXPECT_TRUE(fs::exists(out + "/tasks/fill-name/overlays/step-1.png"));
    EXPECT_CONTAINS(readFile(out + "/tasks/fill-name/app.stdout"),
                    R"({"event":"submit","values":{"name":"Ada"}})");

    const Json& wrong = taskNamed(report, "wrong-name");
    EXPECT_EQ(wrong["ok"], false);
    EXPECT_EQ(wrong["run_ok"], true);
    EXPECT_EQ(wrong["check_ok"], false);
    EXPECT_CONTAINS(wrong["reason"].get<std::string>(),
                    "check failed: values differ: name: got \"Bob\", want \"Ada\"");

    const Json& missing = taskNamed(report, "missing-target");
    EXPECT_EQ(missing["ok"], false);
    EXPECT_EQ(missing["run_ok"], false);
    EXPECT_EQ(missing["exit_code"], 1);
    EXPECT_EQ(missing["check_ok"], true);  // the form is still open: the checker found it
    EXPECT_CONTAINS(missing["reason"].get<std::string>(),
                    "hemu run exited 1: no element matches \"Missing <button>\"");
    EXPECT_CONTAINS(missing["screenshot"].get<std::string>(), "failure.png");

    const Json& open = taskNamed(report, "still-open");
    EXPECT_EQ(open["ok"], true) << open.dump(1);
    EXPECT_EQ(open["check_reason"], "the form is still open");
    EXPECT_EQ(open["human_seconds"], 12.0);  // measured, from the task's recording

    const std::string html = readFile(out + "/index.html");
    EXPECT_CONTAINS(html, ">fill-name</a>");
    EXPECT_CONTAINS(html, ">still-open</a>");
    EXPECT_CONTAINS(html, "Missing &lt;button&gt;");
    EXPECT_EQ(html.find("<button>"), std::string::npos);
    EXPECT_CONTAINS(html, "href=\"tasks/missing-target/failure.png\"");
    EXPECT_CONTAINS(html, "src=\"tasks/fill-name/overlays/step-1.png\"");
    EXPECT_CONTAINS(html, "href=\"tasks/fill-name/report.json\"");
}

TEST(BenchEndToEnd, OverVncWithAPrivatePasswordFileRepeated) {
    TempDir dir;
    const std::string out = dir / "out";
    Bench bench({kSuites + "/mini", "--runner", kFakeRunner, "--out", out, "--vnc", "--filter",
                 "fill-*", "--repeat", "2", "--record-video"},
                dir);
    const int exitCode = bench.wait();
    EXPECT_EQ(exitCode, 0) << bench.output();
    EXPECT_EQ(processesWithToken(bench.token()), std::vector<pid_t>{}) << "processes left behind";

    const Json report = readJson(out + "/report.json");
    ASSERT_TRUE(report.is_object());
    EXPECT_EQ(report["settings"]["vnc"], true);
    EXPECT_EQ(report["summary"]["tasks"], 2);
    for (int repetition : {1, 2}) {
        const std::string runDir = out + "/tasks/fill-name-" + std::to_string(repetition);
        const Json& task = taskNamed(report, "fill-name", repetition);
        EXPECT_EQ(task["ok"], true) << task.dump(1) << bench.output();
        EXPECT_EQ(task["video"], "tasks/fill-name-" + std::to_string(repetition) + "/run.mkv");

        // The runner was told to use VNC and a password file only it and we could read;
        // the file is gone after the run.
        const Json called = readJson(runDir + "/fake-runner.json");
        const std::vector<std::string> argv = called["argv"];
        EXPECT_NE(std::find(argv.begin(), argv.end(), "--vnc"), argv.end());
        EXPECT_EQ(std::find(argv.begin(), argv.end(), "--display"), argv.end());
        EXPECT_NE(std::find(argv.begin(), argv.end(), "--record"), argv.end());
        EXPECT_EQ(called["password_file_mode"], "0o600");
        EXPECT_FALSE(fs::exists(called["password_file"].get<std::string>()));
    }
    EXPECT_CONTAINS(readFile(out + "/index.html"), "fill-name #2");
}

TEST(BenchEndToEnd, ARunnerOverTheTimeLimitIsStopped) {
    TempDir dir;
    const std::string out = dir / "out";
    Bench bench(
        {kSuites + "/slow", "--runner", kFakeRunner, "--out", out, "--filter", "never-done"}, dir);
    EXPECT_EQ(bench.wait(), 1) << bench.output();
    EXPECT_EQ(processesWithToken(bench.token()), std::vector<pid_t>{}) << "processes left behind";
    const Json report = readJson(out + "/report.json");
    ASSERT_TRUE(report.is_object());
    const Json& task = taskNamed(report, "never-done");
    EXPECT_EQ(task["ok"], false);
    EXPECT_TRUE(task["exit_code"].is_null());
    EXPECT_CONTAINS(task["reason"].get<std::string>(), "did not finish within the task's 5 s");
}

TEST(BenchEndToEnd, CtrlCStopsEverythingAndKeepsAReport) {
    TempDir dir;
    const std::string out = dir / "out";
    Bench bench(
        {kSuites + "/slow", "--runner", kFakeRunner, "--out", out, "--filter", "wait-forever"},
        dir);
    // The fake runner announces itself once it runs, i.e. once server and app are up.
    const std::string marker = out + "/tasks/wait-forever/fake-runner.json";
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!fs::exists(marker) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(20ms);  // polling for the runner's own signal
    ASSERT_TRUE(fs::exists(marker)) << bench.output();
    const pid_t runner = readJson(marker)["pid"].get<pid_t>();
    EXPECT_EQ(kill(runner, 0), 0) << "the runner should be running";

    kill(bench.pid(), SIGINT);
    EXPECT_EQ(bench.wait(), 128 + SIGINT) << bench.output();
    EXPECT_EQ(processesWithToken(bench.token()), std::vector<pid_t>{}) << "processes left behind";
    EXPECT_CONTAINS(bench.output(), "interrupted");
    const Json report = readJson(out + "/report.json");
    ASSERT_TRUE(report.is_object());
    EXPECT_EQ(report["interrupted"], true);
    EXPECT_EQ(report["tasks"].size(), 0u);
}

TEST(BenchEndToEnd, BadInputIsOneLineAndExitCode2) {
    TempDir dir;
    {
        Bench bench({dir / "no-such-suite"}, dir);
        EXPECT_EQ(bench.wait(), 2);
        EXPECT_EQ(bench.output(), "hemu: " + dir / "no-such-suite" + ": no such suite folder\n");
    }
    {
        fs::create_directories(dir / "bad/t");
        std::ofstream(dir / "bad/suite.json") << R"({"name": "bad"})";
        std::ofstream(dir / "bad/t/task.json")
            << R"({"name": "t", "steps": [{"action": "tap", "target": "OK"}]})";
        std::ofstream(dir / "bad/t/bench.json")
            << R"({"task": "task.json", "launch": ["x"], "ready": "screen", "check": {"kind": "stdout", "expected": ""}})";
        Bench bench({dir / "bad"}, dir);
        EXPECT_EQ(bench.wait(), 2);
        const std::string output = bench.output();
        EXPECT_CONTAINS(output, "hemu: " + dir / "bad/t/bench.json" + ": task: ");
        EXPECT_CONTAINS(output, "unknown action \"tap\"");
        EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1) << output;
    }
    {
        Bench bench({kSuites + "/mini", "--filter", "nothing-*"}, dir);
        EXPECT_EQ(bench.wait(), 2);
        EXPECT_CONTAINS(bench.output(),
                        "no task of suite \"mini\" matches --filter nothing-* (tasks: fill-name, ");
    }
    {
        Bench bench({kSuites + "/mini", "--repeat", "0"}, dir);
        EXPECT_EQ(bench.wait(), 2);
    }
}

}  // namespace
}  // namespace hemu
