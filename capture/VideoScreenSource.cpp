#include "capture/VideoScreenSource.h"

#include "capture/CaptureError.h"
#include "capture/FfmpegHandles.h"
#include "capture/Log.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <opencv2/core.hpp>

#include <exception>
#include <string>
#include <utility>

namespace hemu::capture {
namespace {

spdlog::logger& logger() {
    static const auto instance = namedLogger("video");
    return *instance;
}

constexpr AVRational kMicroseconds{1, 1000000};
// Two decoder threads: the measured gain past two is small for 1080p FFV1/H264, and a replay
// usually shares the machine with the code under test.
constexpr int kDecoderThreads = 2;

struct InputFormatDeleter {
    void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};

}  // namespace

struct VideoScreenSource::Impl {
    std::string path;
    std::unique_ptr<AVFormatContext, InputFormatDeleter> format;
    std::unique_ptr<AVCodecContext, ffmpeg::CodecContextDeleter> decoder;
    std::unique_ptr<AVPacket, ffmpeg::PacketDeleter> packet;
    std::unique_ptr<SwsContext, ffmpeg::SwsDeleter> converter;
    AVStream* stream = nullptr;  // owned by `format`
    cv::Size size;
    // What `converter` was made for: swscale needs the colour matrix set up front.
    struct ConversionKey {
        int width = 0, height = 0, format = AV_PIX_FMT_NONE, colorspace = 0, range = 0;
        bool operator==(const ConversionKey&) const = default;
    } conversion;
    ffmpeg::FramePtr next;                    // decoded, not yet handed out; null at the end of the stream
    ffmpeg::FramePtr last;                    // handed out by the latest grab(); null before the first
    std::exception_ptr pendingError;  // from decoding `next`, thrown by the grab() that wants it
    std::int64_t firstPts = AV_NOPTS_VALUE;
    std::int64_t lastTimestampUs = 0;
    bool demuxerDone = false;

    explicit Impl(const std::string& path);

    [[noreturn]] void fail(const std::string& what, int code) const {
        throw MediaError(path + ": " + what + ": " + ffmpeg::errorText(code));
    }
    [[noreturn]] void fail(const std::string& what) const { throw MediaError(path + ": " + what); }

