#include "app/record/LocalDisplay.h"

#include "capture/CaptureError.h"

#include <cstdlib>
#include <stdexcept>

// X11 last: its Bool/Status macros clash with C++ headers (and Qt's, kept out of this file).
#include <X11/Xlib.h>

namespace hemu::record {

std::string requireLocalDisplay() {
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) {
        throw std::invalid_argument(
            "record --vnc shows the remote screen in a window: $DISPLAY must name a local X "
            "display");
    }
    Display* connection = XOpenDisplay(display);
    if (!connection) {
        throw ConnectionError(std::string("cannot open X display ") + display +
                              " ($DISPLAY) for the viewer window");
    }
    XCloseDisplay(connection);
    return display;
}

}  // namespace hemu::record
