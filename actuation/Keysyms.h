#pragma once
// X keysyms for key names and characters. Plain tables: needs no X display.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hemu::actuation {

namespace keysym {
inline constexpr std::uint32_t kShiftL = 0xffe1;
inline constexpr std::uint32_t kControlL = 0xffe3;
inline constexpr std::uint32_t kAltL = 0xffe9;
inline constexpr std::uint32_t kSuperL = 0xffeb;
inline constexpr std::uint32_t kReturn = 0xff0d;
inline constexpr std::uint32_t kTab = 0xff09;
inline constexpr std::uint32_t kBackSpace = 0xff08;
}  // namespace keysym

/// Keysym for a key name as people write it in combos: "Return", "enter", "Tab", "F5",
/// "ctrl", "shift", "alt", "super", "Home", "Page_Down", "space", "a", "A", "1", "+"...
/// Case-insensitive for names longer than one character.
std::optional<std::uint32_t> keysymFromName(std::string_view name);

/// Keysym that types a character: printable ASCII, Latin-1 letters and signs, newline
/// (Return) and tab (Tab). std::nullopt for anything else.
std::optional<std::uint32_t> keysymForChar(char32_t c);

/// True for the modifier keysyms (Shift, Control, Alt, Super, Meta; left and right).
bool isModifier(std::uint32_t keysym);

/// X's own name for a keysym, as in keysymdef.h without "XK_" ("a", "A", "eacute", "Return",
/// "Shift_L", "U20AC"); "0x..." for a value X has no name for. Needs no display (but libX11).
std::string keysymName(std::uint32_t keysym);

/// Decodes UTF-8; throws std::invalid_argument naming the byte offset of a bad sequence.
std::u32string decodeUtf8(std::string_view text);

}  // namespace hemu::actuation
