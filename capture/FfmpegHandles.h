#pragma once
// RAII for the FFmpeg handles the video recorder and the video source both use, and FFmpeg's
// error text. Private to capture/: include only from .cpp files (it pulls in FFmpeg's headers).

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/log.h>
#include <libswscale/swscale.h>
}

#include "capture/Log.h"

#include <cstdarg>
#include <memory>
#include <mutex>
#include <string>

namespace hemu::capture::ffmpeg {

struct CodecContextDeleter {
    void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
struct FrameDeleter {
    void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketDeleter {
    void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct SwsDeleter {
    void operator()(SwsContext* context) const { sws_freeContext(context); }
};
struct DictionaryDeleter {
    void operator()(AVDictionary* dictionary) const { av_dict_free(&dictionary); }
};

using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsDeleter>;

inline std::string errorText(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

/// Sends FFmpeg's own log (by default printed on stderr: x264 prints ten lines of statistics
/// per file) to the "ffmpeg" logger: its errors as warnings (our calls turn real failures into
/// MediaError), its warnings as info, the rest as debug. Process-wide; the first call installs.
inline void routeLogToSpdlog() {
    static std::once_flag installed;
    std::call_once(installed, [] {
        av_log_set_callback([](void* object, int level, const char* format, va_list args) {
            if (level > AV_LOG_DEBUG) return;
            static const auto log = namedLogger("ffmpeg");
            const auto ours = level <= AV_LOG_ERROR     ? spdlog::level::warn
                              : level <= AV_LOG_WARNING ? spdlog::level::info
                                                        : spdlog::level::debug;
            if (!log->should_log(ours)) return;
            char line[1024];
            int printPrefix = 1;
            av_log_format_line2(object, level, format, args, line, sizeof line, &printPrefix);
            std::string text(line);
            while (!text.empty() && text.back() == '\n') text.pop_back();
            log->log(ours, "{}", text);
        });
    });
}

}  // namespace hemu::capture::ffmpeg
