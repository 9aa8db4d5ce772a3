// hemu-formlab: a Qt Widgets form built from a JSON spec, the target that hemu's tests and demos
// drive. stdout carries only JSON lines (ready, page, invalid, click, submit; see README.md);
// everything else goes to stderr. Exit codes: 0 after a submit, 2 for a bad command line or spec.

#include <QApplication>
#include <QGuiApplication>
#include <QRect>
#include <QStyle>
#include <QStyleFactory>
#include <iostream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "FormSpec.h"
#include "FormWindow.h"

namespace {

constexpr int kExitUsage = 2;

const char* const kUsage =
    "usage: hemu-formlab SPEC.json [--style NAME] [--geometry WxH+X+Y] [--scale F]\n"
    "                    [--screenshot OUT.png]\n";

struct Options {
    std::string specPath;
    std::string style;
    QRect geometry{0, 0, 1024, 768};
    double fontScale = 1.0;
    std::string screenshotPath;
};

std::optional<QRect> parseGeometry(const std::string& text) {
    static const std::regex kGeometry(R"((\d+)x(\d+)(?:([+-]\d+)([+-]\d+))?)");
    std::smatch m;
    if (!std::regex_match(text, m, kGeometry)) return std::nullopt;
    const QRect rect(m[3].matched ? std::stoi(m[3]) : 0, m[4].matched ? std::stoi(m[4]) : 0,
                     std::stoi(m[1]), std::stoi(m[2]));
    if (rect.width() <= 0 || rect.height() <= 0) return std::nullopt;
    return rect;
}

// Throws std::invalid_argument with a message for the user.
Options parseOptions(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        std::string value;
        const bool takesValue =
            arg == "--style" || arg == "--geometry" || arg == "--scale" || arg == "--screenshot";
        if (const size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        } else if (takesValue) {
            if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
            value = argv[++i];
        }

        if (arg == "--style") {
            options.style = value;
        } else if (arg == "--geometry") {
            const auto rect = parseGeometry(value);
            if (!rect) throw std::invalid_argument("bad --geometry '" + value + "' (WxH+X+Y)");
            options.geometry = *rect;
        } else if (arg == "--scale") {
            try {
                options.fontScale = std::stod(value);
            } catch (const std::exception&) {
                options.fontScale = 0;
            }
            if (options.fontScale < 0.25 || options.fontScale > 8)
                throw std::invalid_argument("bad --scale '" + value + "' (0.25 to 8)");
        } else if (arg == "--screenshot") {
            options.screenshotPath = value;
        } else if (arg.size() > 1 && arg[0] == '-') {
            throw std::invalid_argument("unknown option " + arg);
        } else if (options.specPath.empty()) {
            options.specPath = arg;
        } else {
            throw std::invalid_argument("more than one spec file given");
        }
    }
    if (options.specPath.empty()) throw std::invalid_argument("no spec file given");
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace hemu::formlab;

    if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
        std::cerr << kUsage;
        return 0;
    }
    Options options;
    FormSpec spec;
    try {
        options = parseOptions(argc, argv);
        spec = loadFormSpec(options.specPath);
    } catch (const SpecError& e) {
        std::cerr << "hemu-formlab: " << e.what() << '\n';
        return kExitUsage;
    } catch (const std::invalid_argument& e) {
        std::cerr << "hemu-formlab: " << e.what() << '\n' << kUsage;
        return kExitUsage;
    }

    // Our options are parsed above; Qt sees only the program name (use QT_QPA_PLATFORM etc.).
    int qtArgc = 1;
    QApplication app(qtArgc, argv);
    if (!options.style.empty() && !QApplication::setStyle(QString::fromStdString(options.style))) {
        std::cerr << "hemu-formlab: unknown style '" << options.style
                  << "' (available: " << QStyleFactory::keys().join(", ").toStdString() << ")\n";
        return kExitUsage;
    }
    if (options.fontScale != 1.0) {
        QFont font = QApplication::font();
        font.setPointSizeF(font.pointSizeF() * options.fontScale);
        QApplication::setFont(font);
    }

    FormWindow window(std::move(spec));
    if (!options.screenshotPath.empty())
        window.setScreenshotPath(QString::fromStdString(options.screenshotPath));
    // No window manager places the window under Xvfb, so it goes exactly where we say.
    window.setGeometry(options.geometry);
    std::cerr << "hemu-formlab: " << options.specPath << ", platform "
              << QGuiApplication::platformName().toStdString() << ", style "
              << QApplication::style()->name().toStdString() << ", geometry "
              << options.geometry.width() << "x" << options.geometry.height() << "+"
              << options.geometry.x() << "+" << options.geometry.y() << '\n';
    window.show();
    window.activateWindow();
    return app.exec();
}