    ffmpeg::FramePtr decodeNext();
    std::int64_t timestampUsOf(const AVFrame& frame);
    cv::Mat toBgra(const AVFrame& frame);
};

VideoScreenSource::Impl::Impl(const std::string& path) : path(path) {
    ffmpeg::routeLogToSpdlog();
    AVFormatContext* rawFormat = nullptr;
    int rc = avformat_open_input(&rawFormat, path.c_str(), nullptr, nullptr);
    if (rc < 0) fail("cannot open", rc);  // avformat_open_input freed rawFormat
    format.reset(rawFormat);
    rc = avformat_find_stream_info(format.get(), nullptr);
    if (rc < 0) fail("cannot read stream info", rc);

    const AVCodec* codec = nullptr;
    rc = av_find_best_stream(format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (rc == AVERROR_STREAM_NOT_FOUND) fail("no video stream");
    if (rc == AVERROR_DECODER_NOT_FOUND) fail("no decoder for its video stream");
    if (rc < 0) fail("cannot choose a video stream", rc);
    stream = format->streams[rc];
    // Skip audio and other streams in the demuxer instead of reading and dropping them.
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        if (format->streams[i] != stream) format->streams[i]->discard = AVDISCARD_ALL;
    }

    decoder.reset(avcodec_alloc_context3(codec));
    if (!decoder) fail("out of memory", AVERROR(ENOMEM));
    rc = avcodec_parameters_to_context(decoder.get(), stream->codecpar);
    if (rc < 0) fail("cannot copy stream parameters", rc);
    decoder->pkt_timebase = stream->time_base;
    decoder->thread_count = kDecoderThreads;
    rc = avcodec_open2(decoder.get(), codec, nullptr);
    if (rc < 0) fail(std::string("cannot open the ") + codec->name + " decoder", rc);

    size = cv::Size(stream->codecpar->width, stream->codecpar->height);
    if (size.width <= 0 || size.height <= 0) fail("video stream has no frame size");
    packet.reset(av_packet_alloc());
    if (!packet) fail("out of memory", AVERROR(ENOMEM));

    next = decodeNext();
    if (!next) fail("no video frames");
    logger().info("replaying {} {}x{} {} from {}", path, size.width, size.height, codec->name,
                  format->iformat->name);
}

ffmpeg::FramePtr VideoScreenSource::Impl::decodeNext() {
    for (;;) {
        ffmpeg::FramePtr frame(av_frame_alloc());
        if (!frame) fail("out of memory", AVERROR(ENOMEM));
        int rc = avcodec_receive_frame(decoder.get(), frame.get());
        if (rc == 0) return frame;
        if (rc == AVERROR_EOF) return nullptr;
        if (rc != AVERROR(EAGAIN)) fail("cannot decode", rc);

        // The decoder wants more input.
        rc = av_read_frame(format.get(), packet.get());
        if (rc == AVERROR_EOF && !demuxerDone) {
            demuxerDone = true;
            avcodec_send_packet(decoder.get(), nullptr);  // drain: threads hold frames back
            continue;
        }
        if (rc < 0) fail("cannot read", rc);
        if (packet->stream_index == stream->index) {
            rc = avcodec_send_packet(decoder.get(), packet.get());
            // A damaged packet costs one frame, not the rest of the file.
            if (rc == AVERROR_INVALIDDATA) {
                logger().warn("{}: skipped a damaged packet at {}", path, packet->pts);
            } else if (rc < 0) {
                av_packet_unref(packet.get());
                fail("cannot decode", rc);
            }
        }
        av_packet_unref(packet.get());
    }
}

std::int64_t VideoScreenSource::Impl::timestampUsOf(const AVFrame& frame) {
    const std::int64_t pts = frame.best_effort_timestamp;
    if (pts == AV_NOPTS_VALUE) {
        // No timing in the file (raw streams): step by the nominal frame rate.
        const AVRational rate = av_guess_frame_rate(format.get(), stream, nullptr);
        if (!last || rate.num <= 0) return lastTimestampUs;
        return lastTimestampUs + av_rescale_q(1, av_inv_q(rate), kMicroseconds);
    }
    if (firstPts == AV_NOPTS_VALUE) firstPts = pts;
    return av_rescale_q(pts - firstPts, stream->time_base, kMicroseconds);
}

cv::Mat VideoScreenSource::Impl::toBgra(const AVFrame& frame) {
    const ConversionKey key{frame.width, frame.height, frame.format, frame.colorspace,
                            frame.color_range};
    if (!converter || !(key == conversion)) {
        const auto sourceFormat = static_cast<AVPixelFormat>(frame.format);
        // Frames normally have the stream's size; one that does not is scaled to it, so that
        // every grab() matches size(). ACCURATE_RND and FULL_CHR_H_INT interpolate chroma
        // instead of repeating it, which keeps coloured text edges clean.
        converter.reset(sws_getContext(
            frame.width, frame.height, sourceFormat, size.width, size.height, AV_PIX_FMT_BGRA,
            SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr, nullptr));
        if (!converter) {
            fail(std::string("cannot convert from ") + av_get_pix_fmt_name(sourceFormat));
        }
        const AVPixFmtDescriptor* descriptor = av_pix_fmt_desc_get(sourceFormat);
        if (descriptor && !(descriptor->flags & AV_PIX_FMT_FLAG_RGB)) {
            // Use the matrix and range the file declares; BT.601 limited when it says
            // nothing, which is also what VideoRecorder writes.
            sws_setColorspaceDetails(converter.get(), sws_getCoefficients(frame.colorspace),
                                     frame.color_range == AVCOL_RANGE_JPEG,
                                     sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
        }
        conversion = key;
    }

    cv::Mat image(size, CV_8UC4);
    std::uint8_t* const destination[4] = {image.data, nullptr, nullptr, nullptr};
    const int destinationStride[4] = {static_cast<int>(image.step[0]), 0, 0, 0};
    sws_scale(converter.get(), frame.data, frame.linesize, 0, frame.height, destination,
              destinationStride);
    return image;
}

VideoScreenSource::VideoScreenSource(const std::string& path)
    : impl_(std::make_unique<Impl>(path)) {}

VideoScreenSource::~VideoScreenSource() = default;

Frame VideoScreenSource::grab() {
    Impl& d = *impl_;
    if (d.pendingError) std::rethrow_exception(std::exchange(d.pendingError, nullptr));
    if (!d.next) return Frame{d.toBgra(*d.last), d.lastTimestampUs, std::vector<cv::Rect>{}};
    d.lastTimestampUs = d.timestampUsOf(*d.next);
    d.last = std::move(d.next);
    try {
        d.next = d.decodeNext();
    } catch (const MediaError&) {
        // This grab still has a good frame to return; the damage is reported by the next.
        d.pendingError = std::current_exception();
    }
    // Converted from the kept AVFrame on every call, so a caller drawing on one grab's image
    // never changes what a later grab returns.
    return Frame{d.toBgra(*d.last), d.lastTimestampUs, std::nullopt};
}

bool VideoScreenSource::atEnd() const {
    return !impl_->next && !impl_->pendingError;
}

cv::Size VideoScreenSource::size() const {
    return impl_->size;
}

bool VideoScreenSource::waitForChange(std::chrono::milliseconds) {
    return !atEnd();
}

std::string VideoScreenSource::describe() const {
    return "video " + impl_->path + " " + std::to_string(impl_->size.width) + "x" +
           std::to_string(impl_->size.height) + " " + avcodec_get_name(impl_->decoder->codec_id);
}

}  // namespace hemu::capture
