#include "app/record/RecordingMeta.h"

#include "capture/CaptureError.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

namespace hemu::record {

using Json = nlohmann::ordered_json;

namespace {

std::string metaPath(const std::string& dir) {
    return (std::filesystem::path(dir) / kMetaFile).string();
}

Json optionalMs(const std::optional<std::int64_t>& ms) {
    return ms ? Json(*ms) : Json(nullptr);
}

std::optional<std::int64_t> readOptionalMs(const Json& meta, const char* key) {
    if (!meta.contains(key) || !meta[key].is_number()) return std::nullopt;
    return meta[key].get<std::int64_t>();
}

}  // namespace

std::string isoUtcMilliseconds(std::chrono::system_clock::time_point time) {
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(time.time_since_epoch()).count();
    const std::time_t seconds = std::time_t(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(text + n, sizeof text - n, ".%03dZ", int(ms % 1000));
    return text;
}

void writeRecordingMeta(const std::string& dir, const RecordingMeta& meta) {
    const Json json = {{"target", meta.target},
                       {"start", meta.start},
                       {"duration_s", std::round(meta.durationS * 1000) / 1000},
                       {"frames", meta.frames},
                       {"frames_dropped", meta.framesDropped},
                       {"events", meta.events},
                       {"size", {meta.size.width, meta.size.height}},
                       {"codec", meta.codec},
                       {"fps", meta.fps},
                       {"task", meta.task},
                       {"keys_masked", meta.keysMasked},
                       {"first_input_ms", optionalMs(meta.firstInputMs)},
                       {"last_input_ms", optionalMs(meta.lastInputMs)}};
    const std::string path = metaPath(dir);
    std::ofstream out(path);
    out << json.dump(2) << '\n';
    out.close();
    if (!out) throw MediaError(path + ": cannot write: " + std::strerror(errno));
}

RecordingMeta readRecordingMeta(const std::string& dir) {
    const std::string path = metaPath(dir);
    std::ifstream in(path);
    if (!in) throw MediaError(path + ": cannot read: " + std::strerror(errno));
    const Json json = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) throw MediaError(path + ": not a JSON object");
    if (!json.contains("duration_s") || !json["duration_s"].is_number())
        throw MediaError(path + ": no \"duration_s\" number (not written by hemu record?)");
    RecordingMeta meta;
    meta.target = json.value("target", "");
    meta.start = json.value("start", "");
    meta.durationS = json["duration_s"].get<double>();
    meta.frames = json.value("frames", 0);
    meta.framesDropped = json.value("frames_dropped", 0);
    meta.events = json.value("events", 0);
    if (json.contains("size") && json["size"].is_array() && json["size"].size() == 2)
        meta.size = {json["size"][0].get<int>(), json["size"][1].get<int>()};
    meta.codec = json.value("codec", "");
    meta.fps = json.value("fps", 0.0);
    meta.task = json.value("task", "");
    meta.keysMasked = json.value("keys_masked", false);
    meta.firstInputMs = readOptionalMs(json, "first_input_ms");
    meta.lastInputMs = readOptionalMs(json, "last_input_ms");
    return meta;
}

double recordedTaskSeconds(const std::string& dir) {
    const RecordingMeta meta = readRecordingMeta(dir);
    if (meta.firstInputMs && meta.lastInputMs && *meta.lastInputMs > *meta.firstInputMs)
        return double(*meta.lastInputMs - *meta.firstInputMs) / 1000.0;
    return meta.durationS;
}

}  // namespace hemu::record
