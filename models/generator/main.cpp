// hemu-gen: renders random synthetic GUI screens (Qt widgets, offscreen) with exact ground truth,
// the training data of hemu's screen-parsing model. See README.md for the JSON schema.
// Exit codes: 0 done, 2 bad command line, 3 an output file cannot be written.

#include <malloc.h>

#include <QApplication>
#include <QDir>
#include <QGuiApplication>
#include <QStyle>
#include <QStyleFactory>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "GroundTruth.h"
#include "Rng.h"
#include "ScreenBuilder.h"
#include "Theme.h"

namespace {

using namespace hemu::generator;

constexpr int kExitUsage = 2;
constexpr int kExitWrite = 3;
constexpr int kProgressEvery = 50;

const char* const kUsage =
    "usage: hemu-gen --seed S --count N --out DIR [--width W --height H] [--overlay] [--ink] [--dim]\n"
    "       [--fonts WORD,...]\n"
    "  renders N screens with seeds S..S+N-1 into DIR/<seed>.png and DIR/<seed>.json\n"
    "  --width/--height  screen size (default: random among 1280x800, 1366x768, 1440x900,\n"
    "                    1920x1080)\n"
    "  --overlay         also write DIR/<seed>.overlay.png with every ground-truth box drawn\n"
    "  --ink             also write DIR/<seed>.ink.png, the text ink the boxes were measured on\n"
    "  --dim             Fusion or Windows with fields and buttons a few grey levels from the\n"
    "                    window (dark 7 times in 10): the low-contrast looks, for training\n"
    "  --fonts WORD,...  only font families whose name holds one of the words (e.g.\n"
    "                    Light,Thin,Condensed: the faces read worst), for training\n";

struct Options {
    uint64_t seed = 0;
    int count = 0;
    std::string outDir;
    int width = 0;  // 0: random per screen
    int height = 0;
    bool overlay = false;
    bool ink = false;
    bool dim = false;
    QStringList fontWords;  // empty: every family
};

uint64_t parseNumber(const std::string& arg, const std::string& value, uint64_t max) {
    size_t used = 0;
    uint64_t number = 0;
    try {
        number = std::stoull(value, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != value.size() || value[0] == '-' || number > max)
        throw std::invalid_argument("bad " + arg + " '" + value + "'");
    return number;
}

// Throws std::invalid_argument with a message for the user.
Options parseOptions(int argc, char** argv) {
    Options options;
    bool haveSeed = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        std::string value;
        const bool takesValue = arg == "--seed" || arg == "--count" || arg == "--out" ||
                                arg == "--width" || arg == "--height" || arg == "--fonts";
        if (const size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        } else if (takesValue) {
            if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
            value = argv[++i];
        }
        if (arg == "--seed") {
            options.seed = parseNumber(arg, value, UINT64_MAX);
            haveSeed = true;
        } else if (arg == "--count") {
            options.count = static_cast<int>(parseNumber(arg, value, 100'000'000));
        } else if (arg == "--out") {
            options.outDir = value;
        } else if (arg == "--width") {
            options.width = static_cast<int>(parseNumber(arg, value, 8192));
        } else if (arg == "--height") {
            options.height = static_cast<int>(parseNumber(arg, value, 8192));
        } else if (arg == "--overlay") {
            options.overlay = true;
        } else if (arg == "--ink") {
            options.ink = true;
        } else if (arg == "--dim") {
            options.dim = true;
        } else if (arg == "--fonts") {
            options.fontWords = QString::fromStdString(value).split(',', Qt::SkipEmptyParts);
            if (options.fontWords.isEmpty()) throw std::invalid_argument("--fonts needs at least one word");
        } else {
            throw std::invalid_argument("unknown argument " + arg);
        }
    }
    if (!haveSeed) throw std::invalid_argument("--seed is required");
    if (options.count <= 0) throw std::invalid_argument("--count must be at least 1");
    if (options.outDir.empty()) throw std::invalid_argument("--out is required");
    if ((options.width == 0) != (options.height == 0))
        throw std::invalid_argument("give both --width and --height, or neither");
    if (options.width != 0 && (options.width < 320 || options.height < 240))
        throw std::invalid_argument("the smallest screen is 320x240");
    return options;
}

bool writeFile(const QString& path, const std::string& content) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << content;
    return static_cast<bool>(out);
}

