// hemu run: load and validate a task file and connect to its target. Performing the steps
// is the agent's job (policy/), which is not part of this build yet: for now the command
// checks everything that can be checked before acting and says so.

#include "actuation/Session.h"
#include "app/cli/Commands.h"
#include "policy/Task.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <memory>

namespace hemu::cli {

void addRunCommand(CLI::App& app, CommandBody& body) {
    struct Options {
        TargetOptions target;
        std::string taskFile;
        std::string report;
    };
    auto options = std::make_shared<Options>();
    auto* command = app.add_subcommand("run", "perform a task file on a display or VNC server");
    command->add_option("TASK", options->taskFile, "task file (JSON)")->required();
    addTargetOptions(*command, options->target);
    command->add_option("--report", options->report, "write a JSON report here");
    command->callback([options, &body] {
        body = [options] {
            const policy::Task task = policy::loadTaskFile(options->taskFile);
            const auto& t = options->target;
            if (t.display.empty() && t.vnc.empty())
                throw std::invalid_argument("run: give --display :N or --vnc HOST:PORT");
            actuation::Session session = actuation::openSession(
                {.display = t.display, .vnc = t.vnc, .vncPasswordFile = t.vncPasswordFile});
            std::printf("task \"%s\": %zu valid steps; connected to %s\n", task.name.c_str(),
                        task.steps.size(), session.screen->describe().c_str());
            for (std::size_t i = 0; i < task.steps.size(); ++i) {
                const auto& step = task.steps[i];
                std::printf("  %zu. %-6s %s%s%s\n", i + 1,
                            std::string(policy::toString(step.action)).c_str(),
                            step.target.c_str(), step.target.empty() ? "" : " ",
                            step.displayValue().c_str());
            }
            std::printf("steps not performed: the agent is not part of this build yet\n");
            if (!options->report.empty()) {
                nlohmann::json report = {{"name", task.name}, {"ok", false},
                                         {"performed", false}, {"steps", nlohmann::json::array()}};
                for (const auto& step : task.steps) {
                    report["steps"].push_back({{"action", policy::toString(step.action)},
                                               {"target", step.target},
                                               {"ok", false},
                                               {"error", "not performed"}});
                }
                std::ofstream(options->report) << report.dump(2) << "\n";
            }
            return int(kExitOk);
        };
    });
}

}  // namespace hemu::cli
