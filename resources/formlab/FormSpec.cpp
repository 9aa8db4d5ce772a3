#include "FormSpec.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

namespace hemu::formlab {
namespace {

using nlohmann::json;

// Where a value sits in the spec, for error messages: "pages[1].items[3].options".
std::string childPath(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
}

std::string indexPath(const std::string& parent, size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

class Reader {
public:
    explicit Reader(std::string fileName) : fileName_(std::move(fileName)) {}

    [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
        throw SpecError(fileName_ + ": " + (path.empty() ? "" : path + ": ") + problem);
    }

    void requireObject(const json& value, const std::string& path) const {
        if (!value.is_object()) fail(path, "expected an object");
    }

    // Typos in key names would otherwise silently drop an option, so unknown keys are errors.
    void allowKeys(const json& object, const std::string& path,
                   std::initializer_list<const char*> keys) const {
        for (const auto& [key, value] : object.items()) {
            if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return key == k; }))
                fail(childPath(path, key), "unknown key");
        }
    }

    std::string string(const json& object, const std::string& path, const char* key,
                       const std::string& fallback = {}) const {
        auto it = object.find(key);
        if (it == object.end()) return fallback;
        if (!it->is_string()) fail(childPath(path, key), "expected a string");
        return it->get<std::string>();
    }

    std::string requiredString(const json& object, const std::string& path, const char* key) const {
        if (!object.contains(key)) fail(childPath(path, key), "missing");
        std::string value = string(object, path, key);
        if (value.empty()) fail(childPath(path, key), "must not be empty");
        return value;
    }

    bool boolean(const json& object, const std::string& path, const char* key,
                 bool fallback = false) const {
        auto it = object.find(key);
        if (it == object.end()) return fallback;
        if (!it->is_boolean()) fail(childPath(path, key), "expected true or false");
        return it->get<bool>();
    }

    std::vector<std::string> stringList(const json& object, const std::string& path,
                                        const char* key) const {
        const std::string listPath = childPath(path, key);
        auto it = object.find(key);
        if (it == object.end()) fail(listPath, "missing");
        if (!it->is_array() || it->empty()) fail(listPath, "expected a non-empty list of strings");
        std::vector<std::string> out;
        for (size_t i = 0; i < it->size(); ++i) {
            const json& entry = (*it)[i];
            if (!entry.is_string()) fail(indexPath(listPath, i), "expected a string");
            out.push_back(entry.get<std::string>());
        }
        return out;
    }

    LayoutKind layout(const json& object, const std::string& path, LayoutKind fallback) const {
        auto it = object.find("layout");
        if (it == object.end()) return fallback;
        const std::string name = string(object, path, "layout");
        if (name == "label-left") return LayoutKind::LabelLeft;
        if (name == "label-above") return LayoutKind::LabelAbove;
        if (name == "two-columns") return LayoutKind::TwoColumns;
        fail(childPath(path, "layout"),
             "unknown layout '" + name + "' (label-left, label-above, two-columns)");
    }

    ItemSpec item(const json& object, const std::string& path) const;

private:
    std::string fileName_;
};

ItemKind itemKind(const std::string& name) {
    static const std::pair<const char*, ItemKind> kKinds[] = {
        {"label", ItemKind::Label},       {"text", ItemKind::Text},
        {"password", ItemKind::Password}, {"number", ItemKind::Number},
        {"date", ItemKind::Date},         {"dropdown", ItemKind::Dropdown},
        {"checkbox", ItemKind::Checkbox}, {"radio", ItemKind::Radio},
        {"button", ItemKind::Button},
    };
    for (const auto& [n, kind] : kKinds)
        if (name == n) return kind;
    return ItemKind::Invalid;
}

bool isIsoDate(const std::string& text) {
    static const std::regex kIsoDate(R"(([1-9]\d{3})-(\d{2})-(\d{2}))");
    std::smatch m;
    if (!std::regex_match(text, m, kIsoDate)) return false;
    const std::chrono::year_month_day date{std::chrono::year(std::stoi(m[1])),
                                           std::chrono::month(std::stoul(m[2])),
                                           std::chrono::day(std::stoul(m[3]))};
    return date.ok();
}

bool isNumber(const std::string& text) {
    static const std::regex kNumber(R"(-?\d+(\.\d+)?)");
    return std::regex_match(text, kNumber);
}

