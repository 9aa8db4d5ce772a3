#pragma once
// A screen to look at and the input that goes with it, opened from one target. Over VNC both
// share one connection, as a viewer does.

#include "actuation/ActionSink.h"
#include "capture/ScreenSource.h"
#include "capture/ScreenSourceFactory.h"

#include <memory>

namespace hemu::actuation {

struct Session {
    std::unique_ptr<capture::ScreenSource> screen;
    std::unique_ptr<ActionSink> input;
};

/// Opens the screen and input for a display or VNC target (not a video). Throws
/// ConnectionError / AuthenticationError / std::invalid_argument.
Session openSession(const capture::ScreenTarget& target);

/// Only the input side (no pixels are read): for `hemu act`.
std::unique_ptr<ActionSink> openActionSink(const capture::ScreenTarget& target);

}  // namespace hemu::actuation
