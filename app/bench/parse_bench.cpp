// hemu-bench-parse: how long the screen parser takes on this CPU (2 threads).
//
//   build/bin/hemu-bench-parse [--screen=SCREEN.png] [--benchmark_filter=...]
//
// Parse/Full        a whole screen (default: resources/bench/screen-1920x1080.png).
// Parse/Region      re-parse of one changed region the size of a text field (240x28).

#include "perception/ScreenParser.h"

#include <benchmark/benchmark.h>
#include <opencv2/imgcodecs.hpp>

#include <cstdio>

namespace {

std::string g_screen = HEMU_RESOURCES_DIR "/bench/screen-1920x1080.png";

const cv::Mat& screen() {
    static cv::Mat image = cv::imread(g_screen, cv::IMREAD_COLOR);
    if (image.empty()) std::fprintf(stderr, "cannot read %s\n", g_screen.c_str()), std::exit(2);
    return image;
}

hemu::perception::ScreenParser& parser() {
    static hemu::perception::ScreenParser instance;
    return instance;
}

void Parse_Full(benchmark::State& state) {
    std::size_t elements = 0;
    double detectMs = 0, recognizeMs = 0;
    for (auto _ : state) {
        elements = parser().parse(screen()).elements.size();
        detectMs += parser().lastTiming().detectMs;
        recognizeMs += parser().lastTiming().recognizeMs;
    }
    // Where the time goes (means over the iterations): detection, then reading texts and states.
    state.counters["elements"] = double(elements);
    state.counters["detect_ms"] = detectMs / double(state.iterations());
    state.counters["recognize_ms"] = recognizeMs / double(state.iterations());
}
BENCHMARK(Parse_Full)->Name("Parse/Full")->Unit(benchmark::kMillisecond)->UseRealTime();

void Parse_Region(benchmark::State& state) {
    const auto previous = parser().parse(screen());
    // The first text field's box if there is one, else a field-sized area in the middle.
    cv::Rect region(screen().cols / 2 - 120, screen().rows / 2 - 14, 240, 28);
    for (const auto& e : previous.elements)
        if (e.type == hemu::perception::ElementType::TextField) {
            region = e.box;
            break;
        }
    for (auto _ : state) benchmark::DoNotOptimize(parser().reparse(previous, screen(), {region}));
    state.counters["region_px"] = double(region.area());
}
BENCHMARK(Parse_Region)->Name("Parse/Region")->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]).rfind("--screen=", 0) == 0) g_screen = argv[i] + 9;
    benchmark::AddCustomContext("screen", g_screen);
    benchmark::AddCustomContext("threads", "2 (libtorch), OPENBLAS_NUM_THREADS=1");
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
