// hemu-bench-parse: how long the screen parser takes on this CPU (2 threads).
//
//   build/bin/hemu-bench-parse [--screen=SCREEN.png] [--benchmark_filter=...]
//
// Parse/Full         a whole screen (default: resources/bench/screen-1920x1080.png).
// Parse/Region       re-parse of one changed region the size of a text field: its box (typing)
// Parse/RegionAcross the same size, across the field's lower edge (detected again)
//
// Each is repeated 5 times: read the _median lines.

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

// Where the time goes (means over the iterations): detection, reading texts and check states,
// linking labels.
struct StageTimes {
    double detectMs = 0, recognizeMs = 0, linkMs = 0;
    void add(const hemu::perception::ParseTiming& t) {
        detectMs += t.detectMs, recognizeMs += t.recognizeMs, linkMs += t.linkMs;
    }
    void report(benchmark::State& state) const {
        const double n = double(state.iterations());
        state.counters["detect_ms"] = detectMs / n;
        state.counters["recognize_ms"] = recognizeMs / n;
        state.counters["link_ms"] = linkMs / n;
    }
};

void Parse_Full(benchmark::State& state) {
    std::size_t elements = 0;
    StageTimes times;
    for (auto _ : state) {
        elements = parser().parse(screen()).elements.size();
        times.add(parser().lastTiming());
    }
    state.counters["elements"] = double(elements);
    times.report(state);
}
// Medians of 5 repetitions (the bars are medians; one run on this VM varies by 20% or more).
BENCHMARK(Parse_Full)->Name("Parse/Full")->Unit(benchmark::kMillisecond)->UseRealTime()
    ->Repetitions(5)->ReportAggregatesOnly(true);

// The first text field's box if there is one, else a field-sized area in the middle.
cv::Rect firstFieldBox(const hemu::perception::ScreenParse& parse) {
    for (const auto& e : parse.elements)
        if (e.type == hemu::perception::ElementType::TextField) return e.box;
    return cv::Rect(screen().cols / 2 - 120, screen().rows / 2 - 14, 240, 28);
}

void reparseRegion(benchmark::State& state, cv::Rect region) {
    const auto previous = parser().parse(screen());
    StageTimes times;
    for (auto _ : state) {
        benchmark::DoNotOptimize(parser().reparse(previous, screen(), {region}));
        times.add(parser().lastTiming());
    }
    state.counters["region_px"] = double(region.area());
    times.report(state);
}

// A text field's content changed (typing, a caret): only its text is read again.
void Parse_Region(benchmark::State& state) { reparseRegion(state, firstFieldBox(parser().parse(screen()))); }
BENCHMARK(Parse_Region)->Name("Parse/Region")->Unit(benchmark::kMillisecond)->UseRealTime()
    ->Repetitions(5)->ReportAggregatesOnly(true);

// A field-sized change across a field's lower edge (something new may have appeared): the
// detector looks at the region and its context again.
void Parse_RegionAcross(benchmark::State& state) {
    cv::Rect box = firstFieldBox(parser().parse(screen()));
    box.y += box.height / 2;
    reparseRegion(state, box);
}
BENCHMARK(Parse_RegionAcross)->Name("Parse/RegionAcross")->Unit(benchmark::kMillisecond)->UseRealTime()
    ->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]).rfind("--screen=", 0) == 0) g_screen = argv[i] + 9;
    benchmark::AddCustomContext("screen", g_screen);
    benchmark::AddCustomContext("threads", "2 (libtorch), 1 (BLAS)");
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
