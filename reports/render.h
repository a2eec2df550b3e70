#pragma once
// Renderers of the one report model. Each reads only the Report and writes to a stream.

#include <optional>
#include <ostream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "src/report/report.h"

namespace sov {

enum class ReportFormat { kText, kJson };

// "text" | "json"; nullopt for anything else.
std::optional<ReportFormat> ParseReportFormat(std::string_view name);

struct RenderOptions {
  bool color = false;  // ANSI colour in the text report
};

// The one place that switches on the format.
void Render(const Report& report, ReportFormat format, const RenderOptions& options,
            std::ostream& out);

// For a terminal: per deployment the layer ladder, failing and unknown findings with their
// remediation, and Q1–Q4; a portfolio summary when there are several deployments.
void RenderText(const Report& report, const RenderOptions& options, std::ostream& out);

// The spec's JSON report: sorted keys, two-space indent, trailing newline; byte-identical for
// identical reports.
void RenderJson(const Report& report, std::ostream& out);
nlohmann::json ReportToJson(const Report& report);
nlohmann::json FindingToJson(const Finding& finding);

}  // namespace sov
