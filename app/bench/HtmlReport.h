#pragma once
// index.html of a bench run: one self-contained page (inline CSS and SVG, no scripts, nothing
// fetched from the network) with the summary, the table, agent-vs-human and time-breakdown
// charts, and links to each task run's report, log, video, failure screenshot and overlays.
//
//   std::ofstream(outDir + "/index.html") << renderHtmlReport(run, outDir);

#include <string>
#include <string_view>

#include "app/bench/BenchResults.h"

namespace hemu::bench {

/// Files under `outDir` are linked relatively (the folder can be moved or served as is);
/// others by file:// URL. Every text from a suite, report or app is escaped.
std::string renderHtmlReport(const BenchRun& run, const std::string& outDir);

/// Text made safe for HTML element content and quoted attribute values.
std::string escapeHtml(std::string_view text);

}  // namespace hemu::bench
