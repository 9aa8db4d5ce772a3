#include "app/bench/Suite.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace hemu::bench {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr const char* kSuiteFileName = "suite.json";
constexpr const char* kTaskFileName = "bench.json";
// Large enough for any screen a VNC or X server here will make; catches typos like 10240.
constexpr int kMaxScreenPx = 8192;

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
}

std::string typeName(const Json& value) {
    return value.is_number_integer() || value.is_number_float() ? "number" : value.type_name();
}

// Line and column (1-based) of a byte offset, for JSON syntax errors.
std::pair<int, int> lineColumn(const std::string& text, std::size_t offset) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

// Parses a JSON file; syntax errors name line:column, and duplicate keys (which JSON parsers
// otherwise resolve silently, hiding a typo's twin) are errors too.
Json readJsonFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SuiteFileError(path, "", "cannot read the file");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();

    std::vector<std::set<std::string>> keysByDepth;
    std::string duplicate;
    auto callback = [&](int, Json::parse_event_t event, Json& parsed) {
        switch (event) {
            case Json::parse_event_t::object_start:
                keysByDepth.emplace_back();
                break;
            case Json::parse_event_t::object_end:
                keysByDepth.pop_back();
                break;
            case Json::parse_event_t::key:
                if (!keysByDepth.back().insert(parsed.get<std::string>()).second &&
                    duplicate.empty())
                    duplicate = parsed.get<std::string>();
                break;
            default:
                break;
        }
        return true;
    };
    try {
        Json json = Json::parse(text, callback);
        if (!duplicate.empty())
            throw SuiteFileError(path, duplicate, "the key appears twice in one object");
        return json;
    } catch (const Json::parse_error& e) {
        // what() is "[json.exception.parse_error.101] parse error at line 3, column 17: ...":
        // keep only the part after the position, which we give as file:line:column.
        std::string problem = e.what();
        if (auto colon = problem.find(": ", problem.find("parse error"));
            colon != std::string::npos)
            problem = problem.substr(colon + 2);
        auto [line, column] = lineColumn(text, e.byte > 0 ? e.byte - 1 : 0);
        throw SuiteFileError(path + ":" + std::to_string(line) + ":" + std::to_string(column), "",
                             problem);
    }
}

// One JSON object of a suite file, read key by key; every key must be one the format knows.
class ObjectReader {
public:
    ObjectReader(const Json& object, std::string file, std::string prefix,
                 std::vector<std::string> known)
        : object_(object), file_(std::move(file)), prefix_(std::move(prefix)) {
        if (!object_.is_object())
            throw SuiteFileError(file_, prefix_, "expected an object, got " + typeName(object_));
        for (const auto& [key, value] : object_.items()) {
            if (std::find(known.begin(), known.end(), key) == known.end())
                throw SuiteFileError(file_, path(key),
                                     "unknown key (known: " + joined(known) + ")");
        }
    }

    std::string path(const std::string& key) const {
        return prefix_.empty() ? key : prefix_ + "." + key;
    }
    const std::string& file() const { return file_; }
    bool has(const std::string& key) const { return object_.contains(key); }

    const Json& required(const std::string& key) const {
        if (!object_.contains(key)) throw SuiteFileError(file_, path(key), "missing");
        return object_.at(key);
    }

    std::string string(const std::string& key, bool nonEmpty = true) const {
        const Json& value = required(key);
        if (!value.is_string()) fail(key, "expected a string, got " + typeName(value));
        if (nonEmpty && value.get<std::string>().empty()) fail(key, "must not be empty");
        return value.get<std::string>();
    }

    std::optional<std::string> optionalString(const std::string& key) const {
        if (!has(key)) return std::nullopt;
        return string(key, false);
    }

    std::vector<std::string> stringArray(const std::string& key) const {
        const Json& value = required(key);
        if (!value.is_array() || value.empty()) fail(key, "expected a non-empty array of strings");
        std::vector<std::string> out;
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (!value[i].is_string())
                fail(key + "[" + std::to_string(i) + "]",
                     "expected a string, got " + typeName(value[i]));
            out.push_back(value[i].get<std::string>());
        }
        return out;
    }

    double positiveNumber(const std::string& key) const {
        const Json& value = required(key);
        if (!value.is_number() || value.get<double>() <= 0)
            fail(key, "expected a positive number, got " + value.dump());
        return value.get<double>();
    }

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw SuiteFileError(file_, path(key), problem);
    }

private:
    const Json& object_;
    std::string file_;
    std::string prefix_;
};

