#include "actuation/Keysyms.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <utility>

namespace hemu::actuation {
namespace {

// Values from X11/keysymdef.h; this table avoids needing Xlib (and a display) to lower actions.
constexpr std::array<std::pair<std::string_view, std::uint32_t>, 47> kNamedKeys{{
    {"return", 0xff0d},    {"enter", 0xff0d},     {"tab", 0xff09},       {"escape", 0xff1b},
    {"esc", 0xff1b},       {"backspace", 0xff08}, {"delete", 0xffff},    {"del", 0xffff},
    {"insert", 0xff63},    {"home", 0xff50},      {"end", 0xff57},       {"page_up", 0xff55},
    {"pageup", 0xff55},    {"prior", 0xff55},     {"page_down", 0xff56}, {"pagedown", 0xff56},
    {"next", 0xff56},      {"left", 0xff51},      {"up", 0xff52},        {"right", 0xff53},
    {"down", 0xff54},      {"space", 0x0020},     {"menu", 0xff67},      {"print", 0xff61},
    {"shift", 0xffe1},     {"shift_l", 0xffe1},   {"shift_r", 0xffe2},   {"ctrl", 0xffe3},
    {"control", 0xffe3},   {"control_l", 0xffe3}, {"control_r", 0xffe4}, {"alt", 0xffe9},
    {"alt_l", 0xffe9},     {"alt_r", 0xffea},     {"meta", 0xffe7},      {"super", 0xffeb},
    {"super_l", 0xffeb},   {"win", 0xffeb},       {"cmd", 0xffeb},       {"plus", 0x002b},
    {"minus", 0x002d},     {"comma", 0x002c},     {"period", 0x002e},    {"slash", 0x002f},
    {"caps_lock", 0xffe5}, {"kp_enter", 0xff8d},  {"pause", 0xff13},
}};

}  // namespace

std::optional<std::uint32_t> keysymFromName(std::string_view name) {
    if (name.empty()) return std::nullopt;
    if (name.size() == 1) return keysymForChar(static_cast<unsigned char>(name[0]));
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    for (const auto& [key, value] : kNamedKeys)
        if (key == lower) return value;
    // F1..F35 are consecutive keysyms from 0xffbe.
    if (lower[0] == 'f' && lower.size() <= 3 &&
        std::all_of(lower.begin() + 1, lower.end(), [](char c) { return std::isdigit(c); })) {
        const int n = std::stoi(lower.substr(1));
        if (n >= 1 && n <= 35) return 0xffbe + std::uint32_t(n - 1);
    }
    // A single non-ASCII character written in UTF-8 ("é").
    try {
        const std::u32string decoded = decodeUtf8(name);
        if (decoded.size() == 1) return keysymForChar(decoded[0]);
    } catch (const std::invalid_argument&) {
    }
    return std::nullopt;
}

std::optional<std::uint32_t> keysymForChar(char32_t c) {
    if (c == U'\n' || c == U'\r') return keysym::kReturn;
    if (c == U'\t') return keysym::kTab;
    // Latin-1 keysyms equal their code points (keysymdef.h, "Latin 1" block).
    if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff)) return std::uint32_t(c);
    return std::nullopt;
}

bool isModifier(std::uint32_t keysym) { return keysym >= 0xffe1 && keysym <= 0xffee; }

std::u32string decodeUtf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        int length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3
                                     : (lead >> 3) == 0x1e ? 4 : 0;
        if (length == 0 || i + length > text.size()) {
            throw std::invalid_argument("invalid UTF-8 at byte " + std::to_string(i));
        }
        char32_t c = length == 1 ? lead : lead & (0x7f >> length);
        for (int k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0) != 0x80) {
                throw std::invalid_argument("invalid UTF-8 at byte " + std::to_string(i + k));
            }
            c = (c << 6) | (next & 0x3f);
        }
        out.push_back(c);
        i += length;
    }
    return out;
}

}  // namespace hemu::actuation
