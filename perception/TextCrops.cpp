#include "perception/TextCrops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace hemu::perception {

cv::Rect textRegion(const Element& e, cv::Size screen) {
    cv::Rect r = e.box;
    switch (e.type) {
        case ElementType::Checkbox:
        case ElementType::Radio: {
            // The indicator is about as wide as the box is high, at the left.
            const int indicator = std::min(r.width, r.height);
            r.x += indicator;
            r.width -= indicator;
            r = {r.x, r.y - 1, r.width + 2, r.height + 2};
            break;
        }
        case ElementType::Dropdown:
            r.width -= std::min(r.width / 2, r.height);  // the arrow button
            [[fallthrough]];
        case ElementType::TextField:
        case ElementType::Button:
            r = {r.x + 3, r.y + 2, r.width - 6, r.height - 4};
            break;
        case ElementType::Text:
            r = {r.x - 2, r.y - 2, r.width + 4, r.height + 4};
            break;
        case ElementType::Invalid: break;
    }
    return r & cv::Rect(cv::Point(), screen);
}

cv::Mat prepareTextCrop(const cv::Mat& gray, cv::Rect region) {
    region &= cv::Rect(cv::Point(), gray.size());
    cv::Mat out(kCropHeight, 16, CV_32F, cv::Scalar(0));
    if (region.width < 2 || region.height < 2) return out;
    const cv::Mat crop = gray(region);
    const double scale = double(kCropHeight) / region.height;
    int width = int(region.width * scale + 0.5);
    width = std::clamp((width + 3) / 4 * 4, 16, 1024);
    cv::Mat resized;
    cv::resize(crop, resized, {width, kCropHeight}, 0, 0,
               scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    double low = 0, high = 0;
    cv::minMaxLoc(resized, &low, &high);
    resized.convertTo(out, CV_32F, 1.0 / std::max(high - low, 1.0), -low / std::max(high - low, 1.0));
    return out;
}

cv::Rect indicatorRegion(const Element& e, cv::Size screen) {
    const int side = std::min(e.box.width, e.box.height) + 4;
    return cv::Rect(e.box.x - 2, e.box.y + e.box.height / 2 - side / 2, side, side) &
           cv::Rect(cv::Point(), screen);
}

cv::Mat prepareIndicatorCrop(const cv::Mat& gray, cv::Rect region) {
    region &= cv::Rect(cv::Point(), gray.size());
    cv::Mat out(kIndicatorPx, kIndicatorPx, CV_32F, cv::Scalar(0));
    if (region.width < 2 || region.height < 2) return out;
    cv::Mat resized;
    cv::resize(gray(region), resized, {kIndicatorPx, kIndicatorPx}, 0, 0, cv::INTER_AREA);
    double low = 0, high = 0;
    cv::minMaxLoc(resized, &low, &high);
    resized.convertTo(out, CV_32F, 1.0 / std::max(high - low, 1.0), -low / std::max(high - low, 1.0));
    return out;
}

}  // namespace hemu::perception