CheckSpec readCheck(const ObjectReader& task, const std::map<std::string, std::string>& variables) {
    const Json& json = task.required("check");
    const std::string file = task.file();
    // The kind decides which other keys belong: read it first, then validate the rest.
    if (!json.is_object())
        throw SuiteFileError(file, "check", "expected an object, got " + typeName(json));
    if (!json.contains("kind")) throw SuiteFileError(file, "check.kind", "missing");
    if (!json.at("kind").is_string())
        throw SuiteFileError(file, "check.kind",
                             "expected a string, got " + typeName(json.at("kind")));
    const std::string kind = json.at("kind").get<std::string>();

    CheckSpec check;
    if (kind == "json-event") {
        ObjectReader reader(json, file, "check", {"kind", "event", "values"});
        check.kind = CheckKind::JsonEvent;
        check.event = reader.string("event");
        check.values = reader.required("values");
        if (!check.values.is_object())
            reader.fail("values", "expected an object, got " + typeName(check.values));
    } else if (kind == "stdout") {
        ObjectReader reader(json, file, "check", {"kind", "expected"});
        check.kind = CheckKind::Stdout;
        check.expectedStdout = reader.string("expected", false);
    } else if (kind == "command") {
        ObjectReader reader(json, file, "check", {"kind", "argv"});
        check.kind = CheckKind::Command;
        check.argv = reader.stringArray("argv");
        for (std::size_t i = 0; i < check.argv.size(); ++i)
            check.argv[i] = expandVariables(check.argv[i], variables, file,
                                            "check.argv[" + std::to_string(i) + "]");
    } else {
        throw SuiteFileError(file, "check.kind",
                             "unknown kind \"" + kind + "\" (known: json-event, stdout, command)");
    }
    return check;
}

ReadySpec readReady(const ObjectReader& task) {
    const std::string text = task.string("ready");
    constexpr std::string_view kEventPrefix = "json-event:";
    if (text == "screen") return {.kind = ReadyKind::Screen};
    if (text.starts_with(kEventPrefix) && text.size() > kEventPrefix.size())
        return {.kind = ReadyKind::JsonEvent, .event = text.substr(kEventPrefix.size())};
    task.fail("ready", "expected \"json-event:EVENT\" or \"screen\", got \"" + text + "\"");
}

// "human": a `hemu record` folder; its meta.json's "duration_s" is how long the person took.
double readHumanSeconds(const ObjectReader& task, const fs::path& taskDir) {
    const fs::path folder = taskDir / task.string("human");
    const std::string meta = (folder / "meta.json").string();
    if (!fs::exists(meta)) task.fail("human", "no recording at " + meta);
    const Json json = readJsonFile(meta);
    if (!json.is_object() || !json.contains("duration_s") || !json.at("duration_s").is_number() ||
        json.at("duration_s").get<double>() <= 0)
        throw SuiteFileError(meta, "duration_s", "expected a positive number of seconds");
    return json.at("duration_s").get<double>();
}

BenchTask loadTask(const fs::path& taskDir, std::map<std::string, std::string> variables,
                   const std::function<void(const std::string&)>& validateTaskFile) {
    BenchTask task;
    task.name = taskDir.filename().string();
    task.dir = taskDir.string();
    task.benchFile = (taskDir / kTaskFileName).string();
    variables["TASK_DIR"] = task.dir;

    const Json json = readJsonFile(task.benchFile);
    const ObjectReader reader(json, task.benchFile, "",
                              {"task", "launch", "env", "ready", "check", "timeout_s", "human"});

    task.taskFile = (taskDir / reader.string("task")).lexically_normal().string();
    if (!fs::is_regular_file(task.taskFile))
        reader.fail("task", "no task file at " + task.taskFile);
    if (validateTaskFile) {
        try {
            validateTaskFile(task.taskFile);
        } catch (const std::exception& e) {
            // Task file errors already say "<file>:<line>:<column>: ..."; add which bench.json
            // led there.
            throw SuiteFileError(task.benchFile, "task", e.what());
        }
    }

    task.launch = reader.stringArray("launch");
    for (std::size_t i = 0; i < task.launch.size(); ++i)
        task.launch[i] = expandVariables(task.launch[i], variables, task.benchFile,
                                         "launch[" + std::to_string(i) + "]");
    if (reader.has("env")) {
        const Json& env = reader.required("env");
        if (!env.is_object()) reader.fail("env", "expected an object, got " + typeName(env));
        for (const auto& [key, value] : env.items()) {
            if (key.empty() || key.find('=') != std::string::npos)
                reader.fail("env", "\"" + key + "\" is not a variable name");
            if (!value.is_string())
                reader.fail("env." + key, "expected a string, got " + typeName(value));
            task.env[key] =
                expandVariables(value.get<std::string>(), variables, task.benchFile, "env." + key);
        }
    }
    task.ready = readReady(reader);
    task.check = readCheck(reader, variables);
    if (reader.has("timeout_s")) task.timeoutSeconds = reader.positiveNumber("timeout_s");
    if (reader.has("human")) task.humanSeconds = readHumanSeconds(reader, taskDir);
    return task;
}

}  // namespace