ItemSpec Reader::item(const json& object, const std::string& path) const {
    requireObject(object, path);
    ItemSpec item;
    const std::string typeName = requiredString(object, path, "type");
    item.kind = itemKind(typeName);
    switch (item.kind) {
        case ItemKind::Invalid:
            fail(childPath(path, "type"),
                 "unknown type '" + typeName +
                     "' (label, text, password, number, date, dropdown, checkbox, radio, button)");
        case ItemKind::Label:
            allowKeys(object, path, {"type", "id", "text"});
            item.id = string(object, path, "id");
            item.text = requiredString(object, path, "text");
            return item;
        case ItemKind::Button: {
            allowKeys(object, path, {"type", "id", "text", "action", "submit"});
            item.text = requiredString(object, path, "text");
            const std::string action = string(object, path, "action", "none");
            if (action == "none")
                item.action = ButtonAction::None;
            else if (action == "next")
                item.action = ButtonAction::Next;
            else if (action == "back")
                item.action = ButtonAction::Back;
            else if (action == "submit")
                item.action = ButtonAction::Submit;
            else
                fail(childPath(path, "action"),
                     "unknown action '" + action + "' (none, next, back, submit)");
            if (boolean(object, path, "submit")) item.action = ButtonAction::Submit;
            item.id = string(object, path, "id", item.action == ButtonAction::None ? "" : action);
            if (item.id.empty())
                fail(childPath(path, "id"), "missing (a plain button needs an id)");
            return item;
        }
        default:
            break;
    }

    // Input fields.
    allowKeys(object, path,
              {"type", "id", "label", "placeholder", "default", "required", "options", "picker"});
    item.id = requiredString(object, path, "id");
    item.text = string(object, path, "label");
    if (item.text.empty() && item.kind != ItemKind::Checkbox)
        fail(childPath(path, "label"), "missing");
    if (item.kind == ItemKind::Checkbox && item.text.empty())
        fail(childPath(path, "label"), "missing (the checkbox's caption)");
    item.required = boolean(object, path, "required");
    item.picker = boolean(object, path, "picker");
    if (item.picker && item.kind != ItemKind::Date)
        fail(childPath(path, "picker"), "only for date");
    const bool hasOptions = item.kind == ItemKind::Dropdown || item.kind == ItemKind::Radio;
    if (hasOptions)
        item.options = stringList(object, path, "options");
    else if (object.contains("options"))
        fail(childPath(path, "options"), "only for dropdown and radio");
    if (item.kind != ItemKind::Radio && item.kind != ItemKind::Checkbox && !item.picker)
        item.placeholder = string(object, path, "placeholder");
    else if (object.contains("placeholder"))
        fail(childPath(path, "placeholder"), "not supported for " + typeName);
    if (item.kind == ItemKind::Date && !item.picker && item.placeholder.empty())
        item.placeholder = "yyyy-mm-dd";

    auto def = object.find("default");
    if (def == object.end()) return item;
    const std::string defPath = childPath(path, "default");
    if (item.kind == ItemKind::Checkbox) {
        item.defaultChecked = boolean(object, path, "default");
        return item;
    }
    if (item.kind == ItemKind::Number && def->is_number()) {
        item.defaultText = def->dump();
    } else if (def->is_string()) {
        item.defaultText = def->get<std::string>();
    } else {
        fail(defPath, "expected a string");
    }
    if (item.kind == ItemKind::Number && !isNumber(*item.defaultText))
        fail(defPath, "not a number: '" + *item.defaultText + "'");
    if (item.kind == ItemKind::Date && !isIsoDate(*item.defaultText))
        fail(defPath, "expected a date as yyyy-mm-dd, got '" + *item.defaultText + "'");
    if (hasOptions && std::find(item.options.begin(), item.options.end(), *item.defaultText) ==
                          item.options.end())
        fail(defPath, "'" + *item.defaultText + "' is not one of the options");
    return item;
}

bool hasButton(const PageSpec& page, ButtonAction action) {
    return std::any_of(page.items.begin(), page.items.end(), [&](const ItemSpec& item) {
        return item.kind == ItemKind::Button && item.action == action;
    });
}

ItemSpec navigationButton(ButtonAction action, const std::string& id, const std::string& text) {
    ItemSpec button;
    button.kind = ItemKind::Button;
    button.action = action;
    button.id = id;
    button.text = text;
    return button;
}

// "byte" from nlohmann's parse_error counts from 1 and points at the offending character.
std::string lineColumn(const std::string& text, size_t byte) {
    const size_t offset = std::min(byte > 0 ? byte - 1 : 0, text.size());
    size_t line = 1;
    size_t lineStart = 0;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return std::to_string(line) + ":" + std::to_string(offset - lineStart + 1);
}

