#include "policy/ScreenWatcher.h"

#include <opencv2/imgproc.hpp>

#include <thread>

namespace hemu::policy {

namespace {
using Clock = std::chrono::steady_clock;

double msBetween(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

/// The same pixels viewed as one 32-bit value each, so one compare covers all channels.
cv::Mat asWords(const cv::Mat& image) {
    CV_Assert(image.elemSize() == 4);
    return cv::Mat(image.rows, image.cols, CV_32SC1, image.data, image.step);
}
}  // namespace

std::vector<cv::Rect> changedRegions(const cv::Mat& before, const cv::Mat& after, int tile) {
    std::vector<cv::Rect> regions;
    if (before.empty() || before.size() != after.size() || before.type() != after.type()) {
        if (!after.empty()) regions.emplace_back(cv::Point(), after.size());
        return regions;
    }
    cv::Mat mask;
    if (before.elemSize() == 4)
        cv::compare(asWords(before), asWords(after), mask, cv::CMP_NE);
    else {
        cv::Mat diff;
        cv::absdiff(before, after, diff);
        if (diff.channels() > 1) cv::cvtColor(diff, diff, cv::COLOR_BGR2GRAY);
        mask = diff > 0;
    }
    if (cv::countNonZero(mask) == 0) return regions;
    // One cell per tile: any changed pixel marks it; touching cells form one region.
    const cv::Size grid((mask.cols + tile - 1) / tile, (mask.rows + tile - 1) / tile);
    cv::Mat cells(grid, CV_8U, cv::Scalar(0));
    for (int y = 0; y < mask.rows; ++y) {
        const uchar* row = mask.ptr<uchar>(y);
        uchar* cellRow = cells.ptr<uchar>(y / tile);
        for (int x = 0; x < mask.cols; ++x)
            if (row[x]) cellRow[x / tile] = 255;
    }
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(cells, labels, stats, centroids, 8);
    for (int i = 1; i < count; ++i) {
        const cv::Rect cellBox(stats.at<int>(i, cv::CC_STAT_LEFT) * tile,
                               stats.at<int>(i, cv::CC_STAT_TOP) * tile,
                               stats.at<int>(i, cv::CC_STAT_WIDTH) * tile,
                               stats.at<int>(i, cv::CC_STAT_HEIGHT) * tile);
        const cv::Rect clipped = cellBox & cv::Rect(cv::Point(), mask.size());
        const cv::Rect exact = cv::boundingRect(mask(clipped));
        regions.emplace_back(exact.x + clipped.x, exact.y + clipped.y, exact.width, exact.height);
    }
    return regions;
}

std::optional<cv::Rect> changedSquare(const cv::Mat& before, const cv::Mat& after, int side) {
    auto gray = [](const cv::Mat& image) {
        cv::Mat g;
        cv::cvtColor(image, g, image.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
        return g;
    };
    cv::Mat diff;
    cv::absdiff(gray(before), gray(after), diff);
    cv::Mat mask = diff > 24, labels, stats, centroids;
    cv::dilate(mask, mask, cv::Mat(), cv::Point(-1, -1), 1);
    const int count = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 8);
    std::vector<cv::Rect> small;  // components that fit in an indicator
    for (int i = 1; i < count; ++i) {
        const cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                         stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
        if (r.width <= side && r.height <= side && r.area() >= 9) small.push_back(r);
    }
    // The indicator is the largest roughly square change; the pieces of a check mark inside
    // it belong to it. A sliver (the edge of a field's focus frame cut by the crop) is not it.
    const cv::Rect* best = nullptr;
    for (const cv::Rect& r : small) {
        const int shorter = std::min(r.width, r.height), longer = std::max(r.width, r.height);
        if (shorter >= 5 && longer <= shorter * 3 / 2 + 1 && (!best || r.area() > best->area()))
            best = &r;
    }
    cv::Rect square;
    if (best) {
        const cv::Rect grown(best->x - 2, best->y - 2, best->width + 4, best->height + 4);
        for (const cv::Rect& r : small)
            if ((r & grown) == r) square |= r;
    } else {
        // A mark drawn in pieces that are not square on their own (a tick's two strokes).
        for (const cv::Rect& r : small) square |= r;
    }
    if (square.empty() || square.width > side || square.height > side) return std::nullopt;
    const int s = std::max(square.width, square.height);
    return cv::Rect(square.x + square.width / 2 - s / 2, square.y + square.height / 2 - s / 2, s, s);
}

bool isSignificantChange(const std::vector<cv::Rect>& regions) {
    for (const cv::Rect& r : regions)
        if (r.width > 3 || r.height > 48) return true;
    return false;
}

ScreenWatcher::ScreenWatcher(capture::ScreenSource& source, const std::atomic<bool>* cancel)
    : source_(source), cancel_(cancel) {}

const capture::Frame& ScreenWatcher::grab() {
    const auto start = Clock::now();
    latest_ = source_.grab();
    captureMs_ += msBetween(start, Clock::now());
    if (observer_) observer_(latest_);
    return latest_;
}

void ScreenWatcher::pause(Millis atMost) {
    // VNC blocks until an update arrives; X11 cannot know and returns at once, so poll every
    // 2 ms: often enough to act within a frame of the application, rarely enough to leave
    // the CPU to the application that is drawing.
    const auto start = Clock::now();
    source_.waitForChange(atMost);
    if (Clock::now() - start < Millis(1)) std::this_thread::sleep_for(std::min(atMost, Millis(2)));
}

Settled ScreenWatcher::settle(const cv::Mat& reference, const SettleOptions& options) {
    const auto start = Clock::now();
    Settled result;
    cv::Mat previous = reference;
    auto lastChange = start;
    while (true) {
        if (cancel_ && cancel_->load()) break;
        const auto now = Clock::now();
        if (!result.changed && now - start >= options.expectChangeWithin) break;
        if (result.changed && now - lastChange >= options.quiet) break;
        if (now - start >= options.timeout) {
            result.timedOut = result.changed;
            break;
        }
        pause(result.changed ? options.quiet : options.expectChangeWithin);
        const capture::Frame& frame = grab();
        if (isSignificantChange(changedRegions(previous, frame.image))) {
            result.changed = true;
            lastChange = Clock::now();
            previous = frame.image;
        }
    }
    result.frame = latest_;
    if (result.frame.image.empty()) result.frame = grab();
    result.regions = changedRegions(reference, result.frame.image);
    result.changed = isSignificantChange(result.regions);
    result.waitedMs = msBetween(start, Clock::now());
    return result;
}

bool ScreenWatcher::waitForChange(const cv::Mat& reference, Clock::time_point deadline) {
    while (Clock::now() < deadline) {
        if (cancel_ && cancel_->load()) return false;
        pause(std::chrono::duration_cast<Millis>(deadline - Clock::now()));
        if (isSignificantChange(changedRegions(reference, grab().image))) return true;
    }
    return false;
}

}  // namespace hemu::policy
