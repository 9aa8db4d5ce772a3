// hemu act: one pointer or keyboard action, lowered to events and sent to the target.

#include "actuation/Actuator.h"
#include "actuation/Session.h"
#include "app/cli/Commands.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>

namespace hemu::cli {

void addActCommand(CLI::App& app, CommandBody& body) {
    struct Options {
        TargetOptions target;
        int x = 0, y = 0, x2 = 0, y2 = 0, notches = 0;
        std::string combo, text;
        bool stats = false;
    };
    auto options = std::make_shared<Options>();
    auto* act = app.add_subcommand("act", "send one mouse or keyboard action");
    addTargetOptions(*act, options->target);
    act->add_flag("--stats", options->stats, "print how long it took (and characters/s for type)");
    act->require_subcommand(1);

    using Perform = std::function<std::string(actuation::Actuator&)>;
    auto addAction = [&](const std::string& name, const std::string& help, Perform perform) {
        auto* sub = act->add_subcommand(name, help);
        sub->fallthrough();  // --display etc. may come after the action too
        sub->callback([options, perform, &body] {
            body = [options, perform] {
                const auto& t = options->target;
                if (t.display.empty() && t.vnc.empty())
                    throw std::invalid_argument("act: give --display :N or --vnc HOST:PORT");
                auto sink = actuation::openActionSink(
                    {.display = t.display, .vnc = t.vnc, .vncPasswordFile = t.vncPasswordFile});
                actuation::Actuator actuator(*sink);
                const auto start = std::chrono::steady_clock::now();
                const std::string what = perform(actuator);
                actuator.sync();
                const double ms = std::chrono::duration<double, std::milli>(
                                      std::chrono::steady_clock::now() - start)
                                      .count();
                if (options->stats) std::printf("%s in %.1f ms\n", what.c_str(), ms);
                return int(kExitOk);
            };
        });
        return sub;
    };
    auto addPoint = [&](CLI::App* sub, int& x, int& y) {
        sub->add_option("X", x, "pixels from the left")->required()->check(CLI::NonNegativeNumber);
        sub->add_option("Y", y, "pixels from the top")->required()->check(CLI::NonNegativeNumber);
    };
    Options& o = *options;
    addPoint(addAction("click", "left click at X Y", [&o](auto& a) {
                 a.click(o.x, o.y);
                 return std::string("click");
             }),
             o.x, o.y);
    addPoint(addAction("dclick", "double click at X Y", [&o](auto& a) {
                 a.doubleClick(o.x, o.y);
                 return std::string("double click");
             }),
             o.x, o.y);
    addPoint(addAction("rclick", "right click at X Y", [&o](auto& a) {
                 a.click(o.x, o.y, actuation::MouseButton::Right);
                 return std::string("right click");
             }),
             o.x, o.y);
    addPoint(addAction("move", "move the pointer to X Y", [&o](auto& a) {
                 a.move(o.x, o.y);
                 return std::string("move");
             }),
             o.x, o.y);
    auto* drag = addAction("drag", "drag with the left button from X1 Y1 to X2 Y2", [&o](auto& a) {
        a.drag(o.x, o.y, o.x2, o.y2);
        return std::string("drag");
    });
    addPoint(drag, o.x, o.y);
    drag->add_option("X2", o.x2)->required()->check(CLI::NonNegativeNumber);
    drag->add_option("Y2", o.y2)->required()->check(CLI::NonNegativeNumber);
    addAction("scroll", "scroll N wheel notches at the pointer (negative: up)", [&o](auto& a) {
        a.scroll(o.notches);
        return "scroll " + std::to_string(o.notches);
    })->add_option("N", o.notches)->required();
    addAction("key", "press a key combo: ctrl+shift+s, Return, Tab, F5, alt+F4", [&o](auto& a) {
        a.pressCombo(o.combo);
        return "key " + o.combo;
    })->add_option("COMBO", o.combo)->required();
    addAction("type",
              "type TEXT (printable ASCII and Latin-1); TEXT '-' reads it from stdin, which keeps "
              "it out of argv",
              [&o](auto& a) {
                  if (o.text == "-") {
                      o.text.assign(std::istreambuf_iterator<char>(std::cin), {});
                      if (!o.text.empty() && o.text.back() == '\n') o.text.pop_back();
                  }
                  const auto start = std::chrono::steady_clock::now();
                  a.typeText(o.text);
                  a.sync();
                  const double s = std::chrono::duration<double>(
                                       std::chrono::steady_clock::now() - start)
                                       .count();
                  std::size_t characters = 0;  // UTF-8 lead bytes
                  for (unsigned char c : o.text) characters += (c & 0xc0) != 0x80;
                  char line[96];
                  std::snprintf(line, sizeof line, "typed %zu characters (%.0f characters/s)",
                                characters, characters / s);
                  return std::string(line);
              })
        ->add_option("TEXT", o.text)
        ->required();
}

}  // namespace hemu::cli
