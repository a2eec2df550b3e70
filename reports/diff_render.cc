#include "reports/diff_render.h"

#include <string>
#include <vector>

#include "reports/format_table.h"
#include "src/util/text.h"

namespace sov {
namespace {

std::string Count(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

using Entry = FormatEntry<DiffFormat, ReportDiff, DiffRenderOptions>;

const Entry kDiffFormats[] = {
    {"text", DiffFormat::kText, RenderDiffText},
    {"json", DiffFormat::kJson,
     [](const ReportDiff& d, const DiffRenderOptions&, std::ostream& out) { RenderDiffJson(d, out); }},
    {"markdown", DiffFormat::kMarkdown,
     [](const ReportDiff& d, const DiffRenderOptions&, std::ostream& out) {
       RenderDiffMarkdown(d, out);
     }},
};

}  // namespace

std::optional<DiffFormat> ParseDiffFormat(std::string_view name) {
  return FormatByName(kDiffFormats, name);
}

void RenderDiff(const ReportDiff& diff, DiffFormat format, const DiffRenderOptions& options,
                std::ostream& out) {
  WriteFormat(kDiffFormats, format, diff, options, out);
}

std::string DiffSummaryLine(const DiffSummary& s) {
  std::vector<std::string> parts;
  if (s.gained) parts.push_back(Count(s.gained, "deployment", "deployments") + " gained a layer");
  if (s.lost) parts.push_back(Count(s.lost, "deployment", "deployments") + " lost a layer");
  if (s.new_overclaims) parts.push_back(Count(s.new_overclaims, "new overclaim", "new overclaims"));
  if (s.resolved_overclaims) {
    parts.push_back(Count(s.resolved_overclaims, "overclaim", "overclaims") + " resolved");
  }
  if (s.new_findings) parts.push_back(Count(s.new_findings, "new finding", "new findings"));
  if (s.worse) parts.push_back(std::to_string(s.worse) + " worse");
  if (s.better) parts.push_back(std::to_string(s.better) + " better");
  if (s.fixed) parts.push_back(std::to_string(s.fixed) + " fixed");
  if (s.added) parts.push_back(Count(s.added, "deployment", "deployments") + " added");
  if (s.removed) parts.push_back(Count(s.removed, "deployment", "deployments") + " removed");
  size_t other = s.matched - s.unchanged;  // changed deployments not counted above
  if (parts.empty() && other > 0) {
    parts.push_back(Count(other, "deployment", "deployments") + " changed otherwise");
  }
  std::string line = parts.empty() ? "no change" : Join(parts, ", ");
  return line + (s.regression ? "; regression" : "; no regression");
}

}  // namespace sov
