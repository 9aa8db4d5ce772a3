// hemu capture: grab frames, report the rate, optionally save a PNG or a video.

#include "app/cli/Commands.h"
#include "capture/ScreenSourceFactory.h"
#include "capture/VideoRecorder.h"
#include "capture/VncScreenSource.h"

#include "capture/CaptureError.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace hemu::cli {

void addCaptureCommand(CLI::App& app, CommandBody& body) {
    struct Options {
        TargetOptions target;
        int frames = 1;
        std::string out;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand(
        "capture",
        "grab frames and print frames/s. Over VNC each frame is a full fresh framebuffer "
        "update requested from the server");
    addTargetOptions(*command, options->target);
    command->add_option("--frames", options->frames, "how many frames to grab")
        ->check(CLI::PositiveNumber);
    command->add_option("--out", options->out,
                        "save the last frame (.png) or every frame (.mkv lossless, .mp4 H.264)");
    command->callback([options, &body] {
        body = [options] {
            const auto& t = options->target;
            if (t.display.empty() && t.vnc.empty())
                throw std::invalid_argument("capture: give --display :N or --vnc HOST:PORT");
            auto source = capture::openScreenSource(
                {.display = t.display, .vnc = t.vnc, .vncPasswordFile = t.vncPasswordFile});
            auto* vnc = dynamic_cast<capture::VncScreenSource*>(source.get());
            const std::string extension = std::filesystem::path(options->out).extension();
            std::unique_ptr<capture::VideoRecorder> recorder;
            if (extension == ".mkv" || extension == ".mp4" || extension == ".avi") {
                recorder = std::make_unique<capture::VideoRecorder>(
                    options->out, source->size(),
                    capture::VideoRecorderOptions{.codec = extension == ".mkv"
                                                               ? capture::VideoCodec::Lossless
                                                               : capture::VideoCodec::H264});
            } else if (!options->out.empty() && extension != ".png") {
                throw std::invalid_argument("capture --out " + options->out +
                                            ": use a .png, .mkv or .mp4 file name");
            }
            capture::Frame frame;
            double captureMs = 0;
            for (int i = 0; i < options->frames; ++i) {
                const auto start = std::chrono::steady_clock::now();
                // Over VNC every frame is a full fresh update from the server, so the rate is
                // what the connection really delivers even on a screen that does not change.
                if (vnc && !vnc->connection()->waitForFullFrame(std::chrono::seconds(5)))
                    throw hemu::ConnectionError("VNC server sent no full frame within 5 s");
                frame = source->grab();
                captureMs += std::chrono::duration<double, std::milli>(
                                 std::chrono::steady_clock::now() - start)
                                 .count();
                if (recorder) recorder->write(frame);
            }
            if (recorder) recorder->close();
            if (extension == ".png") {
                cv::Mat bgr;  // the 4th byte of a frame is padding, not alpha
                cv::cvtColor(frame.image, bgr, cv::COLOR_BGRA2BGR);
                if (!cv::imwrite(options->out, bgr))
                    throw hemu::MediaError(options->out + ": cannot write PNG");
            }
            std::printf("%s: %d frames in %.1f ms: %.2f ms a frame, %.0f frames/s\n",
                        source->describe().c_str(), options->frames, captureMs,
                        captureMs / options->frames, 1000.0 * options->frames / captureMs);
            return int(kExitOk);
        };
    });
}

}  // namespace hemu::cli
