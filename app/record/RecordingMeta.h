#pragma once
// meta.json of a recording made by `hemu record`, and the human time it measured.
//
//   double seconds = hemu::record::recordedTaskSeconds("recordings/contact-ada");
//
// A recording folder holds screen.mkv (the screen), events.jsonl (InputEventLog.h) and
// meta.json:
//
//   {"target": ":1",                      display or HOST:PORT (never a password)
//    "start": "2025-03-01T10:04:05.123Z", wall-clock time of the first frame (UTC)
//    "duration_s": 41.234,                first frame to stop
//    "frames": 212, "frames_dropped": 0,  written to screen.mkv; skipped while the encoder was busy
//    "events": 880,                       lines in events.jsonl
//    "size": [1920, 1080],                screen size in pixels
//    "codec": "h264", "fps": 15,          "h264" or "ffv1" (--lossless); the grab rate
//    "task": "contact", "keys_masked": true,
//    "first_input_ms": 1830,              t_ms of the first event (any kind), or null
//    "last_input_ms": 39021}              t_ms of the last button or key event, or null

#include <opencv2/core.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace hemu::record {

/// File names inside a recording folder.
inline constexpr const char* kScreenVideoFile = "screen.mkv";
inline constexpr const char* kEventsFile = "events.jsonl";
inline constexpr const char* kMetaFile = "meta.json";

struct RecordingMeta {
    std::string target;
    std::string start;  ///< ISO 8601, UTC, milliseconds
    double durationS = 0;
    int frames = 0;
    int framesDropped = 0;
    int events = 0;
    cv::Size size;
    std::string codec;
    double fps = 0;
    std::string task;  ///< the task file's name; empty without --task
    bool keysMasked = false;
    std::optional<std::int64_t> firstInputMs;
    std::optional<std::int64_t> lastInputMs;
};

/// Writes DIR/meta.json. Throws MediaError if it cannot.
void writeRecordingMeta(const std::string& dir, const RecordingMeta& meta);

/// Reads DIR/meta.json. Throws MediaError if it is missing, not JSON, or lacks "duration_s".
RecordingMeta readRecordingMeta(const std::string& dir);

/// How long the person took for the task, in seconds: from the first input event of any kind
/// (moving towards the first field is part of the work) to the last button or key event
/// (pointer motion after the final click or key is not). When the recording has no such span
/// (no events, or only one moment), the whole recording's duration_s. Throws MediaError as
/// readRecordingMeta does.
double recordedTaskSeconds(const std::string& dir);

/// `time` as "2025-03-01T10:04:05.123Z".
std::string isoUtcMilliseconds(std::chrono::system_clock::time_point time);

}  // namespace hemu::record
