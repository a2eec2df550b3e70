#include "reports/render.h"

namespace sov {

std::optional<ReportFormat> ParseReportFormat(std::string_view name) {
  if (name == "text") return ReportFormat::kText;
  if (name == "json") return ReportFormat::kJson;
  return std::nullopt;
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
  }
}

}  // namespace sov
