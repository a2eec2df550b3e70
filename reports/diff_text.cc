// The terminal diff. Only deployments that changed are shown; the last line is the summary a
// CI log is read by. Every string that came from a report is escaped (EscapeControl).
#include <ostream>
#include <string>

#include "reports/diff_render.h"
#include "reports/painter.h"
#include "src/util/text.h"

namespace sov {
namespace {


std::string Word(std::optional<Status> s) {
  if (!s) return "absent";
  return *s == Status::kFail ? "FAIL" : StatusName(*s);
}

std::string Paint(const Painter& p, std::optional<Status> s, const std::string& text) {
  switch (StatusRank(s)) {
    case 2: return p.Red(text);
    case 1: return p.Yellow(text);
    default: return s == Status::kPass ? p.Green(text) : p.Dim(text);
  }
}

std::string ClaimText(const std::optional<SnapshotClaim>& c, const Painter& p) {
  if (!c) return "none";
  return "layer " + std::to_string(c->layer) + " by " + EscapeControl(c->by) + " " +
         (c->holds ? p.Green("holds") : p.Red("OVERCLAIM"));
}

void RenderLayerLine(const DeploymentDelta& d, const Painter& p, std::ostream& out) {
  out << "  layer:  ";
  std::string before = std::to_string(d.old_layer) + " " + EscapeControl(d.old_label);
  std::string after = std::to_string(d.new_layer) + " " + EscapeControl(d.new_label);
  switch (d.layer_change()) {
    case LayerChange::kSame:
      out << (before == after ? after + " (same)" : before + " → " + after);
      break;
    case LayerChange::kGained:
      out << before << " → " << p.Bold(after) << "  " << p.Green("GAINED");
      break;
    case LayerChange::kLost:
      out << before << " → " << p.Bold(after) << "  " << p.Red("LOST");
      break;
  }
  out << "\n";
}

void RenderFinding(const FindingDelta& f, const Painter& p, std::ostream& out) {
  out << "    " << Paint(p, f.new_status, Pad(Word(f.new_status), 7)) << " "
      << p.Bold(EscapeControl(f.rule)) << " " << Pad(EscapeControl(f.severity), 8) << " "
      << EscapeControl(f.subject) << "  " << p.Dim("(was " + Word(f.old_status) + ")") << "\n";
  out << "            " << EscapeControl(f.message) << "\n";
  std::string where = FormatLocation(f.location);
  if (!where.empty()) out << "            " << p.Dim("at " + EscapeControl(where)) << "\n";
}

void RenderDeployment(const DeploymentDelta& d, const Painter& p, std::ostream& out) {
  out << p.Bold(EscapeControl(d.name)) << "  (" << EscapeControl(d.new_file);
  if (d.old_file != d.new_file) out << ", was " << EscapeControl(d.old_file);
  out << ")" << (d.Regressed() ? "  " + p.Red("regression") : "") << "\n";
  RenderLayerLine(d, p, out);
  if (d.old_claim != d.new_claim) {
    out << "  claim:  " << ClaimText(d.old_claim, p) << " → " << ClaimText(d.new_claim, p)
        << "\n";
  }
  for (const LayerStatusDelta& l : d.layers) {
    out << "  layer " << l.layer << " " << Pad(EscapeControl(l.name), 15) << " "
        << Paint(p, l.old_status, Word(l.old_status)) << " → "
        << Paint(p, l.new_status, Word(l.new_status)) << "\n";
  }
  for (FindingChange c : {FindingChange::kNew, FindingChange::kWorse, FindingChange::kBetter,
                          FindingChange::kFixed}) {
    size_t n = d.Count(c);
    if (n == 0) continue;
    out << "  " << p.Bold(std::string(FindingChangeName(c)) + " findings") << " (" << n << ")\n";
    for (const FindingDelta& f : d.findings) {
      if (f.change == c) RenderFinding(f, p, out);
    }
  }
}

void RenderEntries(const char* title, const std::vector<DeploymentEntry>& entries,
                   const Painter& p, std::ostream& out) {
  if (entries.empty()) return;
  out << p.Bold(title) << " (" << entries.size() << ")\n";
  for (const DeploymentEntry& e : entries) {
    out << "  " << EscapeControl(e.name) << "  (" << EscapeControl(e.file) << ")  layer "
        << e.achieved_layer << " — " << EscapeControl(e.label) << ", " << e.open_findings
        << " open finding" << (e.open_findings == 1 ? "" : "s") << "\n";
  }
  out << "\n";
}

}  // namespace

void RenderDiffText(const ReportDiff& diff, const DiffRenderOptions& options,
                    std::ostream& out) {
  Painter p(options.color);
  out << p.Dim("sovaudit diff — " + EscapeControl(diff.old_file) + " (as of " +
               EscapeControl(diff.old_as_of) + ") → " + EscapeControl(diff.new_file) +
               " (as of " + EscapeControl(diff.new_as_of) + ")")
      << "\n\n";
  for (const DeploymentDelta& d : diff.deployments) {
    if (!d.Changed()) continue;
    RenderDeployment(d, p, out);
    out << "\n";
  }
  RenderEntries("Added deployments", diff.added, p, out);
  RenderEntries("Removed deployments", diff.removed, p, out);
  DiffSummary s = Summarize(diff);
  if (s.unchanged > 0) {
    out << s.unchanged << " of " << s.matched << " matched deployment"
        << (s.matched == 1 ? "" : "s") << " unchanged\n";
  }
  std::string line = "diff: " + DiffSummaryLine(s);
  out << (s.regression ? p.Red(line) : line) << "\n";
}

}  // namespace sov
