// hemu-bench-io: how fast hemu sees and acts, against real servers it starts itself.
//
//   build/bin/hemu-bench-io                      # everything, 1920x1080
//   build/bin/hemu-bench-io --benchmark_filter=Capture
//
// Capture/X11          XShm grab of a 1920x1080 Xvfb screen.
// Capture/Vnc          a full fresh 1920x1080 frame over VNC from Xvnc on loopback, the whole
//                      screen repainted between frames (painting not timed).
// InputLatency/*       pointer motion sent by the sink → MotionNotify received by a window.
// Typing/*             1,000 random characters typed into the form lab's text field, submitted,
//                      and checked to have arrived exactly (an error stops the benchmark).

#include "actuation/Actuator.h"
#include "actuation/Session.h"
#include "app/bench/XEventProbe.h"
#include "app/harness/RootPainter.h"
#include "app/harness/TargetApps.h"
#include "app/harness/VirtualScreens.h"
#include "capture/VncScreenSource.h"
#include "capture/X11ScreenSource.h"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <random>

namespace hemu::bench {
namespace {

using namespace std::chrono_literals;

constexpr harness::ScreenOptions kScreen{.width = 1920, .height = 1080};
constexpr int kTypedCharacters = 1000;

// One server of each kind for the whole run, started on first use and stopped at exit.
harness::XvfbServer& xvfb() {
    static harness::XvfbServer server(kScreen);
    return server;
}
harness::XvncServer& xvnc() {
    static harness::XvncServer server(kScreen);
    return server;
}

void Capture_X11(benchmark::State& state) {
    capture::X11ScreenSource source(xvfb().display());
    if (!source.usesShm()) state.SkipWithError("XShm unavailable");
    for (auto _ : state) benchmark::DoNotOptimize(source.grab());
    state.counters["frames/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(Capture_X11)->Name("Capture/X11_1920x1080")->Unit(benchmark::kMillisecond)->UseRealTime();

// Each frame: the whole screen is repainted with the other pattern (not timed), then a full
// 1920x1080 framebuffer update is requested, received, decoded and copied (timed).
void Capture_Vnc(benchmark::State& state) {
    harness::RootPainter painter(xvnc().display());
    const cv::Mat patterns[2] = {harness::makeTestPattern({kScreen.width, kScreen.height}, 1),
                                 harness::makeTestPattern({kScreen.width, kScreen.height}, 2)};
    auto connection = capture::VncConnection::open({.host = "127.0.0.1", .port = xvnc().port()});
    capture::VncScreenSource source(connection);
    int i = 0;
    for (auto _ : state) {
        state.PauseTiming();
        painter.paint(patterns[i++ % 2]);
        state.ResumeTiming();
        if (!connection->waitForFullFrame(2s)) {
            state.SkipWithError("no full frame within 2 s");
            break;
        }
        benchmark::DoNotOptimize(source.grab());
    }
    state.counters["frames/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(Capture_Vnc)->Name("Capture/Vnc_Xvnc_1920x1080_full_change")->Unit(benchmark::kMillisecond)->UseRealTime();

void InputLatency(benchmark::State& state, bool overVnc) {
    const std::string display = overVnc ? xvnc().display() : xvfb().display();
    XEventProbe probe(display, 400, 400);
    actuation::Session session = overVnc ? actuation::openSession({.vnc = xvnc().address()})
                                         : actuation::openSession({.display = display});
    // Static: the benchmark runs this function several times, and a move to where the pointer
    // already is generates no motion event.
    static int i = 0;
    for (auto _ : state) {
        const int x = 100 + (i++ % 2) * 50;
        session.input->movePointer(x, 100);
        if (!probe.waitForMotion(x, 100, 2s)) {
            state.SkipWithError("motion never arrived");
            break;
        }
    }
}
BENCHMARK_CAPTURE(InputLatency, XTest, false)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK_CAPTURE(InputLatency, Vnc, true)->Unit(benchmark::kMicrosecond)->UseRealTime();

std::string randomPrintable(std::mt19937& rng) {
    std::uniform_int_distribution<int> ascii(0x20, 0x7e);
    std::string text;
    for (int i = 0; i < kTypedCharacters; ++i) text.push_back(char(ascii(rng)));
    return text;
}

void Typing(benchmark::State& state, bool overVnc) {
    const std::string display = overVnc ? xvnc().display() : xvfb().display();
    harness::FormLab lab(display, HEMU_RESOURCES_DIR "/forms/bench-typing.json");
    actuation::Session session = overVnc ? actuation::openSession({.vnc = xvnc().address()})
                                         : actuation::openSession({.display = display});
    actuation::Actuator act(*session.input);
    const cv::Point field = lab.control("text").center();
    const cv::Point submit = lab.control("submit").center();
    std::mt19937 rng(1);
    for (auto _ : state) {
        state.PauseTiming();
        const std::string text = randomPrintable(rng);
        state.ResumeTiming();
        act.click(field.x, field.y);
        act.typeText(text);
        act.click(submit.x, submit.y);
        const auto values = nlohmann::json::parse(lab.waitForSubmit(30s));
        if (values.at("text") != text) {
            state.SkipWithError("typed text did not arrive exactly");
            break;
        }
    }
    state.counters["chars/s"] = benchmark::Counter(double(state.iterations()) * kTypedCharacters,
                                                   benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(Typing, XTest_FormLab_1000chars, false)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);
BENCHMARK_CAPTURE(Typing, Vnc_FormLab_1000chars, true)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(5);

}  // namespace
}  // namespace hemu::bench

int main(int argc, char** argv) {
    benchmark::AddCustomContext("screen", "1920x1080, Xvfb (XTest) and TigerVNC Xvnc on 127.0.0.1");
    benchmark::AddCustomContext("typed", std::to_string(hemu::bench::kTypedCharacters) +
                                             " random printable characters, checked exactly");
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
