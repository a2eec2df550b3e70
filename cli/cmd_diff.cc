// sovaudit diff OLD.json NEW.json: what changed between two JSON audit reports, and with
// --fail-on-regression exit 1 when anything got worse (src/diff defines "worse").
#include <cstdlib>
#include <ostream>
#include <string>

#include "cli/commands.h"
#include "reports/diff_render.h"
#include "src/diff/diff.h"
#include "src/diff/snapshot.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov {
namespace {

bool UseColor(const DiffCommandOptions& o) {
  if (o.color == "always") return true;
  if (o.color == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return o.out_is_tty && (no_color == nullptr || *no_color == '\0');
}

}  // namespace

int RunDiffCommand(const DiffCommandOptions& o, InputReader& inputs, std::ostream& out,
                   std::ostream& err) {
  std::optional<DiffFormat> format = ParseDiffFormat(o.format);
  if (!format) {
    throw Error("--format: '" + o.format + "' is not a diff format (text, json, markdown)");
  }
  // Both reports are read before anything is written: a bad NEW leaves no output file.
  ReportSnapshot old_report =
      ParseReportSnapshot(inputs.Read(InputRef::Parse(o.old_report)).bytes, o.old_report);
  ReportSnapshot new_report =
      ParseReportSnapshot(inputs.Read(InputRef::Parse(o.new_report)).bytes, o.new_report);
  ReportDiff diff = DiffReports(old_report, new_report);

  if (o.output.empty() || o.output == "-") {
    RenderDiff(diff, *format, DiffRenderOptions{UseColor(o)}, out);
    out.flush();
  } else {
    AtomicFile file(o.output);
    RenderDiff(diff, *format, DiffRenderOptions{}, file.stream());
    file.Commit();
  }

  if (!o.fail_on_regression) return kExitOk;
  std::vector<std::string> reasons = RegressionReasons(diff);
  for (const std::string& r : reasons) err << "sovaudit: regression: " << EscapeControl(r) << "\n";
  return reasons.empty() ? kExitOk : kExitGate;
}

}  // namespace sov
