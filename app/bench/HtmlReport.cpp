#include "app/bench/HtmlReport.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>

namespace hemu::bench {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Tableau 10 colours: distinguishable, and readable by most colour-blind people.
constexpr std::array<const char*, kTimeCategories.size()> kCategoryColours = {
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f"};
constexpr const char* kAgentColour = "#4e79a7";
constexpr const char* kHumanColour = "#bab0ac";

// Chart geometry, in SVG pixels.
constexpr int kLabelWidth = 220;
constexpr int kBarAreaWidth = 480;
constexpr int kValueWidth = 90;
constexpr std::size_t kMaxLabelChars = 30;

constexpr const char* kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em}
.muted{color:#666}.cards{display:flex;gap:1em;flex-wrap:wrap;margin:1em 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}
.card b{display:block;font-size:1.4em}
table{border-collapse:collapse;margin:.5em 0}th,td{border-bottom:1px solid #e4e4e4;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#2a7a2a;font-weight:bold}.fail{color:#b00020;font-weight:bold}
.reason{max-width:28em;word-break:break-word}
details{margin:.6em 0;border:1px solid #e4e4e4;border-radius:6px;padding:.4em .8em}
summary{cursor:pointer}img.shot{max-width:100%;border:1px solid #ccc}
.thumbs{display:flex;flex-wrap:wrap;gap:.5em}.thumbs img{height:140px;border:1px solid #ccc}
svg text{font:12px system-ui,sans-serif}
)";

std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

std::string shortLabel(const std::string& text) {
    // Cut on a code point boundary.
    std::size_t chars = 0, cut = 0;
    for (; cut < text.size(); ++cut) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80 && chars++ == kMaxLabelChars)
            return text.substr(0, cut) + "…";
    }
    return text;
}

// A link target for a file: relative to the output folder when inside it, else file://.
// Relative paths in run reports are taken as relative to our working folder, which is the
// runner's.
std::string linkTo(const std::string& path, const fs::path& outDir) {
    const fs::path absolute = fs::absolute(path).lexically_normal();
    const fs::path relative = absolute.lexically_relative(outDir);
    const bool inside = !relative.empty() && *relative.begin() != "..";
    const std::string target = inside ? relative.generic_string() : absolute.generic_string();
    std::string url = inside ? "" : "file://";
    for (unsigned char c : target) {
        if (std::isalnum(c) || std::string_view("/-._~").find(char(c)) != std::string_view::npos) {
            url += char(c);
        } else {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            url += escaped;
        }
    }
    return url;
}

std::string link(const std::string& href, const std::string& text) {
    return "<a href=\"" + escapeHtml(href) + "\">" + escapeHtml(text) + "</a>";
}

std::string cell(const std::string& html, const char* cls = nullptr) {
    return cls ? std::string("<td class=\"") + cls + "\">" + html + "</td>"
               : "<td>" + html + "</td>";
}

std::string jsonText(const Json& object, const char* key) {
    if (!object.is_object() || !object.contains(key)) return "";
    const Json& value = object.at(key);
    return value.is_string() ? value.get<std::string>() : value.dump();
}

class Page {
public:
    Page(const BenchRun& run, const fs::path& outDir) : run_(run), outDir_(outDir) {}

    std::string render() {
        html_ +=
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>hemu "
            "bench: " +
            escapeHtml(run_.suiteName) + "</title>\n<style>" + kStyle + "</style></head><body>\n";
        header();
        table();
        timeChart();
        breakdownChart();
        details();
        html_ += "</body></html>\n";
        return html_;
    }

private:
    std::string name(const TaskResult& r) const { return displayName(r, run_.settings.repeat); }

    void header() {
        const BenchSummary& s = run_.summary;
        html_ += "<h1>hemu bench: " + escapeHtml(run_.suiteName) + "</h1>\n";
        if (!run_.suiteDescription.empty())
            html_ += "<p>" + escapeHtml(run_.suiteDescription) + "</p>\n";
        std::string settings = "started " + run_.startedAt + " · " +
                               (run_.settings.vnc ? "over VNC (Xvnc)" : "local display (Xvfb)") +
                               " · repeat " + std::to_string(run_.settings.repeat);
        if (!run_.settings.filter.empty()) settings += " · filter " + run_.settings.filter;
        if (run_.interrupted) settings += " · INTERRUPTED";
        html_ += "<p class=\"muted\">" + escapeHtml(settings) + " · " +
                 link("report.json", "report.json") + "</p>\n<div class=\"cards\">\n";
        auto card = [&](const std::string& title, const std::string& value) {
            html_ += "<div class=\"card\">" + escapeHtml(title) + "<b>" + escapeHtml(value) +
                     "</b></div>\n";
        };
        card("succeeded", std::to_string(s.succeeded) + " / " + std::to_string(s.tasks) + " (" +
                              format("%.0f", s.successRate * 100) + "%)");
        card("median speedup", speedupText(s.medianSpeedup));
        card("median speedup, successes", speedupText(s.medianSpeedupSuccessful));
        card("min speedup, successes", speedupText(s.minSpeedupSuccessful));
        card("total time", formatNumber(s.totalSeconds) + " s");
        html_ +=
            "</div>\n<p class=\"muted\">Speedup = human time (measured, else the KLM estimate) / "
            "agent wall time including start-up. The median counts a failed run as 0.</p>\n";
    }

    void table() {
        html_ +=
            "<h2>Tasks</h2>\n<table>\n<tr><th>task</th><th>ok</th><th>agent s</th><th>human s</th>"
            "<th>KLM s</th><th>speedup</th><th>steps</th><th>main "
            "cost</th><th>reason</th><th>files</th></tr>\n";
        for (const auto& r : run_.results) {
            const auto cost = mainCost(r.run.categoryTimesMs());
            html_ +=
                "<tr>" + cell("<a href=\"#" + anchor(r) + "\">" + escapeHtml(name(r)) + "</a>") +
                (r.ok ? cell("yes", "ok") : cell("no", "fail")) +
                cell(formatNumber(r.seconds, 2), "num") +
                cell(formatNumber(r.humanSeconds), "num") +
                cell(formatNumber(r.klmSeconds), "num") +
                cell(escapeHtml(speedupText(r.speedup)), "num") +
                cell(std::to_string(r.run.stepCount()), "num") +
                cell(cost ? escapeHtml(cost->first + " " + format("%.0f", cost->second * 100) + "%")
                          : "-") +
                cell(escapeHtml(r.reason), "reason") + cell(fileLinks(r)) + "</tr>\n";
        }
        html_ += "</table>\n";
    }

    std::string anchor(const TaskResult& r) const {
        return "run-" + std::to_string(&r - run_.results.data());
    }

    std::string fileLinks(const TaskResult& r) const {
        std::vector<std::string> links;
        const fs::path dir = outDir_ / r.runDir;
        for (const auto& [file, text] : {std::pair{"report.json", "report"},
                                         {"run.log", "log"},
                                         {"app.log", "app log"},
                                         {"check.log", "check log"}}) {
            if (fs::exists(dir / file))
                links.push_back(link(linkTo((dir / file).string(), outDir_), text));
        }
        if (!r.video.empty())
            links.push_back(link(linkTo((outDir_ / r.video).string(), outDir_), "video"));
        if (!r.run.screenshot.empty())
            links.push_back(link(linkTo(r.run.screenshot, outDir_), "screenshot"));
        std::string html;
        for (const auto& l : links) html += (html.empty() ? "" : " ") + l;
        return html;
    }

    // Two bars per task run, agent and human, on one linear scale.
    void timeChart() {
        html_ += "<h2>Agent and human time</h2>\n";
        double maxSeconds = 0;
        for (const auto& r : run_.results)
            maxSeconds = std::max({maxSeconds, r.seconds, r.humanSeconds.value_or(0)});
        if (maxSeconds <= 0) {
            html_ += "<p class=\"muted\">No times.</p>\n";
            return;
        }
        constexpr int kRow = 34, kBar = 12, kTop = 24;
        const int height = kTop + kRow * int(run_.results.size()) + 4;
        const int width = kLabelWidth + kBarAreaWidth + kValueWidth;
        svgOpen(width, height, "Agent and human seconds per task");
        legend({{"agent", kAgentColour}, {"human", kHumanColour}});
        for (std::size_t i = 0; i < run_.results.size(); ++i) {
            const auto& r = run_.results[i];
            const int y = kTop + kRow * int(i);
            label(y + kBar + 4, r);
            bar(y + 2, kBar, r.seconds / maxSeconds, kAgentColour,
                formatNumber(r.seconds, 2) + " s", "agent " + formatNumber(r.seconds, 2) + " s");
            if (r.humanSeconds)
                bar(y + 2 + kBar + 2, kBar, *r.humanSeconds / maxSeconds, kHumanColour,
                    formatNumber(r.humanSeconds) + " s",
                    "human " + formatNumber(r.humanSeconds) + " s");
        }
        html_ += "</svg>\n";
    }

    // One stacked bar per task run: where its step time went.
    void breakdownChart() {
        html_ += "<h2>Where the agent's time went (sum of step time_ms)</h2>\n";
        double maxTotal = 0;
        std::vector<CategoryTimesMs> times;
        for (const auto& r : run_.results) {
            times.push_back(r.run.categoryTimesMs());
            double total = 0;
            for (double t : times.back()) total += t;
            maxTotal = std::max(maxTotal, total);
        }
        if (maxTotal <= 0) {
            html_ += "<p class=\"muted\">No step timings reported.</p>\n";
            return;
        }
        constexpr int kRow = 26, kBar = 18, kTop = 24;
        const int height = kTop + kRow * int(run_.results.size()) + 4;
        svgOpen(kLabelWidth + kBarAreaWidth + kValueWidth, height,
                "Step time by category per task");
        std::vector<std::pair<std::string, const char*>> entries;
        for (std::size_t c = 0; c < kTimeCategories.size(); ++c)
            entries.emplace_back(std::string(kTimeCategories[c]), kCategoryColours[c]);
        legend(entries);
        for (std::size_t i = 0; i < run_.results.size(); ++i) {
            const int y = kTop + kRow * int(i);
            label(y + kBar - 4, run_.results[i]);
            double x = kLabelWidth, total = 0;
            for (std::size_t c = 0; c < kTimeCategories.size(); ++c) {
                const double w = times[i][c] / maxTotal * kBarAreaWidth;
                total += times[i][c];
                if (w <= 0) continue;
                html_ += "<rect x=\"" + format("%.1f", x) + "\" y=\"" + std::to_string(y) +
                         "\" width=\"" + format("%.1f", w) + "\" height=\"" + std::to_string(kBar) +
                         "\" fill=\"" + kCategoryColours[c] + "\"><title>" +
                         escapeHtml(std::string(kTimeCategories[c])) + " " +
                         format("%.0f", times[i][c]) + " ms</title></rect>\n";
                x += w;
            }
            html_ += "<text x=\"" + format("%.1f", x + 6) + "\" y=\"" +
                     std::to_string(y + kBar - 4) + "\">" + format("%.0f", total) + " ms</text>\n";
        }
        html_ += "</svg>\n";
    }

    void svgOpen(int width, int height, const std::string& title) {
        html_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
                 "\" height=\"" + std::to_string(height) + "\" role=\"img\" aria-label=\"" +
                 escapeHtml(title) + "\">\n";
    }

    void legend(const std::vector<std::pair<std::string, const char*>>& entries) {
        int x = kLabelWidth;
        for (const auto& [text, colour] : entries) {
            html_ += "<rect x=\"" + std::to_string(x) +
                     "\" y=\"4\" width=\"12\" height=\"12\" fill=\"" + colour + "\"/><text x=\"" +
                     std::to_string(x + 16) + "\" y=\"14\">" + escapeHtml(text) + "</text>\n";
            x += 24 + 8 * int(text.size());
        }
    }

    // A task run's name left of its bars; failed runs in red.
    void label(int baselineY, const TaskResult& r) {
        const std::string text = name(r);
        html_ += "<text x=\"" + std::to_string(kLabelWidth - 8) + "\" y=\"" +
                 std::to_string(baselineY) + "\" text-anchor=\"end\"" +
                 (r.ok ? "" : " fill=\"#b00020\"") + ">" + escapeHtml(shortLabel(text)) +
                 "<title>" + escapeHtml(text + (r.ok ? "" : " (failed)")) + "</title></text>\n";
    }

    void bar(int y, int height, double fraction, const char* colour, const std::string& value,
             const std::string& title) {
        const double w = std::max(1.0, fraction * kBarAreaWidth);
        html_ += "<rect x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(y) +
                 "\" width=\"" + format("%.1f", w) + "\" height=\"" + std::to_string(height) +
                 "\" fill=\"" + colour + "\"><title>" + escapeHtml(title) +
                 "</title></rect><text x=\"" + format("%.1f", kLabelWidth + w + 6) + "\" y=\"" +
                 std::to_string(y + height - 2) + "\">" + escapeHtml(value) + "</text>\n";
    }

    // Per task run: its steps, failure screenshot, overlays and video.
    void details() {
        html_ += "<h2>Task runs</h2>\n";
        for (const auto& r : run_.results) {
            html_ +=
                "<details id=\"" + anchor(r) + "\"" + (r.ok ? "" : " open") + "><summary><b>" +
                escapeHtml(name(r)) + "</b> " +
                (r.ok ? "<span class=\"ok\">ok</span>" : "<span class=\"fail\">failed</span>") +
                " · " + fileLinks(r) + "</summary>\n";
            if (!r.reason.empty())
                html_ += "<p class=\"reason\">" + escapeHtml(r.reason) + "</p>\n";
            if (!r.checkReason.empty())
                html_ += "<p class=\"muted\">check: " + escapeHtml(r.checkReason) + "</p>\n";
            steps(r);
            if (!r.run.screenshot.empty()) {
                const std::string href = linkTo(r.run.screenshot, outDir_);
                html_ += "<p>Failure screenshot:<br><a href=\"" + escapeHtml(href) +
                         "\"><img class=\"shot\" src=\"" + escapeHtml(href) +
                         "\" alt=\"failure screenshot\" loading=\"lazy\"></a></p>\n";
            }
            if (const auto overlays = r.run.overlays(); !overlays.empty()) {
                html_ += "<p>What the agent saw, step by step:</p><div class=\"thumbs\">\n";
                for (std::size_t i = 0; i < overlays.size(); ++i) {
                    const std::string href = linkTo(overlays[i], outDir_);
                    html_ += "<a href=\"" + escapeHtml(href) + "\"><img src=\"" + escapeHtml(href) +
                             "\" alt=\"overlay " + std::to_string(i + 1) +
                             "\" loading=\"lazy\"></a>\n";
                }
                html_ += "</div>\n";
            }
            if (!r.video.empty())
                html_ += "<p>" + link(linkTo((outDir_ / r.video).string(), outDir_), "Run video") +
                         " (Matroska; plays in VLC, mpv, Chrome)</p>\n";
            html_ += "</details>\n";
        }
    }

    void steps(const TaskResult& r) {
        if (r.run.steps.empty()) return;
        html_ +=
            "<table><tr><th>#</th><th>action</th><th>target</th><th>ok</th><th>s</th><th>human "
            "s</th>";
        for (auto c : kTimeCategories) html_ += "<th>" + escapeHtml(std::string(c)) + " ms</th>";
        html_ += "<th>error</th></tr>\n";
        int index = 0;
        for (const Json& step : r.run.steps) {
            ++index;
            const bool ok = step.is_object() && step.contains("ok") && step.at("ok") == true;
            html_ += "<tr>" + cell(std::to_string(index), "num") +
                     cell(escapeHtml(jsonText(step, "action"))) +
                     cell(escapeHtml(jsonText(step, "target"))) +
                     (step.is_object() && step.contains("ok")
                          ? (ok ? cell("yes", "ok") : cell("no", "fail"))
                          : cell("")) +
                     cell(escapeHtml(jsonText(step, "seconds")), "num") +
                     cell(escapeHtml(jsonText(step, "human_seconds")), "num");
            const Json times =
                step.is_object() && step.contains("time_ms") ? step.at("time_ms") : Json();
            for (auto c : kTimeCategories)
                html_ += cell(escapeHtml(jsonText(times, std::string(c).c_str())), "num");
            html_ += cell(escapeHtml(jsonText(step, "error")), "reason") + "</tr>\n";
        }
        html_ += "</table>\n";
    }

    const BenchRun& run_;
    const fs::path outDir_;
    std::string html_;
};

}  // namespace

std::string escapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string renderHtmlReport(const BenchRun& run, const std::string& outDir) {
    fs::path dir = fs::absolute(outDir).lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path();  // "out/" normalizes to "out/" + ""
    return Page(run, dir).render();
}

}  // namespace hemu::bench
