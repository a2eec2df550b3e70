#include "reports/render.h"

namespace sov {
namespace {

struct FormatName {
  const char* name;
  ReportFormat format;
};

constexpr FormatName kFormats[] = {
    {"text", ReportFormat::kText},   {"json", ReportFormat::kJson},
    {"sarif", ReportFormat::kSarif}, {"junit", ReportFormat::kJunit},
    {"markdown", ReportFormat::kMarkdown}, {"html", ReportFormat::kHtml},
};

}  // namespace

std::optional<ReportFormat> ParseReportFormat(std::string_view name) {
  for (const FormatName& f : kFormats) {
    if (name == f.name) return f.format;
  }
  return std::nullopt;
}

std::vector<std::string> ReportFormatNames() {
  std::vector<std::string> names;
  for (const FormatName& f : kFormats) names.push_back(f.name);
  return names;
}

void Render(const Report& report, ReportFormat format, const RenderOptions& options,
            std::ostream& out) {
  switch (format) {
    case ReportFormat::kText:
      RenderText(report, options, out);
      return;
    case ReportFormat::kJson:
      RenderJson(report, out);
      return;
    case ReportFormat::kSarif:
      RenderSarif(report, out);
      return;
    case ReportFormat::kJunit:
      RenderJunit(report, out);
      return;
    case ReportFormat::kMarkdown:
      RenderMarkdown(report, out);
      return;
    case ReportFormat::kHtml:
      RenderHtml(report, out);
      return;
  }
}

}  // namespace sov
