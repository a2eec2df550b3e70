#include "reports/render.h"

#include "reports/format_table.h"

namespace sov {
namespace {

using Entry = FormatEntry<ReportFormat, Report, RenderOptions>;

const Entry kFormats[] = {
    {"text", ReportFormat::kText, RenderText},
    {"json", ReportFormat::kJson,
     [](const Report& r, const RenderOptions&, std::ostream& out) { RenderJson(r, out); }},
    {"sarif", ReportFormat::kSarif,
     [](const Report& r, const RenderOptions&, std::ostream& out) { RenderSarif(r, out); }},
    {"junit", ReportFormat::kJunit,
     [](const Report& r, const RenderOptions&, std::ostream& out) { RenderJunit(r, out); }},
    {"markdown", ReportFormat::kMarkdown, RenderMarkdown},
    {"html", ReportFormat::kHtml, RenderHtml},
};

}  // namespace

std::optional<ReportFormat> ParseReportFormat(std::string_view name) {
  return FormatByName(kFormats, name);
}

std::vector<std::string> ReportFormatNames() { return FormatNames(kFormats); }

std::optional<Details> ParseDetails(std::string_view name) {
  if (name == "summary") return Details::kSummary;
  if (name == "full") return Details::kFull;
  return std::nullopt;
}

void Render(const Report& report, ReportFormat format, const RenderOptions& options,
            std::ostream& out) {
  WriteFormat(kFormats, format, report, options, out);
}

}  // namespace sov
