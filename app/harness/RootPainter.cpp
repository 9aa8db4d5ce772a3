#include "app/harness/RootPainter.h"

#include <random>
#include <stdexcept>

#include <X11/Xlib.h>
#include <X11/Xutil.h>

namespace hemu::harness {

struct RootPainter::Impl {
    Display* display = nullptr;
};

RootPainter::RootPainter(const std::string& display) : impl_(std::make_unique<Impl>()) {
    impl_->display = XOpenDisplay(display.c_str());
    if (!impl_->display) throw std::runtime_error("RootPainter: cannot open " + display);
}

RootPainter::~RootPainter() { XCloseDisplay(impl_->display); }

void RootPainter::paint(const cv::Mat& bgra, int x, int y) {
    CV_Assert(bgra.type() == CV_8UC4 && bgra.isContinuous());
    Display* d = impl_->display;
    const int screen = DefaultScreen(d);
    XImage* image = XCreateImage(d, DefaultVisual(d, screen), DefaultDepth(d, screen), ZPixmap, 0,
                                 reinterpret_cast<char*>(bgra.data), bgra.cols, bgra.rows, 32,
                                 int(bgra.step));
    GC gc = XCreateGC(d, RootWindow(d, screen), 0, nullptr);
    XPutImage(d, RootWindow(d, screen), gc, image, 0, 0, x, y, bgra.cols, bgra.rows);
    XSync(d, False);
    XFreeGC(d, gc);
    image->data = nullptr;  // owned by the cv::Mat
    XDestroyImage(image);
}

cv::Mat makeTestPattern(cv::Size size, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> byte(0, 255);
    cv::Mat image(size, CV_8UC4, cv::Scalar(255, 255, 255, 255));
    for (int i = 0; i < 200; ++i) {
        const int x = std::uniform_int_distribution<int>(0, size.width - 1)(rng);
        const int y = std::uniform_int_distribution<int>(0, size.height - 1)(rng);
        const int w = std::uniform_int_distribution<int>(4, size.width / 4)(rng);
        const int h = std::uniform_int_distribution<int>(4, size.height / 4)(rng);
        image(cv::Rect(x, y, w, h) & cv::Rect(cv::Point(), size))
            .setTo(cv::Scalar(byte(rng), byte(rng), byte(rng), 255));
    }
    // A few single-pixel details that any lossy step would smear.
    for (int i = 0; i < 2000; ++i) {
        const int x = std::uniform_int_distribution<int>(0, size.width - 1)(rng);
        const int y = std::uniform_int_distribution<int>(0, size.height - 1)(rng);
        image.at<cv::Vec4b>(y, x) = cv::Vec4b(byte(rng), byte(rng), byte(rng), 255);
    }
    return image;
}

}  // namespace hemu::harness
