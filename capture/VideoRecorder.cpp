#include "capture/VideoRecorder.h"

#include "capture/CaptureError.h"
#include "capture/FfmpegHandles.h"
#include "capture/Log.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <utility>

namespace hemu::capture {
namespace {

spdlog::logger& logger() {
    static const auto instance = namedLogger("video");
    return *instance;
}

// Milliseconds: Matroska stores timestamps in ms whatever we ask for, and screen frames are
// never closer than a few ms apart, so a finer base would only invite rounding collisions.
constexpr AVRational kTimeBaseMs{1, 1000};
constexpr AVRational kMicroseconds{1, 1000000};

struct OutputFormatDeleter {
    void operator()(AVFormatContext* context) const {
        if (!(context->oformat->flags & AVFMT_NOFILE)) avio_closep(&context->pb);
        avformat_free_context(context);
    }
};

std::string lowercaseExtension(const std::string& path) {
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

// The muxer name for the file's extension; nullptr if we do not write that container.
const char* containerFor(const std::string& path) {
    const std::string extension = lowercaseExtension(path);
    if (extension.empty() || extension == ".mkv") return "matroska";
    if (extension == ".mp4") return "mp4";
    if (extension == ".avi") return "avi";
    return nullptr;
}

bool supportsPixelFormat(const AVCodec* codec, AVPixelFormat format) {
    if (!codec->pix_fmts) return true;  // the codec does not say: let avcodec_open2 decide
    for (const AVPixelFormat* f = codec->pix_fmts; *f != AV_PIX_FMT_NONE; ++f) {
        if (*f == format) return true;
    }
    return false;
}

}  // namespace

struct VideoRecorder::Impl {
    std::string path;
    cv::Size size;
    std::unique_ptr<AVFormatContext, OutputFormatDeleter> format;
    std::unique_ptr<AVCodecContext, ffmpeg::CodecContextDeleter> encoder;
    std::unique_ptr<AVFrame, ffmpeg::FrameDeleter> frame;  // encoder input, reused for every write
    std::unique_ptr<AVPacket, ffmpeg::PacketDeleter> packet;
    // The newest encoded packet, kept until the next one tells its duration: mp4 drops a
    // last frame of duration 0 (its edit list ends where that frame starts).
    std::unique_ptr<AVPacket, ffmpeg::PacketDeleter> held;
    bool holding = false;
    std::int64_t lastDuration = 0;  // encoder time base
    std::unique_ptr<SwsContext, ffmpeg::SwsDeleter> converter;
    AVStream* stream = nullptr;  // owned by `format`
    std::int64_t firstTimestampUs = 0;
    std::int64_t lastPts = AV_NOPTS_VALUE;
    int framesWritten = 0;
    bool closed = false;

    Impl(const std::string& path, cv::Size size, const VideoRecorderOptions& options);
    ~Impl();

    [[noreturn]] void fail(const std::string& what, int code) const {
        throw MediaError(path + ": " + what + ": " + ffmpeg::errorText(code));
    }
    [[noreturn]] void fail(const std::string& what) const { throw MediaError(path + ": " + what); }

