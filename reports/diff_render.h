#pragma once
// Renderers of a report diff (src/diff). Each reads only the ReportDiff and writes to a stream;
// RenderDiff picks one from the diff's format table (format_table.h, as for the report).

#include <optional>
#include <ostream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "src/diff/diff.h"

namespace sov {

enum class DiffFormat { kText, kJson, kMarkdown };

// "text" | "json" | "markdown"; nullopt for anything else.
std::optional<DiffFormat> ParseDiffFormat(std::string_view name);

struct DiffRenderOptions {
  bool color = false;  // ANSI colour in the text diff
};

void RenderDiff(const ReportDiff& diff, DiffFormat format, const DiffRenderOptions& options,
                std::ostream& out);

// For a terminal or a CI log: each changed deployment (layer, claim, layers, findings), the
// added and removed ones, then one summary line, "diff: ...; regression" or "; no regression".
// Every string from the reports is escaped (EscapeControl).
void RenderDiffText(const ReportDiff& diff, const DiffRenderOptions& options, std::ostream& out);

// "schema": "sovaudit/diff/v1": sorted keys, two-space indent, trailing newline; every matched
// deployment listed, changed or not; byte-identical for identical inputs.
void RenderDiffJson(const ReportDiff& diff, std::ostream& out);
nlohmann::json DiffToJson(const ReportDiff& diff);

// For a pull-request comment: a verdict, a table of the deployments that changed (layers,
// claims, counts), the added and removed ones, then tables of the new, worse, better and fixed
// findings: at most kMarkdownMaxRows rows each, and no row once kMarkdownMaxChars are written
// (GitHub refuses comments over 65,536 characters); what is left out is counted. Text from
// the reports is escaped so it cannot break the table, inject markup or mention anyone.
inline constexpr size_t kMarkdownMaxRows = 50;
inline constexpr size_t kMarkdownMaxChars = 60000;
void RenderDiffMarkdown(const ReportDiff& diff, std::ostream& out);

// The one-line summary the text diff ends with (without "diff: " and the newline), e.g.
// "1 deployment lost a layer, 3 new findings, 2 fixed; regression".
std::string DiffSummaryLine(const DiffSummary& s);

}  // namespace sov
