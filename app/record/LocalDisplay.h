#pragma once
// The local X display a window of ours would open on.

#include <string>

namespace hemu::record {

/// $DISPLAY, once an X connection to it has been opened and closed again. Throws
/// std::invalid_argument if $DISPLAY is unset and ConnectionError if it cannot be opened:
/// checked before Qt, which would abort the process instead.
std::string requireLocalDisplay();

}  // namespace hemu::record
