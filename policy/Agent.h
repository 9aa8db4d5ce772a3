#pragma once
// The agent: performs a task's steps on a live screen, seen only through pixels.
//
//   ScreenParser parser;                                   // perception
//   Agent agent(*session.screen, *session.input, parser);
//   TaskReport report = agent.run(task);                   // report.ok, report.steps[i].error
//
// Each step: perceive (parse the screen, or re-parse only what changed since the last look),
// ground the target (Grounding.h), act, wait until the screen has settled (ScreenWatcher.h),
// and verify from the screen that the step took effect. A target that is not visible is
// looked for by scrolling; when it cannot be found before the step's timeout, the step fails
// with the reason and a screenshot, and nothing is clicked on a guess. Steps that would do
// harm if repeated (clicks) are never retried.

#include "actuation/ActionSink.h"
#include "capture/ScreenSource.h"
#include "perception/ScreenParser.h"
#include "policy/Task.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hemu::policy {

/// Where a step's time went, in milliseconds.
struct StepTimes {
    double capture = 0;   ///< grabbing frames
    double perceive = 0;  ///< the screen parser
    double decide = 0;    ///< grounding and checks
    double act = 0;       ///< sending input events
    double settle = 0;    ///< waiting for the application to draw its answer
};

struct StepReport {
    StepAction action = StepAction::Invalid;
    std::string target;
    std::string value;          ///< Step::displayValue(): masked for secrets
    bool ok = false;
    double seconds = 0;
    std::optional<cv::Rect> box;  ///< the element acted on
    std::string matched;        ///< the caption or label the target matched
    std::string error;          ///< why it failed (empty when ok)
    std::string note;           ///< what was noticed but did not fail it
    double humanSeconds = 0;    ///< KLM estimate for this step
    std::string overlay;        ///< picture of what the model saw, for failed steps
    StepTimes times;
};

struct TaskReport {
    std::string name;
    bool ok = false;
    double seconds = 0;         ///< running the steps (start-up is added by the caller)
    std::string error;          ///< the first failed step's reason
    std::string screenshot;     ///< the screen when it failed
    std::vector<StepReport> steps;
};

struct AgentOptions {
    /// Failed steps leave a screenshot and an overlay of what the model saw here; empty: none.
    std::string overlayDir;
    /// Set from another thread (a signal handler) to stop at once, between two events.
    const std::atomic<bool>* cancel = nullptr;
    /// Called after every step (progress lines).
    std::function<void(std::size_t index, const StepReport&)> onStep;
    /// Called with every frame looked at (recordings).
    std::function<void(const capture::Frame&)> onFrame;
};

class Agent {
public:
    Agent(capture::ScreenSource& screen, actuation::ActionSink& input,
          perception::ScreenParser& parser, AgentOptions options = {});
    ~Agent();

    /// Runs every step in order; stops at the first that fails. Throws ConnectionError when
    /// the screen or input goes away mid-run.
    TaskReport run(const Task& task);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hemu::policy
