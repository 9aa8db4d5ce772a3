#pragma once
// One named spdlog logger per subsystem, all writing to stderr.

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace hemu {

inline std::shared_ptr<spdlog::logger> namedLogger(const std::string& name) {
    if (auto existing = spdlog::get(name)) return existing;
    try {
        return spdlog::stderr_color_mt(name);
    } catch (const spdlog::spdlog_ex&) {  // another thread registered it first
        return spdlog::get(name);
    }
}

}  // namespace hemu
