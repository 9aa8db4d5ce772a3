#pragma once
// A one-line progress bar on stderr: step, loss, rate and time left.

#include <chrono>
#include <cstdio>
#include <string>

namespace hemu::models {

class Progress {
public:
    Progress(std::string what, int total, int first = 0)
        : what_(std::move(what)), total_(total), first_(first), start_(Clock::now()) {}

    void update(int step, double loss, int itemsPerStep) {
        const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
        const int done = step - first_;
        const double rate = done > 0 ? done / seconds : 0;
        const double left = rate > 0 ? (total_ - step) / rate : 0;
        constexpr int kWidth = 30;
        const int filled = total_ ? kWidth * step / total_ : 0;
        std::fprintf(stderr, "\r%s [%s%s] %d/%d loss %.4f %.1f items/s, %dm%02ds left   ",
                     what_.c_str(), std::string(filled, '=').c_str(),
                     std::string(kWidth - filled, ' ').c_str(), step, total_, loss,
                     rate * itemsPerStep, int(left) / 60, int(left) % 60);
        std::fflush(stderr);
    }
    void finish() { std::fprintf(stderr, "\n"); }

private:
    using Clock = std::chrono::steady_clock;
    std::string what_;
    int total_, first_;
    Clock::time_point start_;
};

}  // namespace hemu::models
