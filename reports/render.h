#pragma once
// Renderers of the one report model. Each reads only the Report and writes to a stream.

#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/report/report.h"

namespace sov {

enum class ReportFormat { kText, kJson, kSarif, kJunit, kMarkdown, kHtml };

// "text" | "json" | "sarif" | "junit" | "markdown" | "html"; nullopt for anything else.
std::optional<ReportFormat> ParseReportFormat(std::string_view name);
// Every name ParseReportFormat accepts, in that order.
std::vector<std::string> ReportFormatNames();

struct RenderOptions {
  bool color = false;  // ANSI colour in the text report
};

// Writes `report` in `format` (the formats are one table, format_table.h).
void Render(const Report& report, ReportFormat format, const RenderOptions& options,
            std::ostream& out);

// For a terminal: per deployment the layer ladder, failing and unknown findings with their
// remediation, waived findings, and Q1–Q4; a portfolio summary when there are several
// deployments.
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
void RenderMarkdown(const Report& report, std::ostream& out);

// One self-contained HTML page (no scripts, external fonts or images), with inline SVG charts:
// the layer ladder per deployment and, for portfolios, a heat map of business units by layer.
void RenderHtml(const Report& report, std::ostream& out);

}  // namespace sov
