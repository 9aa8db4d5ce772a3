// hemu parse: what the model sees on a screenshot, a display or a VNC screen, as JSON, and
// optionally drawn over the screen.

#include "app/cli/Commands.h"
#include "capture/CaptureError.h"
#include "capture/ScreenSourceFactory.h"
#include "perception/Overlay.h"
#include "perception/ScreenParser.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

namespace hemu::cli {

void addParseCommand(CLI::App& app, CommandBody& body) {
    struct Options {
        TargetOptions target;
        std::string image, overlay;
        int repeat = 1;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("parse", "print the controls and texts on a screen as JSON");
    command->add_option("IMAGE", options->image, "a screenshot (PNG); or use --display / --vnc");
    addTargetOptions(*command, options->target);
    command->add_option("--overlay", options->overlay, "draw what was found over the screen (PNG)");
    command->add_option("--repeat", options->repeat, "parse N times and print the median time")
        ->check(CLI::PositiveNumber);
    command->callback([options, &body] {
        body = [options] {
            const auto& t = options->target;
            cv::Mat frame;
            if (!options->image.empty()) {
                if (!t.display.empty() || !t.vnc.empty())
                    throw std::invalid_argument("parse: give an IMAGE or --display/--vnc, not both");
                frame = cv::imread(options->image, cv::IMREAD_COLOR);
                if (frame.empty()) throw hemu::MediaError(options->image + ": not a readable image");
            } else {
                if (t.display.empty() && t.vnc.empty())
                    throw std::invalid_argument("parse: give an IMAGE, --display :N or --vnc HOST:PORT");
                frame = capture::openScreenSource(
                            {.display = t.display, .vnc = t.vnc, .vncPasswordFile = t.vncPasswordFile})
                            ->grab()
                            .image.clone();
            }
            perception::ScreenParser parser;
            perception::ScreenParse parse;
            std::vector<double> times;
            for (int i = 0; i < options->repeat; ++i) {
                parse = parser.parse(frame);
                times.push_back(parser.lastTiming().totalMs);
            }
            std::printf("%s\n", perception::toJson(parse).c_str());
            if (options->repeat > 1) {
                const double first = times.front();
                std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
                std::fprintf(stderr, "parse of %dx%d: median %.1f ms over %d runs (first %.1f ms)\n",
                             frame.cols, frame.rows, times[times.size() / 2], options->repeat, first);
            }
            if (!options->overlay.empty() &&
                !cv::imwrite(options->overlay, perception::drawOverlay(frame, parse)))
                throw hemu::MediaError(options->overlay + ": cannot write PNG");
            return int(kExitOk);
        };
    });
}

}  // namespace hemu::cli
