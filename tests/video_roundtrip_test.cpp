// Records synthetic screens with VideoRecorder and replays them with VideoScreenSource.

#include "capture/CaptureError.h"
#include "capture/VideoRecorder.h"
#include "capture/VideoScreenSource.h"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using hemu::MediaError;
using hemu::capture::Frame;
using hemu::capture::VideoCodec;
using hemu::capture::VideoRecorder;
using hemu::capture::VideoScreenSource;
namespace fs = std::filesystem;

const cv::Size kScreenSize{640, 360};
// Irregular gaps as a real capture loop produces them (a grab every 16-33 ms, stalls while
// an app redraws), starting from a steady-clock reading rather than zero; the 1'400 us
// offsets check the rounding to the file's millisecond time base.
const std::vector<std::int64_t> kTimestampsUs = [] {
    const std::int64_t startUs = 5'000'000'000;
    const std::vector<std::int64_t> offsetsMs = {0,   33,  50,   200,  216,  233, 250,
                                                 400, 401, 450,  466,  600,  610, 611,
                                                 700, 900, 1000, 1016, 1033, 2500};
    std::vector<std::int64_t> timestamps;
    for (std::size_t i = 0; i < offsetsMs.size(); ++i) {
        timestamps.push_back(startUs + offsetsMs[i] * 1000 + (i % 3 == 1 ? 1'400 : 0));
    }
    return timestamps;
}();

// A screen-like BGRA image: flat background, coloured windows, text. The 4th byte is noise,
// as the padding byte of X11 pixels may be: the recorder must ignore it.
cv::Mat syntheticScreen(int index) {
    cv::RNG rng(1234 + index);
    cv::Mat bgr(kScreenSize, CV_8UC3, cv::Scalar(200, 180, 160));
    for (int i = 0; i < 6; ++i) {
        const cv::Point corner(rng.uniform(0, kScreenSize.width - 60),
                               rng.uniform(0, kScreenSize.height - 40));
        const cv::Size blockSize(rng.uniform(40, 300), rng.uniform(30, 200));
        cv::rectangle(bgr, cv::Rect(corner, blockSize),
                      cv::Scalar(rng.uniform(0, 256), rng.uniform(0, 256), rng.uniform(0, 256)),
                      cv::FILLED);
    }
    cv::putText(bgr, "frame " + std::to_string(index), cv::Point(20, 60), cv::FONT_HERSHEY_SIMPLEX,
                1.5, cv::Scalar(20, 20, 20), 2, cv::LINE_AA);
    cv::putText(bgr, "File  Edit  View  Help", cv::Point(10, kScreenSize.height - 20),
                cv::FONT_HERSHEY_PLAIN, 1.2, cv::Scalar(0, 0, 0), 1, cv::LINE_8);

    cv::Mat padding(kScreenSize, CV_8UC1);
    rng.fill(padding, cv::RNG::UNIFORM, 0, 256);
    cv::Mat bgra;
    const cv::Mat channels[] = {bgr, padding};
    cv::merge(channels, 2, bgra);
    return bgra;
}

std::vector<Frame> syntheticFrames() {
    std::vector<Frame> frames;
    for (std::size_t i = 0; i < kTimestampsUs.size(); ++i) {
        frames.push_back(Frame{syntheticScreen(static_cast<int>(i)), kTimestampsUs[i], {}});
    }
    return frames;
}

cv::Mat bgrOf(const cv::Mat& bgra) {
    cv::Mat bgr;
    cv::cvtColor(bgra, bgr, cv::COLOR_BGRA2BGR);
    return bgr;
}

std::vector<Frame> replayAll(VideoScreenSource& source) {
    std::vector<Frame> frames;
    while (!source.atEnd()) {
        EXPECT_TRUE(source.waitForChange(std::chrono::milliseconds(0)));
        frames.push_back(source.grab());
        if (frames.size() > 1000) break;  // a source that never ends must not hang the test
    }
    EXPECT_FALSE(source.waitForChange(std::chrono::milliseconds(0)));
    return frames;
}

class VideoRoundTrip : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "hemu-video-test-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    std::string pathFor(const std::string& name) const { return (dir_ / name).string(); }

    void record(const std::string& path, const std::vector<Frame>& frames, VideoCodec codec) {
        VideoRecorder recorder(path, kScreenSize, {.codec = codec});
        for (const Frame& frame : frames) recorder.write(frame);
        EXPECT_EQ(recorder.framesWritten(), static_cast<int>(frames.size()));
        recorder.close();
    }

    // Checks what every codec must keep: frame count, size, type, timestamps.
    void expectSameTiming(const std::vector<Frame>& written, const std::vector<Frame>& replayed) {
        ASSERT_EQ(replayed.size(), written.size());
        for (std::size_t i = 0; i < written.size(); ++i) {
            SCOPED_TRACE("frame " + std::to_string(i));
            EXPECT_EQ(replayed[i].image.type(), CV_8UC4);
            EXPECT_EQ(replayed[i].image.size(), kScreenSize);
            EXPECT_FALSE(replayed[i].changedRegions.has_value());
            const std::int64_t expectedUs = written[i].timestampUs - written[0].timestampUs;
            EXPECT_NEAR(replayed[i].timestampUs, expectedUs, 1000);
            cv::Mat alpha;
            cv::extractChannel(replayed[i].image, alpha, 3);
            EXPECT_EQ(cv::countNonZero(alpha != 255), 0) << "4th byte must be 255";
        }
    }

    fs::path dir_;
};

TEST_F(VideoRoundTrip, LosslessMkvIsPixelExact) {
    const std::vector<Frame> written = syntheticFrames();
    const std::string path = pathFor("lossless.mkv");
    record(path, written, VideoCodec::Lossless);

    VideoScreenSource source(path);
    EXPECT_EQ(source.size(), kScreenSize);
    EXPECT_EQ(source.describe(), "video " + path + " 640x360 ffv1");
    const std::vector<Frame> replayed = replayAll(source);
    expectSameTiming(written, replayed);
    ASSERT_EQ(replayed.size(), written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
        EXPECT_EQ(cv::norm(bgrOf(written[i].image), bgrOf(replayed[i].image), cv::NORM_INF), 0)
            << "frame " << i;
    }

    // Past the end: the last frame again, same time, known unchanged.
    const Frame again = source.grab();
    EXPECT_EQ(again.timestampUs, replayed.back().timestampUs);
    EXPECT_EQ(cv::norm(again.image, replayed.back().image, cv::NORM_INF), 0);
    ASSERT_TRUE(again.changedRegions.has_value());
    EXPECT_TRUE(again.changedRegions->empty());
    EXPECT_TRUE(source.atEnd());
}

TEST_F(VideoRoundTrip, LosslessAcceptsBgrAndAvi) {
    std::vector<Frame> written = syntheticFrames();
    for (Frame& frame : written) frame.image = bgrOf(frame.image);
    const std::string path = pathFor("lossless-bgr.avi");
    record(path, written, VideoCodec::Lossless);

    VideoScreenSource source(path);
    const std::vector<Frame> replayed = replayAll(source);
    expectSameTiming(written, replayed);
    ASSERT_EQ(replayed.size(), written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
        EXPECT_EQ(cv::norm(written[i].image, bgrOf(replayed[i].image), cv::NORM_INF), 0)
            << "frame " << i;
    }
}

void expectCloseEnough(const std::vector<Frame>& written, const std::vector<Frame>& replayed) {
    ASSERT_EQ(replayed.size(), written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
        const double psnrDb = cv::PSNR(bgrOf(written[i].image), bgrOf(replayed[i].image));
        EXPECT_GT(psnrDb, 30.0) << "frame " << i;
    }
}

TEST_F(VideoRoundTrip, H264Mp4KeepsTimingAndQuality) {
    const std::vector<Frame> written = syntheticFrames();
    const std::string path = pathFor("h264.mp4");
    record(path, written, VideoCodec::H264);

    VideoScreenSource source(path);
    EXPECT_EQ(source.describe(), "video " + path + " 640x360 h264");
    const std::vector<Frame> replayed = replayAll(source);
    expectSameTiming(written, replayed);
    expectCloseEnough(written, replayed);
}

TEST_F(VideoRoundTrip, H264MkvKeepsTimingAndQuality) {
    const std::vector<Frame> written = syntheticFrames();
    const std::string path = pathFor("h264.mkv");
    record(path, written, VideoCodec::H264);

    VideoScreenSource source(path);
    const std::vector<Frame> replayed = replayAll(source);
    expectSameTiming(written, replayed);
    expectCloseEnough(written, replayed);
}

TEST_F(VideoRoundTrip, DestructorFinishesTheFile) {
    const std::vector<Frame> written = syntheticFrames();
    const std::string path = pathFor("unclosed.mkv");
    {
        VideoRecorder recorder(path, kScreenSize);
        for (const Frame& frame : written) recorder.write(frame);
        VideoRecorder moved = std::move(recorder);  // ownership of the file moves too
        EXPECT_EQ(moved.framesWritten(), static_cast<int>(written.size()));
    }
    VideoScreenSource source(path);
    expectSameTiming(written, replayAll(source));
}

TEST_F(VideoRoundTrip, NonIncreasingTimestampsAreNudged) {
    std::vector<Frame> written = syntheticFrames();
    written.resize(4);
    written[2].timestampUs = written[1].timestampUs;      // same instant
    written[3].timestampUs = written[1].timestampUs - 5;  // clock stepped back
    const std::string path = pathFor("nudged.mkv");
    record(path, written, VideoCodec::Lossless);

    VideoScreenSource source(path);
    const std::vector<Frame> replayed = replayAll(source);
    ASSERT_EQ(replayed.size(), 4u);
    const std::int64_t secondUs = replayed[1].timestampUs;
    EXPECT_EQ(replayed[2].timestampUs, secondUs + 1000);
    EXPECT_EQ(replayed[3].timestampUs, secondUs + 2000);
}

// The message must name the file, so that a user with several recordings knows which.
template <typename Action>
void expectMediaErrorNaming(const std::string& path, Action action) {
    try {
        action();
        ADD_FAILURE() << "no MediaError for " << path;
    } catch (const MediaError& e) {
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
}

TEST_F(VideoRoundTrip, MissingFileThrowsMediaError) {
    const std::string path = pathFor("missing.mkv");
    expectMediaErrorNaming(path, [&] { VideoScreenSource source(path); });
}

TEST_F(VideoRoundTrip, NonVideoFileThrowsMediaError) {
    const std::string path = pathFor("garbage.mkv");
    {
        std::ofstream out(path, std::ios::binary);
        cv::RNG rng(42);
        for (int i = 0; i < 64 * 1024; ++i) out.put(static_cast<char>(rng.uniform(0, 256)));
    }
    expectMediaErrorNaming(path, [&] { VideoScreenSource source(path); });

    const std::string textPath = pathFor("notes.txt");
    std::ofstream(textPath) << "not a video, just some notes\n";
    expectMediaErrorNaming(textPath, [&] { VideoScreenSource source(textPath); });
}

TEST_F(VideoRoundTrip, RecorderRejectsBadInput) {
    const std::string mp4 = pathFor("lossless.mp4");
    expectMediaErrorNaming(mp4, [&] { VideoRecorder recorder(mp4, kScreenSize); });

    const std::string path = pathFor("sizes.mkv");
    VideoRecorder recorder(path, kScreenSize);
    const Frame wrongSize{cv::Mat(100, 100, CV_8UC4, cv::Scalar::all(0)), 0, {}};
    expectMediaErrorNaming(path, [&] { recorder.write(wrongSize); });
    const Frame wrongType{cv::Mat(kScreenSize, CV_8UC1, cv::Scalar::all(0)), 0, {}};
    expectMediaErrorNaming(path, [&] { recorder.write(wrongType); });
    EXPECT_EQ(recorder.framesWritten(), 0);
}

}  // namespace
