// hemu demo: the whole product in one command, with nothing to prepare. Starts a virtual X
// display with the form lab showing a contact form, has the agent fill it from pixels, checks
// what the form received, and prints the agent's time against a person's (KLM estimate).
// The form and the task are embedded here, so it runs from any folder.

#include "actuation/Session.h"
#include "app/cli/Commands.h"
#include "app/harness/TargetApps.h"
#include "app/harness/VirtualScreens.h"
#include "perception/ScreenParser.h"
#include "policy/Agent.h"
#include "policy/HumanBaseline.h"
#include "policy/Task.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace hemu::cli {

namespace {

constexpr const char* kDemoForm = R"({
  "title": "Contact details", "layout": "label-left", "heading": "New customer",
  "items": [
    {"type": "text", "id": "first_name", "label": "First name", "required": true},
    {"type": "text", "id": "last_name", "label": "Last name", "required": true},
    {"type": "text", "id": "email", "label": "Email", "placeholder": "name@example.com", "required": true},
    {"type": "text", "id": "phone", "label": "Phone"},
    {"type": "dropdown", "id": "country", "label": "Country",
     "options": ["Germany", "France", "Italy", "Spain", "United Kingdom", "United States"],
     "placeholder": "Choose a country", "required": true},
    {"type": "checkbox", "id": "subscribe", "label": "Subscribe to the newsletter"},
    {"type": "button", "id": "ok", "text": "Save", "submit": true}]})";

constexpr const char* kDemoTask = R"({"name": "demo: new customer",
  "steps": [
    {"action": "fill",   "target": "First name", "value": "Ada"},
    {"action": "fill",   "target": "Last name",  "value": "Lovelace"},
    {"action": "fill",   "target": "Email",      "value": "ada@example.com"},
    {"action": "fill",   "target": "Phone",      "value": "+44 20 7946 0958"},
    {"action": "select", "target": "Country",    "value": "United Kingdom"},
    {"action": "check",  "target": "Subscribe to the newsletter", "value": true},
    {"action": "click",  "target": "Save"}]})";

constexpr const char* kExpected = R"({"first_name": "Ada", "last_name": "Lovelace",
  "email": "ada@example.com", "phone": "+44 20 7946 0958", "country": "United Kingdom",
  "subscribe": true})";

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

void addDemoCommand(CLI::App& app, CommandBody& body) {
    auto* command = app.add_subcommand(
        "demo", "fill a form on a virtual display from pixels and compare with a person's time");
    command->callback([&body] {
        body = [] {
            namespace fs = std::filesystem;
            const fs::path dir = fs::temp_directory_path() / ("hemu-demo-" + std::to_string(getpid()));
            fs::create_directories(dir);
            struct RemoveDir {
                fs::path path;
                ~RemoveDir() { std::error_code e; fs::remove_all(path, e); }
            } removeDir{dir};
            std::ofstream(dir / "form.json") << kDemoForm;

            std::printf("starting a virtual display and the form lab...\n");
            harness::XvfbServer xvfb({.width = 1024, .height = 768});
            harness::FormLab lab(xvfb.display(), (dir / "form.json").string());
            const policy::Task task = policy::parseTask(kDemoTask, "embedded demo task");

            const auto start = std::chrono::steady_clock::now();
            actuation::Session session = actuation::openSession({.display = xvfb.display()});
            perception::ScreenParser parser;
            const double loaded = secondsSince(start);
            std::printf("display %s, models loaded in %.2f s; the agent works:\n",
                        xvfb.display().c_str(), loaded);
            policy::Agent agent(*session.screen, *session.input, parser,
                {.overlayDir = fs::current_path().string(),
                 .onStep = [](std::size_t i, const policy::StepReport& s) {
                     std::printf("  %zu. %-6s %-28s %-4s %5.0f ms (a person: %4.1f s)%s%s\n", i + 1,
                                 std::string(policy::toString(s.action)).c_str(), s.target.c_str(),
                                 s.ok ? "ok" : "FAIL", s.seconds * 1000, s.humanSeconds,
                                 s.ok ? "" : "  ", s.error.c_str());
                 }});
            const policy::TaskReport run = agent.run(task);
            const double seconds = processAgeSeconds();  // from exec: start-up counts

            const nlohmann::json expected = nlohmann::json::parse(kExpected);
            nlohmann::json received;
            if (run.ok) received = nlohmann::json::parse(lab.waitForSubmit(std::chrono::seconds(5)));
            const bool correct = run.ok && received == expected;
            const double human = policy::klmTaskSeconds(task);
            std::printf("\nform received: %s\n", run.ok ? received.dump().c_str() : "(not submitted)");
            std::printf("%s: hemu %.2f s (start-up of display, app and models %.2f s; steps %.2f s), a skilled "
                        "person %.1f s (KLM estimate): %.1fx faster\n",
                        correct ? "correct" : "WRONG", seconds, seconds - run.seconds, run.seconds,
                        human, human / seconds);
            if (!run.ok) std::printf("%s\n", run.error.c_str());
            return int(correct ? kExitOk : kExitStepFailed);
        };
    });
}

}  // namespace hemu::cli
