#include "policy/Task.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace hemu::policy {
namespace {

using Json = nlohmann::json;

// Task files are a few KiB; the cap only stops "hemu run /dev/zero" from eating memory.
constexpr std::size_t kMaxFileBytes = 16 * 1024 * 1024;
// Longest user string (unknown key or action) quoted back in a message, in code points.
constexpr std::size_t kMaxQuotedChars = 40;
constexpr std::size_t kUnknownOffset = std::string_view::npos;

constexpr std::array<std::pair<std::string_view, StepAction>, 6> kActions = {{
    {"fill", StepAction::Fill},
    {"select", StepAction::Select},
    {"check", StepAction::Check},
    {"click", StepAction::Click},
    {"key", StepAction::Key},
    {"wait", StepAction::Wait},
}};

constexpr std::array<std::string_view, 5> kTaskFields = {"name", "description", "timeout_ms",
                                                         "human_seconds", "steps"};
constexpr std::array<std::string_view, 5> kStepFields = {"action", "target", "value", "timeout_ms",
                                                         "secret"};

bool isUtf8Continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool isBlank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::size_t bomLength(std::string_view text) {
    return text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
}

std::string joined(const std::vector<std::string_view>& names) {
    std::string out;
    for (std::string_view name : names) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

// A user string in a message: JSON-quoted so that control characters cannot break the one-line
// promise, and cut short so that a pasted paragraph does not drown the message.
std::string quotedForMessage(std::string_view s) {
    std::size_t chars = 0;
    std::size_t cut = s.size();
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (isUtf8Continuation(s[i])) continue;
        if (chars++ == kMaxQuotedChars) {
            cut = i;
            break;
        }
    }
    std::string out =
        Json(std::string(s.substr(0, cut))).dump(-1, ' ', false, Json::error_handler_t::replace);
    if (cut < s.size()) out += "...";
    return out;
}

// Optimal string alignment distance, case-insensitive, for "did you mean" suggestions.
std::size_t editDistance(std::string_view a, std::string_view b) {
    auto lower = [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    };
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

// The candidate a typo most likely meant, if any is close: up to a third of its length wrong, at
// least 2 ("valu", "Value", "timeoutMs" and "timeout" all find their field).
std::optional<std::string_view> nearest(std::string_view name,
                                        const std::vector<std::string_view>& candidates) {
    if (name.size() > 64) return std::nullopt;  // the table is quadratic; no typo is that long
    std::optional<std::string_view> best;
    std::size_t bestDistance = SIZE_MAX;
    for (std::string_view candidate : candidates) {
        std::size_t distance = editDistance(name, candidate);
        std::size_t allowed = std::max<std::size_t>(2, candidate.size() / 3);
        if (distance <= allowed && distance < candidate.size() && distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

// Line and column (1-based, column in code points) of a byte offset; {0, 0} when unknown.
std::pair<int, int> lineColumn(std::string_view text, std::size_t offset) {
    if (offset == kUnknownOffset) return {0, 0};
    offset = std::min(offset, text.size());
    std::size_t lineStart = 0;
    int line = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    // Editors do not show a byte order mark, so it takes no column.
    if (lineStart == 0) lineStart = std::min(bomLength(text), offset);
    int column = 1;
    for (std::size_t i = lineStart; i < offset; ++i)
        if (!isUtf8Continuation(text[i])) ++column;
    return {line, column};
}

// ---------------------------------------------------------------------------------------------
// Where things are in the text. nlohmann::json keeps no positions, so after it has accepted the
// text, a small scanner walks the same (now known valid) text and records the offsets of the
// top-level object, the steps and their keys and values. It also keeps duplicate keys, which the
// DOM silently collapses to the last one.

struct SourceNode {
    std::size_t offset = kUnknownOffset;  // of the value's first character
    std::vector<std::string> keys;        // objects: in source order, duplicates kept
    std::vector<std::size_t> keyOffsets;  // of each key's opening quote
    std::vector<SourceNode> children;     // objects: parallel to keys; arrays: the elements

    // Index of the first occurrence of `key`, if any.
    std::optional<std::size_t> find(std::string_view key) const {
        auto it = std::find(keys.begin(), keys.end(), key);
        if (it == keys.end()) return std::nullopt;
        return static_cast<std::size_t>(it - keys.begin());
    }
};

class SourceScanner {
public:
    explicit SourceScanner(std::string_view text) : text_(text) {}

    // The document's top-level node, or an empty one if the text is not what nlohmann accepted
    // (which would be a bug here; messages then lose their line:column, nothing else).
    SourceNode scan() {
        try {
            pos_ = bomLength(text_);
            skipSpace();
            return value(0);
        } catch (const Inconsistent&) {
            return {};
        } catch (const Json::exception&) {  // from decoding a key; equally unexpected
            return {};
        }
    }

private:
    struct Inconsistent {};
    // Containers are expanded down to the step objects: task (0), steps (1), step (2). Deeper
    // values are skipped without recursion, so deeply nested input cannot exhaust the stack.
    static constexpr int kMaxExpandedDepth = 2;

    char peek() const {
        if (pos_ >= text_.size()) throw Inconsistent{};
        return text_[pos_];
    }

    void expect(char c) {
        if (peek() != c) throw Inconsistent{};
        ++pos_;
    }

    void skipSpace() {
        while (pos_ < text_.size() &&
               std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos)
            ++pos_;
    }

    // Skips a string token and returns its raw text, quotes included.
    std::string_view skipString() {
        std::size_t start = pos_;
        expect('"');
        while (peek() != '"') pos_ += (text_[pos_] == '\\') ? 2 : 1;
        ++pos_;
        return text_.substr(start, pos_ - start);
    }

    std::string readString() {
        std::string_view raw = skipString();
        if (raw.find('\\') == std::string_view::npos)
            return std::string(raw.substr(1, raw.size() - 2));
        return Json::parse(raw).get<std::string>();
    }

    void skipValue() {
        char c = peek();
        if (c == '"') {
            skipString();
        } else if (c == '{' || c == '[') {
            std::size_t depth = 0;
            do {
                c = peek();
                if (c == '"') {
                    skipString();
                    continue;
                }
                if (c == '{' || c == '[') ++depth;
                if (c == '}' || c == ']') --depth;
                ++pos_;
            } while (depth > 0);
        } else {
            while (pos_ < text_.size() &&
                   std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos)
                ++pos_;
        }
    }

    SourceNode value(int depth) {
        SourceNode node;
        node.offset = pos_;
        char open = peek();
        if (depth > kMaxExpandedDepth || (open != '{' && open != '[')) {
            skipValue();
            return node;
        }
        char close = open == '{' ? '}' : ']';
        ++pos_;
        skipSpace();
        if (peek() == close) {
            ++pos_;
            return node;
        }
        while (true) {
            skipSpace();
            if (open == '{') {
                node.keyOffsets.push_back(pos_);
                node.keys.push_back(readString());
                skipSpace();
                expect(':');
                skipSpace();
            }
            node.children.push_back(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            expect(close);
            return node;
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Malformed JSON. nlohmann's parse_error carries a byte offset and a message such as
//   [json.exception.parse_error.101] parse error at line 3, column 17: syntax error while parsing
//   object - unexpected '}'; expected string literal
// and, for errors inside a token, "; last read: '<the token>'", which may be a password with a
// stray quote. A SAX pass, run only after a failed parse, hands us that token separately, so it can
// be cut out exactly, and the rest reworded.

class SyntaxErrorCapture : public nlohmann::json_sax<Json> {
public:
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }

    bool parse_error(std::size_t position, const std::string& lastToken,
                     const Json::exception& error) override {
        found = true;
        charsRead = position;
        token = lastToken;
        what = error.what();
        id = error.id;
        return false;
    }

    bool found = false;
    std::size_t charsRead = 0;  // including the character where the error was seen
    std::string token;
    std::string what;
    int id = 0;
};

struct SyntaxError {
    std::size_t offset = kUnknownOffset;
    std::string reason;
};

SyntaxError describeSyntaxError(std::string_view text) {
    SyntaxErrorCapture capture;
    Json::sax_parse(text, &capture);
    if (!capture.found) return {kUnknownOffset, "not valid JSON"};

    // nlohmann counts the character it stopped at; step back onto it.
    std::size_t offset = capture.charsRead > 0 ? capture.charsRead - 1 : 0;
    constexpr int kNumberOverflowId = 406;  // out_of_range.406, e.g. 1e400
    if (capture.id == kNumberOverflowId) {
        if (capture.token.size() <= offset + 1) offset = offset + 1 - capture.token.size();
        return {offset, "number out of range"};
    }

    std::string detail = capture.what;
    if (std::size_t colon = detail.find(": ");
        detail.starts_with("[json.exception.") && colon != std::string::npos)
        detail.erase(0, colon + 2);
    if (std::size_t dash = detail.find(" - ");
        detail.starts_with("syntax error") && dash != std::string::npos)
        detail.erase(0, dash + 3);

    std::string lastRead = "; last read: '" + capture.token + "'";
    if (std::size_t at = detail.find(lastRead); at != std::string::npos) {
        // The lexer failed inside a token: point at the character it could not take.
        detail.erase(at, lastRead.size());
    } else if (std::string_view unexpected =
                   std::string_view(detail).substr(0, std::min(detail.size(), detail.find("; ")));
               unexpected.starts_with("unexpected ") && unexpected.ends_with(" literal") &&
               capture.token.size() <= offset + 1) {
        // The parser did not expect a whole string, number, true, false or null: point at its
        // start, not at its last character. The lexer restarts the token text for these (for
        // punctuation it does not, so there the text is no guide), and a complete literal has no
        // control characters, so the text is its raw bytes.
        offset = offset + 1 - capture.token.size();
    }
    if (std::size_t at = detail.find("; expected "); at != std::string::npos)
        detail.replace(at, 2, ", ");

    // The commonest hand-editing mistakes deserve a plain word.
    if (detail.starts_with("unexpected '}'") || detail.starts_with("unexpected ']'")) {
        std::size_t before = text.find_last_not_of(" \t\r\n", offset == 0 ? 0 : offset - 1);
        if (offset > 0 && before != std::string_view::npos && text[before] == ',')
            detail += " (JSON allows no comma after the last element)";
    }
    if (offset < text.size() && text[offset] == '\'')
        detail += " (JSON strings take double quotes)";
    return {offset, detail};
}

// ---------------------------------------------------------------------------------------------
// Validation of one JSON object (the task, or one step), with messages that say where.

struct Source {
    std::string_view text;
    const std::string& name;
};

class ObjectChecker {
public:
    ObjectChecker(const Source& source, const Json& object, const SourceNode* node,
                  std::optional<std::size_t> stepIndex, std::string label)
        : source_(source),
          object_(object),
          node_(node),
          stepIndex_(stepIndex),
          label_(std::move(label)) {}

    [[noreturn]] void fail(std::size_t offset, std::string_view field,
                           std::string_view reason) const {
        auto [line, column] = lineColumn(source_.text, offset);
        std::string message = source_.name;
        if (line > 0) message += ":" + std::to_string(line) + ":" + std::to_string(column);
        message += ": ";
        message += label_;
        message += reason;
        throw TaskFileError(message, source_.name, line, column, stepIndex_, std::string(field));
    }

    // A problem with the value of a field that is there.
    [[noreturn]] void failValue(std::string_view key, std::string_view reason) const {
        fail(valueOffset(key), key, "field \"" + std::string(key) + "\": " + std::string(reason));
    }

    [[noreturn]] void failType(std::string_view key, std::string_view expected) const {
        // Only the type is named, never the value: it may be a secret.
        failValue(key, "expected " + std::string(expected) + ", got " + at(key).type_name());
    }

    std::size_t offset() const { return node_ ? node_->offset : kUnknownOffset; }

    std::size_t keyOffset(std::string_view key) const {
        std::optional<std::size_t> i = node_ ? node_->find(key) : std::nullopt;
        return i ? node_->keyOffsets[*i] : offset();
    }

    std::size_t valueOffset(std::string_view key) const {
        std::optional<std::size_t> i = node_ ? node_->find(key) : std::nullopt;
        return i ? node_->children[*i].offset : offset();
    }

    const SourceNode* child(std::string_view key) const {
        std::optional<std::size_t> i = node_ ? node_->find(key) : std::nullopt;
        return i ? &node_->children[*i] : nullptr;
    }

    bool has(std::string_view key) const { return object_.contains(key); }
    const Json& at(std::string_view key) const { return *object_.find(key); }

    void rejectDuplicates() const {
        if (!node_) return;
        for (std::size_t i = 0; i < node_->keys.size(); ++i) {
            const std::string& key = node_->keys[i];
            if (node_->find(key) != i)
                fail(node_->keyOffsets[i], key, "duplicate field " + quotedForMessage(key));
        }
    }

    // Rejects keys that are not in `known`, and known keys that are not in `allowed` (with
    // `context`, e.g. "\"key\" steps").
    void rejectUnexpected(const std::vector<std::string_view>& allowed,
                          std::span<const std::string_view> known, std::string_view context) const {
        std::vector<std::string> keys;
        if (node_) {
            keys = node_->keys;
        } else {
            for (const auto& item : object_.items()) keys.push_back(item.key());
        }
        for (const std::string& key : keys) {
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
            if (std::find(known.begin(), known.end(), key) != known.end()) {
                fail(keyOffset(key), key,
                     "field \"" + key + "\" is not allowed in " + std::string(context));
            }
            std::string reason = "unknown field " + quotedForMessage(key);
            if (auto guess = nearest(key, allowed))
                reason += " (did you mean \"" + std::string(*guess) + "\"?)";
            else
                reason += " (expected one of " + joined(allowed) + ")";
            fail(keyOffset(key), key, reason);
        }
    }

    enum class Blank { Invalid, Allowed, Rejected };

    std::string requiredString(std::string_view key, Blank blank) const {
        if (!has(key)) fail(offset(), key, "missing field \"" + std::string(key) + "\"");
        return optionalString(key, blank).value();
    }

    std::optional<std::string> optionalString(std::string_view key, Blank blank) const {
        if (!has(key)) return std::nullopt;
        const Json& value = at(key);
        if (!value.is_string()) failType(key, "a string");
        const auto& text = value.get_ref<const std::string&>();
        if (blank == Blank::Rejected && text.empty()) failValue(key, "must not be empty");
        if (blank == Blank::Rejected && isBlank(text)) failValue(key, "must not be only spaces");
        return text;
    }

    bool requiredBool(std::string_view key) const {
        if (!has(key)) fail(offset(), key, "missing field \"" + std::string(key) + "\"");
        return optionalBool(key).value();
    }

    std::optional<bool> optionalBool(std::string_view key) const {
        if (!has(key)) return std::nullopt;
        if (!at(key).is_boolean()) failType(key, "a boolean (true or false)");
        return at(key).get<bool>();
    }

    std::optional<int> optionalPositiveInt(std::string_view key) const {
        if (!has(key)) return std::nullopt;
        const Json& value = at(key);
        if (!value.is_number()) failType(key, "a positive integer");
        // Numbers are not secret, so they are shown: "got 2.5" says more than "got number".
        bool positive = value.is_number_unsigned()
                            ? value.get<std::uint64_t>() > 0
                            : value.is_number_integer() && value.get<std::int64_t>() > 0;
        if (!positive) failValue(key, "expected a positive integer, got " + value.dump());
        if (value.is_number_unsigned() ? value.get<std::uint64_t>() > INT_MAX
                                       : value.get<std::int64_t>() > INT_MAX)
            failValue(key, "must be at most " + std::to_string(INT_MAX) + ", got " + value.dump());
        return value.get<int>();
    }

    std::optional<double> optionalPositiveNumber(std::string_view key) const {
        if (!has(key)) return std::nullopt;
        const Json& value = at(key);
        if (!value.is_number()) failType(key, "a positive number");
        if (!(value.get<double>() > 0))
            failValue(key, "expected a positive number, got " + value.dump());
        return value.get<double>();
    }

private:
    const Source& source_;
    const Json& object_;
    const SourceNode* node_;
    std::optional<std::size_t> stepIndex_;
    std::string label_;  // "" or "step 2 (\"fill\"): "
};

std::optional<StepAction> actionFromName(std::string_view name) {
    for (const auto& [actionName, action] : kActions)
        if (actionName == name) return action;
    return std::nullopt;
}

std::vector<std::string_view> actionNames() {
    std::vector<std::string_view> names;
    for (const auto& entry : kActions) names.push_back(entry.first);
    return names;
}

std::vector<std::string_view> stepFieldsFor(StepAction action) {
    switch (action) {
        case StepAction::Fill:
        case StepAction::Select:
        case StepAction::Check:
            return {"action", "target", "value", "timeout_ms", "secret"};
        case StepAction::Click:
        case StepAction::Wait:
            return {"action", "target", "timeout_ms", "secret"};
        case StepAction::Key:
            return {"action", "value", "timeout_ms", "secret"};
        case StepAction::Invalid:
            break;
    }
    return {};
}

Step parseStep(const Source& source, const Json& json, const SourceNode* node, std::size_t index) {
    std::string label = "step " + std::to_string(index + 1);
    if (!json.is_object()) {
        ObjectChecker(source, json, node, index, "")
            .fail(node ? node->offset : kUnknownOffset, "",
                  label + ": expected an object, got " + json.type_name());
    }

    // Name the action in every message once it is known to be a good one.
    std::optional<StepAction> known;
    if (auto it = json.find("action"); it != json.end() && it->is_string())
        known = actionFromName(it->get_ref<const std::string&>());
    if (known) label += " (\"" + std::string(toString(*known)) + "\")";
    ObjectChecker step(source, json, node, index, label + ": ");

    step.rejectDuplicates();
    step.requiredString("action", ObjectChecker::Blank::Allowed);
    if (!known) {
        const auto& name = step.at("action").get_ref<const std::string&>();
        std::string reason = "unknown action " + quotedForMessage(name);
        if (auto guess = nearest(name, actionNames()))
            reason += " (did you mean \"" + std::string(*guess) + "\"?)";
        else
            reason += " (expected one of " + joined(actionNames()) + ")";
        step.fail(step.valueOffset("action"), "action", reason);
    }
    step.rejectUnexpected(stepFieldsFor(*known), kStepFields,
                          "\"" + std::string(toString(*known)) + "\" steps");

    Step result;
    result.action = *known;
    if (result.action != StepAction::Key)
        result.target = step.requiredString("target", ObjectChecker::Blank::Rejected);
    switch (result.action) {
        case StepAction::Fill:
            result.text = step.requiredString("value", ObjectChecker::Blank::Allowed);
            break;
        case StepAction::Select:
        case StepAction::Key:
            result.text = step.requiredString("value", ObjectChecker::Blank::Rejected);
            break;
        case StepAction::Check:
            result.checked = step.requiredBool("value");
            break;
        case StepAction::Click:
        case StepAction::Wait:
        case StepAction::Invalid:
            break;
    }
    result.timeoutMs = step.optionalPositiveInt("timeout_ms");
    result.secret = step.optionalBool("secret").value_or(false);
    return result;
}

Task parseDocument(const Source& source, const Json& json, const SourceNode* node) {
    ObjectChecker task(source, json, node, std::nullopt, "");
    if (!json.is_object())
        task.fail(task.offset(), "",
                  std::string("expected a JSON object with \"name\" and \"steps\", got ") +
                      json.type_name());
    task.rejectDuplicates();
    task.rejectUnexpected({kTaskFields.begin(), kTaskFields.end()}, kTaskFields, "a task");

    Task result;
    result.sourcePath = source.name;
    result.name = task.requiredString("name", ObjectChecker::Blank::Rejected);
    result.description =
        task.optionalString("description", ObjectChecker::Blank::Allowed).value_or("");
    result.defaultTimeoutMs =
        task.optionalPositiveInt("timeout_ms").value_or(kDefaultStepTimeoutMs);
    result.humanSeconds = task.optionalPositiveNumber("human_seconds");

    if (!task.has("steps")) task.fail(task.offset(), "steps", "missing field \"steps\"");
    const Json& steps = task.at("steps");
    if (!steps.is_array()) task.failType("steps", "an array");
    if (steps.empty()) task.failValue("steps", "must contain at least one step");
    const SourceNode* stepsNode = task.child("steps");
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const SourceNode* stepNode =
            stepsNode && i < stepsNode->children.size() ? &stepsNode->children[i] : nullptr;
        result.steps.push_back(parseStep(source, steps[i], stepNode, i));
    }
    return result;
}

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

std::string readFile(const std::string& path) {
    auto fail = [&](const std::string& reason) -> TaskFileError {
        return TaskFileError(path + ": " + reason, path, 0, 0, std::nullopt, "");
    };
    errno = 0;
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) throw fail("cannot read file: " + std::generic_category().message(errno));
    std::string text;
    std::array<char, 64 * 1024> buffer;
    while (true) {
        std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
        text.append(buffer.data(), n);
        if (text.size() > kMaxFileBytes)
            throw fail("cannot read file: larger than " + std::to_string(kMaxFileBytes >> 20) +
                       " MiB, which no task file is");
        if (n < buffer.size()) break;
    }
    // Reading a directory opens fine and fails here, with EISDIR.
    if (std::ferror(file.get()))
        throw fail("cannot read file: " + std::generic_category().message(errno));
    return text;
}

}  // namespace

TaskFileError::TaskFileError(const std::string& message, std::string file, int line, int column,
                             std::optional<std::size_t> stepIndex, std::string field)
    : std::runtime_error(message),
      file_(std::move(file)),
      line_(line),
      column_(column),
      stepIndex_(stepIndex),
      field_(std::move(field)) {}

std::string Step::displayValue() const {
    if (secret) return std::string(kSecretMask);
    switch (action) {
        case StepAction::Fill:
        case StepAction::Select:
        case StepAction::Key:
            return text;
        case StepAction::Check:
            return checked ? "true" : "false";
        case StepAction::Click:
        case StepAction::Wait:
        case StepAction::Invalid:
            break;
    }
    return "";
}

std::string_view toString(StepAction action) {
    for (const auto& [name, value] : kActions)
        if (value == action) return name;
    return "invalid";
}

Task parseTask(std::string_view json, const std::string& sourceName) {
    Source source{json, sourceName};
    Json document = Json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) {
        ObjectChecker top(source, document, nullptr, std::nullopt, "");
        if (isBlank(json.substr(bomLength(json))))
            top.fail(bomLength(json), "", "malformed JSON: empty input");
        SyntaxError error = describeSyntaxError(json);
        top.fail(error.offset, "", "malformed JSON: " + error.reason);
    }
    SourceNode node = SourceScanner(json).scan();
    return parseDocument(source, document, node.offset == kUnknownOffset ? nullptr : &node);
}

Task loadTaskFile(const std::string& path) {
    return parseTask(readFile(path), path);
}

}  // namespace hemu::policy
