#pragma once
// Replays a video file as a screen, one frame per grab(), with the file's own timestamps.
//
//   hemu::capture::VideoScreenSource source("run.mkv");
//   while (!source.atEnd()) process(source.grab());
//
// Meant for tests and benchmarks that must run without a display: a lossless recording made
// by VideoRecorder comes back pixel for pixel. Any file FFmpeg can decode works too.
//
// Threading: one thread at a time (ScreenSource's rule). Decoding runs on the calling thread
// plus libavcodec's own workers, one frame ahead of grab() so that atEnd() is exact.

#include "capture/ScreenSource.h"

#include <chrono>
#include <memory>
#include <string>

namespace hemu::capture {

class VideoScreenSource : public ScreenSource {
public:
    /// Opens the file and decodes its first frame. Throws MediaError naming `path` if the file
    /// is missing or unreadable, has no video stream, or no frame of it decodes.
    explicit VideoScreenSource(const std::string& path);
    ~VideoScreenSource() override;

    VideoScreenSource(const VideoScreenSource&) = delete;
    VideoScreenSource& operator=(const VideoScreenSource&) = delete;

    /// The next frame in file order as CV_8UC4 BGRA (4th byte 255) of size(), its timestampUs
    /// the microseconds since the first frame, changedRegions unknown (std::nullopt). Once
    /// the frames are used up it returns the last one again, with the same timestamp and an
    /// empty changedRegions ("nothing changed"). Throws MediaError if the file turns out
    /// to be damaged past what the decoder can skip.
    Frame grab() override;

    /// True once grab() has returned the last frame.
    bool atEnd() const;

    cv::Size size() const override;

    /// Does not wait: a file has its next frame ready or none at all. Returns !atEnd().
    bool waitForChange(std::chrono::milliseconds timeout) override;

    /// "video <path> <width>x<height> <codec>", e.g. "video run.mkv 1920x1080 ffv1".
    std::string describe() const override;

private:
    struct Impl;  // keeps libav* headers out of every file that replays
    std::unique_ptr<Impl> impl_;
};

}  // namespace hemu::capture
