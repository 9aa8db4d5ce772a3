#pragma once
// Puts known pixels on an X display's root window, for tests that check what capture returns and benchmarks that keep a screen changing.

#include <opencv2/core.hpp>

#include <memory>
#include <string>

namespace hemu::harness {

class RootPainter {
public:
    explicit RootPainter(const std::string& display);
    ~RootPainter();
    /// Draws a CV_8UC4 BGRA image at (x, y) of the root window and waits until the server
    /// has done it.
    void paint(const cv::Mat& bgra, int x = 0, int y = 0);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// An image of random colour blocks and lines: compresses like a real screen, not like noise.
cv::Mat makeTestPattern(cv::Size size, unsigned seed);

}  // namespace hemu::harness