// nlohmann's message reads "[json.exception.parse_error.101] parse error at line 3, column 5:
// syntax error while parsing ..."; keep only the part after the position.
std::string parseProblem(const std::string& what) {
    static const std::regex kPrefix(
        R"(^\[json\.exception\.[^\]]*\] parse error( at line \d+, column \d+)?: )");
    return std::regex_replace(what, kPrefix, "");
}

}  // namespace

bool ItemSpec::isField() const {
    return kind != ItemKind::Invalid && kind != ItemKind::Label && kind != ItemKind::Button;
}

FormSpec parseFormSpec(const std::string& text, const std::string& fileName) {
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        throw SpecError(fileName + ":" + lineColumn(text, e.byte) + ": " + parseProblem(e.what()));
    }

    const Reader reader(fileName);
    reader.requireObject(root, "");
    reader.allowKeys(root, "",
                     {"title", "layout", "stay_open", "back", "next_text", "back_text",
                      "submit_text", "heading", "items", "pages"});
    FormSpec spec;
    spec.title = reader.string(root, "", "title", "Form lab");
    spec.stayOpen = reader.boolean(root, "", "stay_open");
    const LayoutKind layout = reader.layout(root, "", LayoutKind::LabelLeft);
    const bool backButtons = reader.boolean(root, "", "back");
    const std::string nextText = reader.string(root, "", "next_text", "Next");
    const std::string backText = reader.string(root, "", "back_text", "Back");
    const std::string submitText = reader.string(root, "", "submit_text", "Submit");

    // Single-page shorthand: "items" (and "heading") at the top level.
    json pages;
    if (root.contains("pages") == root.contains("items"))
        reader.fail("", "needs exactly one of \"items\" (one page) or \"pages\"");
    if (root.contains("items")) {
        pages = json::array({json{{"items", root["items"]}}});
        if (root.contains("heading")) pages[0]["title"] = root["heading"];
    } else {
        if (root.contains("heading")) reader.fail("heading", "use each page's \"title\" instead");
        pages = root["pages"];
        if (!pages.is_array() || pages.empty()) reader.fail("pages", "expected a non-empty list");
    }

    std::set<std::string> fieldIds;
    for (size_t p = 0; p < pages.size(); ++p) {
        const bool single = root.contains("items");
        const std::string pagePath = single ? "" : indexPath("pages", p);
        const json& pageJson = pages[p];
        reader.requireObject(pageJson, pagePath);
        reader.allowKeys(pageJson, pagePath, {"title", "layout", "items"});
        PageSpec page;
        page.title = reader.string(pageJson, pagePath, "title");
        page.layout = reader.layout(pageJson, pagePath, layout);
        const std::string itemsPath = childPath(pagePath, "items");
        const auto items = pageJson.find("items");
        if (items == pageJson.end() || !items->is_array())
            reader.fail(itemsPath, "expected a list of items");
        for (size_t i = 0; i < items->size(); ++i) {
            ItemSpec item = reader.item((*items)[i], indexPath(itemsPath, i));
            if (item.isField() && !fieldIds.insert(item.id).second)
                reader.fail(childPath(indexPath(itemsPath, i), "id"),
                            "duplicate field id '" + item.id + "'");
            page.items.push_back(std::move(item));
        }

        const bool last = p + 1 == pages.size();
        if (!hasButton(page, ButtonAction::Next) && !hasButton(page, ButtonAction::Submit)) {
            if (backButtons && p > 0)
                page.items.push_back(navigationButton(ButtonAction::Back, "back", backText));
            page.items.push_back(last ? navigationButton(ButtonAction::Submit, "submit", submitText)
                                      : navigationButton(ButtonAction::Next, "next", nextText));
        }
        spec.pages.push_back(std::move(page));
    }

    // Buttons and labels share the id space with fields, so a test can name any control.
    for (size_t p = 0; p < spec.pages.size(); ++p) {
        for (const ItemSpec& item : spec.pages[p].items) {
            if (!item.isField() && !item.id.empty() && fieldIds.count(item.id))
                reader.fail("", "id '" + item.id + "' names both a field and a " +
                                    (item.kind == ItemKind::Button ? "button" : "label"));
        }
    }
    return spec;
}

FormSpec loadFormSpec(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SpecError(path + ": cannot open file");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw SpecError(path + ": cannot read file");
    return parseFormSpec(text.str(), path);
}

}  // namespace hemu::formlab
