#pragma once
// A fresh folder under /tmp for one test, removed with everything in it when the test ends.

#include <unistd.h>

#include <filesystem>
#include <string>

namespace hemu::tests {

class TempDir {
public:
    explicit TempDir(const std::string& prefix = "hemu-test")
        : path_(std::filesystem::temp_directory_path() /
                (prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(counter_++))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string operator/(const std::string& name) const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

private:
    static inline int counter_ = 0;
    std::filesystem::path path_;
};

}  // namespace hemu::tests