// The offscreen platform warns on every show() that it cannot propagate size hints, and Qt that
// XDG_RUNTIME_DIR is unset in containers; both harmless.
void messageHandler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (message.contains("propagateSizeHints") || message.contains("XDG_RUNTIME_DIR")) return;
    std::cerr << qPrintable(qFormatLogMessage(type, context, message)) << '\n';
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
        std::cerr << kUsage;
        return 0;
    }
    Options options;
    try {
        options = parseOptions(argc, argv);
    } catch (const std::invalid_argument& e) {
        std::cerr << "hemu-gen: " << e.what() << '\n' << kUsage;
        return kExitUsage;
    }

    // Every screen allocates and frees several full-screen images; with glibc's defaults each is
    // an mmap/munmap pair and the page faults cost ~15% of the run (perf). Keep them in the heap.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    // Our options are parsed above; Qt sees only the program name.
    int qtArgc = 1;
    qInstallMessageHandler(messageHandler);
    QApplication app(qtArgc, argv);

    const QDir outDir(QString::fromStdString(options.outDir));
    if (!outDir.mkpath(".")) {
        std::cerr << "hemu-gen: cannot create " << options.outDir << '\n';
        return kExitWrite;
    }
    ThemeFactory themes;
    if (!options.fontWords.isEmpty() && !themes.keepFontsNamed(options.fontWords)) {
        std::cerr << "hemu-gen: no font family is named with any of --fonts "
                  << options.fontWords.join(",").toStdString() << '\n';
        return kExitUsage;
    }
    std::cerr << "hemu-gen: platform " << QGuiApplication::platformName().toStdString()
              << ", styles " << themes.styleNames().join(", ").toStdString() << ", "
              << themes.fontFamilies().size() << " font families\n";

    const QSize kSizes[] = {{1280, 800}, {1366, 768}, {1440, 900}, {1920, 1080}};
    // HEMU_GEN_DEBUG=1: per-screen diagnostics of left-out texts and uncovered ink on stderr.
    const bool debug = qEnvironmentVariableIntValue("HEMU_GEN_DEBUG") != 0;
    QString currentStyle;
    DropCounts dropped;
    long elements = 0;
    double buildSeconds = 0, captureSeconds = 0, writeSeconds = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < options.count; ++i) {
        const uint64_t seed = options.seed + static_cast<uint64_t>(i);
        Rng rng(seed);
        // Drawn even when the size is given, so that --width changes nothing else.
        QSize size = rng.pick(kSizes);
        if (options.width) size = QSize(options.width, options.height);
        const Theme theme = themes.make(rng, options.dim);
        if (theme.styleName != currentStyle) {
            QApplication::setStyle(QStyleFactory::create(theme.styleName));
            currentStyle = theme.styleName;
        }

        auto t0 = std::chrono::steady_clock::now();
        ScreenBuilder builder(rng, theme, size, seed);
        std::unique_ptr<QWidget> top = builder.build();
        if (debug) std::cerr << "seed " << seed << ":\n";
        auto t1 = std::chrono::steady_clock::now();
        Capture capture = captureScreen(top.get(), options.ink || debug);
        top.reset();
        auto t2 = std::chrono::steady_clock::now();
        buildSeconds += std::chrono::duration<double>(t1 - t0).count();
        captureSeconds += std::chrono::duration<double>(t2 - t1).count();
        capture.truth.seed = seed;
        capture.truth.style = theme.styleName;
        // Qt names duplicate families "Family [foundry]"; the ground truth keeps the family.
        capture.truth.font = theme.fontFamily.section(" [", 0, 0);
        capture.truth.dark = theme.dark;
        dropped += capture.truth.dropped;
        elements += static_cast<long>(capture.truth.elements.size());

        const QString base = outDir.filePath(QString::number(seed));
        const bool written =
            capture.image.convertToFormat(QImage::Format_RGB888).save(base + ".png", "PNG") &&
            writeFile(base + ".json", toJson(capture.truth).dump() + "\n") &&
            (!options.overlay ||
             drawOverlay(capture.image, capture.truth).save(base + ".overlay.png", "PNG")) &&
            (!options.ink || capture.ink.save(base + ".ink.png", "PNG"));
        writeSeconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t2).count();
        if (!written) {
            std::cerr << "hemu-gen: cannot write " << base.toStdString() << ".*\n";
            return kExitWrite;
        }

        const int done = i + 1;
        if (done % kProgressEvery == 0 || done == options.count) {
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            char line[160];
            std::snprintf(line, sizeof line, "rendered %d/%d (%.1f screens/s)\n", done,
                          options.count, done / std::max(seconds, 1e-9));
            std::cerr << line;
        }
    }
    std::cerr << "hemu-gen: " << elements << " elements; texts left out: " << dropped.clipped
              << " clipped, " << dropped.noInk << " without ink, " << dropped.hidden
              << " not fully visible, " << dropped.multiline << " multi-line\n";
    const double perScreenMs = 1000.0 / options.count;
    char timing[160];
    std::snprintf(timing, sizeof timing,
                  "hemu-gen: per screen %.1f ms building, %.1f ms rendering and measuring, "
                  "%.1f ms writing\n",
                  buildSeconds * perScreenMs, captureSeconds * perScreenMs,
                  writeSeconds * perScreenMs);
    std::cerr << timing;
    return 0;
}
