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
    {"markdown", ReportFormat::kMarkdown,
     [](const Report& r, const RenderOptions&, std::ostream& out) { RenderMarkdown(r, out); }},
    {"html", ReportFormat::kHtml,
     [](const Report& r, const RenderOptions&, std::ostream& out) { RenderHtml(r, out); }},
};

}  // namespace

std::optional<ReportFormat> ParseReportFormat(std::string_view name) {
  return FormatByName(kFormats, name);
}

std::vector<std::string> ReportFormatNames() { return FormatNames(kFormats); }

void Render(const Report& report, ReportFormat format, const RenderOptions& options,
            std::ostream& out) {
  WriteFormat(kFormats, format, report, options, out);
}

}  // namespace sov