SuiteFileError::SuiteFileError(std::string file, std::string key, const std::string& problem)
    : std::runtime_error(file + ": " + (key.empty() ? "" : key + ": ") + problem),
      file_(std::move(file)),
      key_(std::move(key)) {}

std::string expandVariables(const std::string& text,
                            const std::map<std::string, std::string>& variables,
                            const std::string& file, const std::string& key) {
    std::string out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = text.find("${", pos);
        if (start == std::string::npos) break;
        const std::size_t end = text.find('}', start);
        if (end == std::string::npos)
            throw SuiteFileError(file, key, "\"${\" without a closing \"}\"");
        const std::string name = text.substr(start + 2, end - start - 2);
        auto it = variables.find(name);
        if (it == variables.end()) {
            std::vector<std::string> known;
            for (const auto& [k, v] : variables) known.push_back("${" + k + "}");
            throw SuiteFileError(file, key,
                                 "unknown variable ${" + name + "} (known: " + joined(known) + ")");
        }
        out += text.substr(pos, start - pos) + it->second;
        pos = end + 1;
    }
    return out + text.substr(std::min(pos, text.size()));
}

Suite loadSuite(const std::string& suiteDir, const SuiteLoadOptions& options) {
    const fs::path dir = fs::absolute(suiteDir).lexically_normal();
    // "resources/suites/NAME/" normalizes to a trailing empty component; drop it.
    const fs::path root = dir.has_filename() ? dir : dir.parent_path();
    const std::string suiteFile = (root / kSuiteFileName).string();
    if (!fs::is_directory(root)) throw SuiteFileError(root.string(), "", "no such suite folder");
    if (!fs::exists(suiteFile))
        throw SuiteFileError(suiteFile, "", "missing: a suite folder needs one");

    Suite suite;
    suite.dir = root.string();
    const Json json = readJsonFile(suiteFile);
    const ObjectReader reader(json, suiteFile, "", {"name", "description", "screen"});
    suite.name = reader.string("name");
    if (suite.name.find('/') != std::string::npos || suite.name == "." || suite.name == "..")
        reader.fail("name", "must be usable as a folder name");
    suite.description = reader.optionalString("description").value_or("");
    if (reader.has("screen")) {
        const Json& screen = reader.required("screen");
        const bool ok =
            screen.is_array() && screen.size() == 2 &&
            std::all_of(screen.begin(), screen.end(), [](const Json& v) {
                return v.is_number_integer() && v.get<int>() >= 64 && v.get<int>() <= kMaxScreenPx;
            });
        if (!ok)
            reader.fail("screen", "expected [WIDTH, HEIGHT] in pixels (64 to " +
                                      std::to_string(kMaxScreenPx) + "), got " + screen.dump());
        suite.widthPx = screen[0].get<int>();
        suite.heightPx = screen[1].get<int>();
    }

    const std::map<std::string, std::string> variables = {
        {"HEMU_BIN", options.hemuBinDir},
        {"SUITE_DIR", suite.dir},
        // Suites live in resources/suites/NAME: their apps and forms are two levels up.
        {"RESOURCES", root.parent_path().parent_path().string()},
        {"TASK_DIR", ""},  // per task
    };
    std::vector<fs::path> taskDirs;
    for (const auto& entry : fs::directory_iterator(root)) {
        if (entry.is_directory() && fs::exists(entry.path() / kTaskFileName))
            taskDirs.push_back(entry.path());
    }
    std::sort(taskDirs.begin(), taskDirs.end());
    for (const auto& taskDir : taskDirs)
        suite.tasks.push_back(loadTask(taskDir, variables, options.validateTaskFile));
    if (suite.tasks.empty())
        throw SuiteFileError(
            suite.dir, "", "no tasks: a task is a sub-folder with a " + std::string(kTaskFileName));
    return suite;
}

}  // namespace hemu::bench
