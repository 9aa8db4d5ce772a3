// keysymName() in a file of its own: it asks Xlib (whose table has every name, ~2,300 of them),
// and Keysyms.cpp stays free of X headers.

#include "actuation/Keysyms.h"

#include <cstdio>

// X11 last: its Bool/Status macros clash with C++ headers.
#include <X11/Xlib.h>

namespace hemu::actuation {

std::string keysymName(std::uint32_t keysym) {
    if (const char* name = XKeysymToString(KeySym(keysym))) return name;
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%x", unsigned(keysym));
    return hex;
}

}  // namespace hemu::actuation
