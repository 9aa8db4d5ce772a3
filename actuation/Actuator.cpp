#include "actuation/Actuator.h"

#include "actuation/Keysyms.h"

#include <stdexcept>
#include <string>

namespace hemu::actuation {

KeyCombo parseKeyCombo(std::string_view combo) {
    if (combo.empty()) throw std::invalid_argument("empty key combo");
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= combo.size()) {
        std::size_t plus = combo.find('+', start);
        // "ctrl++" ends with the '+' key itself.
        if (plus == start && start + 1 == combo.size()) plus = std::string_view::npos;
        if (plus == std::string_view::npos) {
            parts.push_back(combo.substr(start));
            break;
        }
        parts.push_back(combo.substr(start, plus - start));
        start = plus + 1;
    }
    KeyCombo result;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto sym = keysymFromName(parts[i]);
        if (!sym) {
            throw std::invalid_argument("key combo \"" + std::string(combo) + "\": \"" +
                                        std::string(parts[i]) + "\" is not a key name");
        }
        const bool last = i + 1 == parts.size();
        if (!last && !isModifier(*sym)) {
            throw std::invalid_argument("key combo \"" + std::string(combo) + "\": \"" +
                                        std::string(parts[i]) +
                                        "\" is not a modifier (ctrl, shift, alt, super)");
        }
        if (last && !isModifier(*sym)) {
            result.key = *sym;
        } else {
            result.modifiers.push_back(*sym);
        }
    }
    return result;
}

void Actuator::move(int x, int y) { sink_.movePointer(x, y); }

void Actuator::click(int x, int y, MouseButton button) {
    sink_.movePointer(x, y);
    sink_.setButton(button, true);
    sink_.setButton(button, false);
}

void Actuator::doubleClick(int x, int y) {
    click(x, y);
    sink_.setButton(MouseButton::Left, true);
    sink_.setButton(MouseButton::Left, false);
}

void Actuator::drag(int fromX, int fromY, int toX, int toY) {
    // Eight intermediate positions pass any toolkit's drag threshold (Qt: 10 px, GTK: 8 px)
    // and give drop targets motion events to track.
    constexpr int kSteps = 8;
    sink_.movePointer(fromX, fromY);
    sink_.setButton(MouseButton::Left, true);
    for (int i = 1; i <= kSteps; ++i) {
        sink_.movePointer(fromX + (toX - fromX) * i / kSteps, fromY + (toY - fromY) * i / kSteps);
    }
    sink_.setButton(MouseButton::Left, false);
}

void Actuator::scroll(int notches) {
    const MouseButton wheel = notches > 0 ? MouseButton::WheelDown : MouseButton::WheelUp;
    for (int i = 0; i < std::abs(notches); ++i) {
        sink_.setButton(wheel, true);
        sink_.setButton(wheel, false);
    }
}

void Actuator::pressCombo(std::string_view combo) {
    const KeyCombo keys = parseKeyCombo(combo);
    for (std::uint32_t modifier : keys.modifiers) sink_.setKey(modifier, true);
    if (keys.key) {
        sink_.setKey(keys.key, true);
        sink_.setKey(keys.key, false);
    }
    for (auto it = keys.modifiers.rbegin(); it != keys.modifiers.rend(); ++it)
        sink_.setKey(*it, false);
}

void Actuator::typeText(std::string_view utf8) {
    const std::u32string text = decodeUtf8(utf8);
    std::vector<std::uint32_t> keysyms;
    keysyms.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto sym = keysymForChar(text[i]);
        if (!sym) {
            throw std::invalid_argument("cannot type character U+" + [&] {
                char hex[16];
                std::snprintf(hex, sizeof hex, "%04X", unsigned(text[i]));
                return std::string(hex);
            }() + " (character " + std::to_string(i + 1) +
                                        "): only printable ASCII and Latin-1 are supported");
        }
        keysyms.push_back(*sym);
    }
    for (std::uint32_t sym : keysyms) {
        sink_.setKey(sym, true);
        sink_.setKey(sym, false);
    }
}

}  // namespace hemu::actuation
