#include "policy/HumanBaseline.h"

#include <cctype>
#include <cstring>
#include <numeric>

namespace hemu::policy {

int klmKeystrokes(const std::string& text) {
    int keys = 0;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u & 0xC0) == 0x80) continue;  // UTF-8 continuation: same character
        ++keys;
        // Upper case, shifted symbols (US layout) and accented letters need a second key.
        if (std::isupper(u) || (u < 0x80 && std::strchr("~!@#$%^&*()_+{}|:\"<>?", c) && c) ||
            u >= 0xC0)
            ++keys;
    }
    return keys;
}

std::vector<double> klmStepSeconds(const Task& task) {
    using namespace klm;
    std::vector<double> seconds;
    bool handOnKeyboard = false;
    auto toMouse = [&] {
        const double t = handOnKeyboard ? H : 0;
        handOnKeyboard = false;
        return t;
    };
    auto toKeyboard = [&] {
        const double t = handOnKeyboard ? 0 : H;
        handOnKeyboard = true;
        return t;
    };
    for (const Step& step : task.steps) {
        double t = M;
        switch (step.action) {
            case StepAction::Fill:
                t += toMouse() + P + 2 * B + toKeyboard() + K * klmKeystrokes(step.text);
                break;
            case StepAction::Select: t += toMouse() + 2 * (P + 2 * B); break;
            case StepAction::Check:
            case StepAction::Click: t += toMouse() + P + 2 * B; break;
            case StepAction::Key: {
                int keys = 1;
                for (const char c : step.text) keys += c == '+';
                t += toKeyboard() + K * keys;
                break;
            }
            case StepAction::Wait:
            case StepAction::Invalid: break;
        }
        seconds.push_back(t);
    }
    return seconds;
}

double klmTaskSeconds(const Task& task) {
    const std::vector<double> steps = klmStepSeconds(task);
    return std::accumulate(steps.begin(), steps.end(), 0.0);
}

}  // namespace hemu::policy
