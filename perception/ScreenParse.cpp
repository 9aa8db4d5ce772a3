#include "perception/ScreenParse.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace hemu::perception {
namespace {

constexpr std::array<std::string_view, kElementTypeCount + 1> kTypeNames = {
    "invalid", "textfield", "button", "checkbox", "radio", "dropdown", "text"};

}  // namespace

std::string_view toString(ElementType type) { return kTypeNames[std::size_t(type)]; }

ElementType elementTypeFromString(std::string_view name) {
    for (std::size_t i = 1; i < kTypeNames.size(); ++i)
        if (kTypeNames[i] == name) return ElementType(i);
    throw std::invalid_argument("unknown element type \"" + std::string(name) + "\"");
}

std::string ScreenParse::labelText(std::size_t i) const {
    const auto& label = elements.at(i).label;
    return label && *label < elements.size() ? elements[*label].text : "";
}

std::string toJson(const ScreenParse& parse, int indent) {
    nlohmann::json elements = nlohmann::json::array();
    for (std::size_t i = 0; i < parse.elements.size(); ++i) {
        const Element& e = parse.elements[i];
        nlohmann::json j = {{"type", toString(e.type)},
                            {"box", {e.box.x, e.box.y, e.box.width, e.box.height}},
                            {"text", e.text}};
        if (e.label) j["label"] = parse.labelText(i);
        if (e.checked) j["checked"] = *e.checked;
        if (e.score < 1.0f) j["score"] = std::round(double(e.score) * 1000.0) / 1000.0;
        elements.push_back(std::move(j));
    }
    return nlohmann::json{{"width", parse.width}, {"height", parse.height}, {"elements", elements}}
        .dump(indent);
}

ScreenParse screenParseFromJson(std::string_view text, const std::string& source) {
    try {
        const auto json = nlohmann::json::parse(text);
        ScreenParse parse;
        parse.width = json.at("width").get<int>();
        parse.height = json.at("height").get<int>();
        std::map<long, std::size_t> indexOfId;
        const auto& elements = json.at("elements");
        for (std::size_t i = 0; i < elements.size(); ++i)
            if (elements[i].contains("id")) indexOfId[elements[i]["id"].get<long>()] = i;
        for (const auto& j : elements) {
            Element e;
            e.type = elementTypeFromString(j.at("type").get<std::string>());
            const auto& b = j.at("box");
            e.box = {b.at(0).get<int>(), b.at(1).get<int>(), b.at(2).get<int>(), b.at(3).get<int>()};
            e.text = j.value("text", "");
            if (j.contains("checked")) e.checked = j["checked"].get<bool>();
            e.score = j.value("score", 1.0f);
            parse.elements.push_back(std::move(e));
        }
        // Labels: ground truth names an element id; model output names the label's text.
        for (std::size_t i = 0; i < elements.size(); ++i) {
            if (!elements[i].contains("label")) continue;
            const auto& label = elements[i]["label"];
            if (label.is_number()) {
                if (auto it = indexOfId.find(label.get<long>()); it != indexOfId.end())
                    parse.elements[i].label = it->second;
            } else if (label.is_string()) {
                for (std::size_t k = 0; k < parse.elements.size(); ++k)
                    if (parse.elements[k].type == ElementType::Text &&
                        parse.elements[k].text == label.get<std::string>()) {
                        parse.elements[i].label = k;
                        break;
                    }
            }
        }
        return parse;
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(source + ": not a screen parse: " + e.what());
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(source + ": " + e.what());
    }
}

ScreenParse loadScreenParse(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot read");
    std::stringstream text;
    text << in.rdbuf();
    return screenParseFromJson(text.str(), path);
}

}  // namespace hemu::perception
