#pragma once
// Qt key events → X keysyms, for the live viewer that forwards a person's keys over VNC.

#include <QtCore/QString>
#include <QtCore/qnamespace.h>

#include <cstdint>
#include <optional>

namespace hemu::record {

/// The X keysym a Qt key event stands for, or nullopt for keys X has no keysym for.
///
/// `nativeKeysym` is QKeyEvent::nativeVirtualKey(), which on Qt's xcb platform is the keysym the
/// local keymap produced (Shift and AltGr applied): exact for every key and layout, so it wins
/// when non-zero. Pass 0 on other platforms; the key and text are translated then: named keys
/// by table, characters by their Latin-1 or Unicode keysym, and Ctrl+letter (whose text is a
/// control character) by the key code, lower case unless Shift is held.
std::optional<std::uint32_t> keysymForQtKey(int key, Qt::KeyboardModifiers modifiers,
                                            const QString& text, std::uint32_t nativeKeysym = 0);

}  // namespace hemu::record
