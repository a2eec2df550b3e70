#pragma once
// Renderers of the one report model. Each reads only the Report and writes to a stream.

#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/diff/diff.h"
#include "src/report/gate.h"
#include "src/report/report.h"

namespace sov {

enum class ReportFormat { kText, kJson, kSarif, kJunit, kMarkdown, kHtml };

// "text" | "json" | "sarif" | "junit" | "markdown" | "html"; nullopt for anything else.
std::optional<ReportFormat> ParseReportFormat(std::string_view name);
// Every name ParseReportFormat accepts, in that order.
std::vector<std::string> ReportFormatNames();

// How much of each deployment the human-readable reports (text, Markdown, HTML) show:
// kSummary folds findings into one row per rule and outcome and leaves the model lists out;
// kFull adds every finding and every model (HTML: in an appendix), as an auditor wants them.
enum class Details { kSummary, kFull };
// "summary" | "full"; nullopt for anything else.
std::optional<Details> ParseDetails(std::string_view name);

struct RenderOptions {
  bool color = false;  // ANSI colour in the text report
  Details details = Details::kSummary;
  std::string title;   // the executive summary's organisation (--title); "" for the owners
  // The change since the previous audit (audit --baseline), or nullptr.
  const ReportDiff* baseline = nullptr;
  // The gates the run applied, or nullptr when none was asked for.
  const GateOutcome* gate = nullptr;
};

// Writes `report` in `format` (the formats are one table, format_table.h).
void Render(const Report& report, ReportFormat format, const RenderOptions& options,
            std::ostream& out);

// For a terminal: the executive summary and, for several deployments, the portfolio first;
// then per deployment the layer ladder, the findings folded by rule and outcome, the next-layer
// plan and Q1–Q4 (--details full: every finding and model).
void RenderText(const Report& report, const RenderOptions& options, std::ostream& out);

// The spec's JSON report: sorted keys, two-space indent, trailing newline; byte-identical for
// identical reports.
void RenderJson(const Report& report, std::ostream& out);
nlohmann::json ReportToJson(const Report& report);
// Every top-level member but "deployments".
nlohmann::json ReportHeaderToJson(const Report& report);
nlohmann::json DeploymentToJson(const DeploymentReport& d,
                                const std::vector<WaiverResult>& waivers, bool with_findings);
nlohmann::json FindingToJson(const Finding& finding, const std::vector<WaiverResult>& waivers);
nlohmann::json LocationToJson(const Location& loc);
// A deployment's passing findings by evidence kind: {"declared": n, "documented": n, ...}.
nlohmann::json EvidenceTallyToJson(const DeploymentReport& d);
// The "waiver" member of a waived finding.
nlohmann::json WaiverRefToJson(const WaiverResult& w);

// SARIF 2.1.0 for code scanning: one run, the rules as reportingDescriptors with help and
// security-severity, a result for every fail, unknown and waived finding located in its file
// and line, waived findings with a `suppressions` entry.
void RenderSarif(const Report& report, std::ostream& out);

// JUnit XML: a testsuite per deployment, a testcase per rule and subject (fail: <failure>,
// unknown: <error>, n/a and waived: <skipped>).
void RenderJunit(const Report& report, std::ostream& out);

// GitHub-flavoured Markdown sized for a pull-request comment (under 60,000 characters:
// details are cut, with a note, before that).
// The first line states the gate result; deployments that meet their target get no plan.
void RenderMarkdown(const Report& report, const RenderOptions& options, std::ostream& out);

// One self-contained HTML page (no scripts, external fonts or images), a board pack when
// printed: the executive summary and the five layers on page 1, the portfolio (inline SVG
// charts on one colour scale of layers) next, a page per deployment below its target, the
// deployments that meet it compactly, and an appendix (Q1–Q4, waivers; --details full: every
// finding and model).
void RenderHtml(const Report& report, const RenderOptions& options, std::ostream& out);

}  // namespace sov
