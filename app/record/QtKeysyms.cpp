#include "app/record/QtKeysyms.h"

#include "actuation/Keysyms.h"

#include <QtCore/QList>

#include <array>
#include <utility>

namespace hemu::record {
namespace {

// Qt::Key → keysym (values from X11/keysymdef.h) for keys that type no character.
constexpr std::array<std::pair<int, std::uint32_t>, 31> kNamedKeys{{
    {Qt::Key_Return, 0xff0d},   {Qt::Key_Enter, 0xff8d},      {Qt::Key_Tab, 0xff09},
    {Qt::Key_Backtab, 0xfe20},  {Qt::Key_Backspace, 0xff08},  {Qt::Key_Escape, 0xff1b},
    {Qt::Key_Insert, 0xff63},   {Qt::Key_Delete, 0xffff},     {Qt::Key_Pause, 0xff13},
    {Qt::Key_Print, 0xff61},    {Qt::Key_SysReq, 0xff15},     {Qt::Key_Home, 0xff50},
    {Qt::Key_End, 0xff57},      {Qt::Key_Left, 0xff51},       {Qt::Key_Up, 0xff52},
    {Qt::Key_Right, 0xff53},    {Qt::Key_Down, 0xff54},       {Qt::Key_PageUp, 0xff55},
    {Qt::Key_PageDown, 0xff56}, {Qt::Key_Shift, 0xffe1},      {Qt::Key_Control, 0xffe3},
    {Qt::Key_Meta, 0xffeb},  // Qt's Meta is the Windows/Super key on X11
    {Qt::Key_Alt, 0xffe9},      {Qt::Key_AltGr, 0xfe03},      {Qt::Key_CapsLock, 0xffe5},
    {Qt::Key_NumLock, 0xff7f},  {Qt::Key_ScrollLock, 0xff14}, {Qt::Key_Menu, 0xff67},
    {Qt::Key_Super_L, 0xffeb},  {Qt::Key_Super_R, 0xffec},    {Qt::Key_Help, 0xff6a},
}};

}  // namespace

std::optional<std::uint32_t> keysymForQtKey(int key, Qt::KeyboardModifiers modifiers,
                                            const QString& text, std::uint32_t nativeKeysym) {
    if (nativeKeysym != 0) return nativeKeysym;
    for (const auto& [qtKey, keysym] : kNamedKeys)
        if (qtKey == key) return keysym;
    if (key >= Qt::Key_F1 && key <= Qt::Key_F35) return 0xffbe + std::uint32_t(key - Qt::Key_F1);

    const QList<uint> characters = text.toUcs4();
    if (characters.size() == 1 && characters[0] >= 0x20 && characters[0] != 0x7f) {
        if (auto keysym = actuation::keysymForChar(char32_t(characters[0]))) return keysym;
        return 0x01000000 | characters[0];  // X's Unicode keysyms (keysymdef.h, "Unicode")
    }
    // No usable text: Ctrl+A gives "\x01". Qt names letter keys by their upper case.
    if (key >= Qt::Key_A && key <= Qt::Key_Z)
        return std::uint32_t(modifiers & Qt::ShiftModifier ? key : key - Qt::Key_A + 'a');
    if ((key >= 0x20 && key <= 0x7e) || (key >= 0xa0 && key <= 0xff)) return std::uint32_t(key);
    return std::nullopt;
}

}  // namespace hemu::record