    void openEncoder(const VideoRecorderOptions& options);
    void convertIntoFrame(const cv::Mat& image);
    void encode(const AVFrame* input);  // nullptr drains the encoder
    void writeHeld(std::int64_t duration);
    void write(const Frame& frame);
    void close();
};

VideoRecorder::Impl::Impl(const std::string& path, cv::Size size,
                          const VideoRecorderOptions& options)
    : path(path), size(size) {
    ffmpeg::routeLogToSpdlog();
    if (size.width <= 0 || size.height <= 0) fail("invalid frame size");
    const char* container = containerFor(path);
    if (!container)
        fail("unsupported container " + lowercaseExtension(path) + " (use .mkv, .mp4 or .avi)");
    if (options.codec == VideoCodec::Lossless && std::string(container) == "mp4") {
        fail("lossless (FFV1) recording needs .mkv or .avi, not .mp4");
    }

    AVFormatContext* rawFormat = nullptr;
    int rc = avformat_alloc_output_context2(&rawFormat, nullptr, container, path.c_str());
    if (rc < 0) fail("cannot set up the " + std::string(container) + " muxer", rc);
    format.reset(rawFormat);

    openEncoder(options);

    stream = avformat_new_stream(format.get(), nullptr);
    if (!stream) fail("cannot add a video stream", AVERROR(ENOMEM));
    stream->time_base = encoder->time_base;  // a hint: mp4 raises it, Matroska forces 1/1000
    rc = avcodec_parameters_from_context(stream->codecpar, encoder.get());
    if (rc < 0) fail("cannot copy encoder parameters", rc);

    if (!(format->oformat->flags & AVFMT_NOFILE)) {
        rc = avio_open(&format->pb, path.c_str(), AVIO_FLAG_WRITE);
        if (rc < 0) fail("cannot create", rc);
    }
    rc = avformat_write_header(format.get(), nullptr);
    if (rc < 0) fail("cannot write header", rc);

    frame.reset(av_frame_alloc());
    packet.reset(av_packet_alloc());
    held.reset(av_packet_alloc());
    if (!frame || !packet || !held) fail("out of memory", AVERROR(ENOMEM));
    frame->format = encoder->pix_fmt;
    frame->width = size.width;
    frame->height = size.height;
    rc = av_frame_get_buffer(frame.get(), 0);
    if (rc < 0) fail("cannot allocate a frame", rc);

    logger().info("recording {} {}x{} {} ({}) in {}", path, size.width, size.height,
                  encoder->codec->name, av_get_pix_fmt_name(encoder->pix_fmt), container);
}

void VideoRecorder::Impl::openEncoder(const VideoRecorderOptions& options) {
    const AVCodec* codec = nullptr;
    AVPixelFormat pixelFormat = AV_PIX_FMT_NONE;
    AVDictionary* rawOptions = nullptr;
    switch (options.codec) {
        case VideoCodec::Lossless:
            codec = avcodec_find_encoder(AV_CODEC_ID_FFV1);
            if (!codec) fail("FFV1 encoder not available in this libavcodec");
            // bgr0 is the X11/VNC byte order, so the lossless path is a plain copy. FFV1
            // stores it through a reversible colour transform: exact. Cost to know about:
            // libavcodec 5.1 sizes FFV1's output buffer for the worst case, 148 bytes a pixel,
            // and zeroes it on the first frame: ~300 MB resident and ~1 s at 1080p (measured).
            pixelFormat = AV_PIX_FMT_BGR0;
            break;
        case VideoCodec::H264:
            codec = avcodec_find_encoder_by_name("libx264");  // preset and crf are x264's
            if (!codec) fail("H264 encoder libx264 not available in this libavcodec");
            if (size.width % 2 || size.height % 2)
                fail("H264 (yuv420p) needs an even width and height");
            pixelFormat = AV_PIX_FMT_YUV420P;
            av_dict_set(&rawOptions, "preset", "ultrafast", 0);
            av_dict_set_int(&rawOptions, "crf", std::clamp(options.h264Crf, 0, 51), 0);
            break;
        case VideoCodec::Invalid:
            fail("no codec chosen");
    }
    std::unique_ptr<AVDictionary, ffmpeg::DictionaryDeleter> codecOptions(rawOptions);
    if (!supportsPixelFormat(codec, pixelFormat)) {
        fail(std::string(codec->name) + " cannot encode " + av_get_pix_fmt_name(pixelFormat));
    }

    encoder.reset(avcodec_alloc_context3(codec));
    if (!encoder) fail("out of memory", AVERROR(ENOMEM));
    encoder->width = size.width;
    encoder->height = size.height;
    encoder->pix_fmt = pixelFormat;
    encoder->time_base = kTimeBaseMs;
    // A nominal rate for x264's rate control; the real timing is in each frame's pts.
    encoder->framerate = AVRational{30, 1};
    encoder->thread_count = 0;  // one per core
    // FFV1 version 3 splits each frame into slices (coded on several threads) with CRCs, so
    // a recording cut short by a crash still decodes up to the damage.
    if (options.codec == VideoCodec::Lossless) encoder->level = 3;
    if (pixelFormat == AV_PIX_FMT_YUV420P) {
        // Tag what swscale does by default (BT.601, limited range) so players agree with
        // VideoScreenSource on the colours.
        encoder->colorspace = AVCOL_SPC_SMPTE170M;
        encoder->color_range = AVCOL_RANGE_MPEG;
    }
    // mp4 and Matroska want SPS/PPS (or FFV1's header) once, in the container header.
    if (format->oformat->flags & AVFMT_GLOBALHEADER) encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

    AVDictionary* remaining = codecOptions.release();
    const int rc = avcodec_open2(encoder.get(), codec, &remaining);
    codecOptions.reset(remaining);
    if (rc < 0) fail(std::string("cannot open the ") + codec->name + " encoder", rc);
    for (const AVDictionaryEntry* e = nullptr;
         (e = av_dict_get(codecOptions.get(), "", e, AV_DICT_IGNORE_SUFFIX));) {
        logger().warn("{}: {} ignored option {}={}", path, codec->name, e->key, e->value);
    }
}

void VideoRecorder::Impl::convertIntoFrame(const cv::Mat& image) {
    AVPixelFormat sourceFormat;
    if (image.type() == CV_8UC4) {
        sourceFormat = AV_PIX_FMT_BGR0;  // the 4th byte of X11/VNC pixels is padding
    } else if (image.type() == CV_8UC3) {
        sourceFormat = AV_PIX_FMT_BGR24;
    } else {
        fail("unsupported image type " + cv::typeToString(image.type()) +
             " (want CV_8UC4 BGRA or CV_8UC3 BGR)");
    }
    if (image.size() != size) {
        fail("frame is " + std::to_string(image.cols) + "x" + std::to_string(image.rows) +
             ", recording is " + std::to_string(size.width) + "x" + std::to_string(size.height));
    }

    // The cached context is rebuilt only when the input type changes. For bgr0 -> bgr0
    // swscale just copies rows. ACCURATE_RND and FULL_CHR_H_INT cost a little time and keep
    // chroma at text edges from smearing on the way to yuv420p.
    converter.reset(sws_getCachedContext(converter.release(), size.width, size.height, sourceFormat,
                                         size.width, size.height, encoder->pix_fmt,
                                         SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                                         nullptr, nullptr, nullptr));
    if (!converter) fail("cannot convert to " + std::string(av_get_pix_fmt_name(encoder->pix_fmt)));

    // The encoder may still hold a reference to last frame's buffer.
    const int rc = av_frame_make_writable(frame.get());
    if (rc < 0) fail("cannot allocate a frame", rc);
    const std::uint8_t* const sourceData[4] = {image.data, nullptr, nullptr, nullptr};
    const int sourceStride[4] = {static_cast<int>(image.step[0]), 0, 0, 0};
    sws_scale(converter.get(), sourceData, sourceStride, 0, size.height, frame->data,
              frame->linesize);
}

void VideoRecorder::Impl::encode(const AVFrame* input) {
    int rc = avcodec_send_frame(encoder.get(), input);
    if (rc < 0) fail("cannot encode", rc);
    for (;;) {
        rc = avcodec_receive_packet(encoder.get(), packet.get());
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
        if (rc < 0) fail("cannot encode", rc);
        // Packets come in decoding order, so the dts gap is the held frame's duration.
        if (holding) writeHeld(packet->dts - held->dts);
        av_packet_move_ref(held.get(), packet.get());
        holding = true;
    }
}

void VideoRecorder::Impl::writeHeld(std::int64_t duration) {
    held->duration = duration;
    lastDuration = duration;
    av_packet_rescale_ts(held.get(), encoder->time_base, stream->time_base);
    held->stream_index = stream->index;
    holding = false;
    const int rc = av_interleaved_write_frame(format.get(), held.get());  // takes the data
    if (rc < 0) fail("cannot write", rc);
}

void VideoRecorder::Impl::write(const Frame& input) {
    if (closed) fail("write after close");
    convertIntoFrame(input.image);

    if (framesWritten == 0) firstTimestampUs = input.timestampUs;
    std::int64_t pts =
        av_rescale_q(input.timestampUs - firstTimestampUs, kMicroseconds, encoder->time_base);
    if (lastPts != AV_NOPTS_VALUE && pts <= lastPts) {
        // Muxers reject timestamps that go backwards or repeat; a clock step or two grabs
        // within one millisecond must not lose the frame.
        logger().debug("{}: frame at {} us moved from pts {} to {}", path, input.timestampUs, pts,
                       lastPts + 1);
        pts = lastPts + 1;
    }
    frame->pts = pts;
    encode(frame.get());
    lastPts = pts;
    ++framesWritten;
}

void VideoRecorder::Impl::close() {
    if (closed) return;
    closed = true;  // a failed drain is not retried by the destructor
    encode(nullptr);
    if (holding) {
        // The last frame shows as long as the one before it did; a lone frame for 1/30 s,
        // the nominal rate.
        writeHeld(lastDuration > 0
                      ? lastDuration
                      : av_rescale_q(1, av_inv_q(encoder->framerate), encoder->time_base));
    }
    const int rc = av_write_trailer(format.get());
    if (rc < 0) fail("cannot write trailer", rc);
    logger().info("{}: {} frames, {:.3f} s", path, framesWritten,
                  lastPts == AV_NOPTS_VALUE ? 0.0 : lastPts * av_q2d(encoder->time_base));
}

VideoRecorder::Impl::~Impl() {
    // A recorder that failed in its constructor has no header to finish; Impl's destructor
    // only runs for a fully constructed Impl.
    try {
        close();
    } catch (const std::exception& e) {
        logger().error("{}", e.what());
    }
}

VideoRecorder::VideoRecorder(const std::string& path, cv::Size size, VideoRecorderOptions options)
    : impl_(std::make_unique<Impl>(path, size, options)) {}

VideoRecorder::~VideoRecorder() = default;
VideoRecorder::VideoRecorder(VideoRecorder&&) noexcept = default;
VideoRecorder& VideoRecorder::operator=(VideoRecorder&&) noexcept = default;

void VideoRecorder::write(const Frame& frame) {
    if (!impl_) throw MediaError("write on a moved-from VideoRecorder");
    impl_->write(frame);
}

void VideoRecorder::close() {
    if (impl_) impl_->close();
}

int VideoRecorder::framesWritten() const {
    return impl_ ? impl_->framesWritten : 0;
}

}  // namespace hemu::capture
