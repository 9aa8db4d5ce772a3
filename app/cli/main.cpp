// hemu: a human emulator. Looks at a screen (X11 or VNC), decides, and acts with mouse and
// keyboard. Every subcommand lives in its own file; this one parses and maps errors to exit
// codes (one line on stderr each).

#include "app/cli/Commands.h"
#include "capture/CaptureError.h"
#include "perception/ScreenParser.h"
#include "policy/Task.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <iostream>

namespace hemu::cli {

void addTargetOptions(CLI::App& command, TargetOptions& target) {
    auto* display = command.add_option("--display", target.display, "local X display, e.g. :1");
    auto* vnc = command.add_option("--vnc", target.vnc, "VNC server HOST:PORT, e.g. 127.0.0.1:5901");
    display->excludes(vnc);
    command.add_option("--vnc-password-file", target.vncPasswordFile,
                       "file whose first line is the VNC password (else $HEMU_VNC_PASSWORD)")
        ->check(CLI::ExistingFile);
}

double processAgeSeconds() {
    std::ifstream statFile("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(statFile)), {});
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {}  // field 22: start time, in clock ticks
    const double startedAfterBoot = std::stod(field) / double(sysconf(_SC_CLK_TCK));
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return double(now.tv_sec) + now.tv_nsec / 1e9 - startedAfterBoot;
}

}  // namespace hemu::cli

int main(int argc, char** argv) {
    using namespace hemu::cli;
    CLI::App app{"hemu: a human emulator that reads the screen and drives mouse and keyboard"};
    app.footer(
        "Exit codes: 0 done; 1 a step failed; 2 bad input (usage, task file, display or VNC "
        "server unreachable, authentication failed); 3 internal error.\n"
        "VNC passwords are read from --vnc-password-file or $HEMU_VNC_PASSWORD, never argv.\n");
    app.require_subcommand(1);
    bool verbose = false;
    app.add_flag("-v,--verbose", verbose, "log debug details to stderr");

    CommandBody body;
    addCaptureCommand(app, body);
    addActCommand(app, body);
    addRunCommand(app, body);
    addParseCommand(app, body);
    addEvalParseCommand(app, body);
    addBenchCommand(app, body);
    addRecordCommand(app, body);
    addDemoCommand(app, body);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // CLI11 reports a mistyped command as "a subcommand is required": name it instead.
        for (int i = 1; i < argc; ++i) {
            if (argv[i][0] == '-') continue;
            std::string known;
            bool isCommand = false;
            for (const auto* sub : app.get_subcommands({})) {
                known += (known.empty() ? "" : ", ") + sub->get_name();
                isCommand |= sub->get_name() == argv[i];
            }
            if (!isCommand) {
                std::fprintf(stderr, "hemu: unknown command \"%s\" (commands: %s)\n", argv[i],
                             known.c_str());
                return kExitBadInput;
            }
            break;
        }
        std::fprintf(stderr, "hemu: %s (see hemu --help)\n", e.what());
        return kExitBadInput;
    }
    spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
    spdlog::set_pattern("%^%l%$ [%n] %v");

    try {
        return body ? body() : kExitBadInput;
    } catch (const hemu::ConnectionError& e) {  // includes AuthenticationError
        std::fprintf(stderr, "hemu: %s\n", e.what());
    } catch (const hemu::policy::TaskFileError& e) {
        std::fprintf(stderr, "hemu: %s\n", e.what());
    } catch (const hemu::perception::ModelError& e) {
        std::fprintf(stderr, "hemu: %s\n", e.what());
    } catch (const hemu::MediaError& e) {
        std::fprintf(stderr, "hemu: %s\n", e.what());
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "hemu: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hemu: internal error: %s\n", e.what());
        return kExitInternal;
    }
    return kExitBadInput;
}
