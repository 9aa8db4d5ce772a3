#pragma once
// Writes captured frames to a video file with their real (variable) timestamps.
//
//   hemu::capture::VideoRecorder recorder("run.mkv", source->size());
//   recorder.write(source->grab());   // as often as frames come
//   recorder.close();                 // or let the destructor finish the file
//
// Lossless recordings (FFV1 in Matroska) replay pixel for pixel through VideoScreenSource, so
// a recorded session can stand in for a live screen in tests and benchmarks. H264 files play
// anywhere and are far smaller (1080p desktop with text: 13 KiB a frame against 930 KiB for
// FFV1, measured), at the cost of exactness.
//
// Containers: prefer .mkv. A Matroska file cut short by a crash still replays up to the cut;
// an .mp4 is unreadable until close() writes its index. AVI has no timestamps, so the muxer
// pads every millisecond without a frame (~50 bytes each, ~175 MB per idle hour).
//
// Threading: one thread at a time. write() encodes on the calling thread (both encoders add
// worker threads of their own) and is slow for 1080p: median FFV1 50-90 ms, H264 10-20 ms,
// first FFV1 frame 1-2 s (2-core VM, measured). A capture loop that must not stall should
// hand frames to a thread that owns the recorder.

#include "capture/Frame.h"

#include <opencv2/core.hpp>

#include <memory>
#include <string>

namespace hemu::capture {

enum class VideoCodec {
    Invalid,
    Lossless,  ///< FFV1, pixel format bgr0: RGB is stored exactly. Needs .mkv or .avi.
    H264,      ///< libx264, preset ultrafast, yuv420p (so width and height must be even).
};

struct VideoRecorderOptions {
    VideoCodec codec = VideoCodec::Lossless;
    /// libx264 constant rate factor, 0 (lossless in YUV) .. 51; 23 is x264's default.
    int h264Crf = 23;
};

class VideoRecorder {
public:
    /// Creates the file and writes its header. The container follows the extension: .mkv
    /// (also used when there is none), .mp4 (H264 only) or .avi. Throws MediaError naming
    /// `path` if the file cannot be created or the codec/container pair is not supported.
    VideoRecorder(const std::string& path, cv::Size size, VideoRecorderOptions options = {});
    /// Finishes the file if close() was not called. Never throws: failures are logged.
    ~VideoRecorder();

    VideoRecorder(const VideoRecorder&) = delete;
    VideoRecorder& operator=(const VideoRecorder&) = delete;
    /// A moved-from recorder may only be destroyed or assigned to. Assigning finishes the
    /// file the target was writing.
    VideoRecorder(VideoRecorder&&) noexcept;
    VideoRecorder& operator=(VideoRecorder&&) noexcept;

    /// Encodes one frame: CV_8UC4 BGRA/BGRX (the 4th byte is ignored) or CV_8UC3 BGR, of the
    /// size given to the constructor. Its presentation time is frame.timestampUs minus the
    /// first frame's, stored in milliseconds; a frame that would not come strictly after the
    /// previous one is moved 1 ms after it. Throws MediaError on a wrong size or type, a
    /// write after close(), or an encoder/disk failure.
    void write(const Frame& frame);

    /// Drains the encoder and writes the trailer; the file is complete afterwards. Calling it
    /// again does nothing. Throws MediaError if the data cannot be written.
    void close();

    int framesWritten() const;

private:
    struct Impl;  // keeps libav* headers out of every file that records
    std::unique_ptr<Impl> impl_;
};

}  // namespace hemu::capture
