// The Markdown diff, for a pull-request comment: a verdict, a table of the deployments that
// changed, then the findings that changed. Every string from the reports goes through Cell(),
// so a name cannot end a table cell, open markup or mention someone.
#include <ostream>
#include <sstream>
#include <string>

#include "reports/diff_render.h"
#include "src/util/text.h"

namespace sov {
namespace {

// Escaped for a table cell (and inline text): control characters as \xNN, Markdown
// punctuation backslash-escaped, '@' followed by a zero-width space (no mentions).
std::string Cell(const std::string& s) {
  std::string out;
  for (char c : EscapeControl(s)) {
    switch (c) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
      case '|': case '~': case '&': case '#': case '!':
        out += '\\';
        out += c;
        break;
      case '@':
        out += "@\u200b";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// At most kMaxMessage bytes of `s`, cut on a UTF-8 character boundary, "…" marking a cut.
constexpr size_t kMaxMessage = 400;
std::string Shorten(const std::string& s) {
  if (s.size() <= kMaxMessage) return s;
  size_t cut = kMaxMessage;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

std::string Word(std::optional<Status> s) { return s ? StatusName(*s) : "absent"; }

std::string ClaimWord(const std::optional<SnapshotClaim>& c) {
  if (!c) return "none";
  return "layer " + std::to_string(c->layer) + (c->holds ? " holds" : " **overclaim**");
}

std::string LayerCell(const DeploymentDelta& d) {
  switch (d.layer_change()) {
    case LayerChange::kSame: return std::to_string(d.new_layer);
    case LayerChange::kGained:
      return std::to_string(d.old_layer) + " → **" + std::to_string(d.new_layer) + "** gained";
    case LayerChange::kLost:
      return std::to_string(d.old_layer) + " → **" + std::to_string(d.new_layer) + "** lost";
  }
  return "";
}

std::string LayersCell(const DeploymentDelta& d) {
  std::string s;
  for (const LayerStatusDelta& l : d.layers) {
    if (!s.empty()) s += "; ";
    s += std::to_string(l.layer) + " " + Cell(l.name) + ": " + Word(l.old_status) + " → " +
         Word(l.new_status);
  }
  return s.empty() ? "—" : s;
}

// The deployments that changed: at most kMarkdownMaxRows rows, none past kMarkdownMaxChars.
void RenderTable(const ReportDiff& diff, const DiffSummary& s, std::ostringstream& out) {
  if (s.matched == s.unchanged) {
    if (s.matched > 0) out << "All " << s.matched << " matched deployments are unchanged.\n\n";
    return;
  }
  out << "| deployment | layer | claim | layer status | new | worse | better | fixed |\n"
      << "|---|---|---|---|--:|--:|--:|--:|\n";
  size_t shown = 0, changed = s.matched - s.unchanged;
  for (const DeploymentDelta& d : diff.deployments) {
    if (!d.Changed()) continue;
    if (shown == kMarkdownMaxRows || static_cast<size_t>(out.tellp()) > kMarkdownMaxChars) break;
    ++shown;
    std::string claim = d.old_claim == d.new_claim
                            ? (d.new_claim ? ClaimWord(d.new_claim) : "—")
                            : ClaimWord(d.old_claim) + " → " + ClaimWord(d.new_claim);
    out << "| " << (d.Regressed() ? "**" + Cell(d.name) + "** (regression)" : Cell(d.name))
        << " | " << LayerCell(d) << " | " << claim << " | " << LayersCell(d) << " | "
        << d.Count(FindingChange::kNew) << " | " << d.Count(FindingChange::kWorse) << " | "
        << d.Count(FindingChange::kBetter) << " | " << d.Count(FindingChange::kFixed) << " |\n";
  }
  if (changed > shown) {
    out << "| … and " << changed - shown << " more changed deployments | | | | | | | |\n";
  }
  out << "\n";
  if (s.unchanged > 0) {
    out << s.unchanged << " of " << s.matched << " matched deployments unchanged.\n\n";
  }
}

void RenderEntries(const char* title, const std::vector<DeploymentEntry>& entries,
                   std::ostream& out) {
  if (entries.empty()) return;
  out << "**" << title << "** (" << entries.size() << "):\n\n";
  size_t shown = 0;
  for (const DeploymentEntry& e : entries) {
    if (++shown > kMarkdownMaxRows) break;
    out << "- " << Cell(e.name) << " (" << Cell(e.file) << "): layer " << e.achieved_layer
        << ", " << Cell(e.label) << ", " << e.open_findings << " open finding"
        << (e.open_findings == 1 ? "" : "s") << "\n";
  }
  if (entries.size() > kMarkdownMaxRows) {
    out << "- … and " << entries.size() - kMarkdownMaxRows << " more\n";
  }
  out << "\n";
}

// One table of the findings of kind `change`: at most kMarkdownMaxRows rows, and none once
// `out` holds kMarkdownMaxChars; what is left out is counted.
void RenderFindings(const ReportDiff& diff, FindingChange change, const char* title,
                    size_t total, std::ostringstream& out) {
  if (total == 0) return;
  out << "#### " << title << " (" << total << ")\n\n"
      << "| deployment | rule | severity | subject | status | message |\n"
      << "|---|---|---|---|---|---|\n";
  size_t shown = 0;
  for (const DeploymentDelta& d : diff.deployments) {
    for (const FindingDelta& f : d.findings) {
      if (f.change != change || shown == kMarkdownMaxRows) continue;
      if (static_cast<size_t>(out.tellp()) > kMarkdownMaxChars) break;
      ++shown;
      out << "| " << Cell(d.name) << " | " << Cell(f.rule) << " | " << Cell(f.severity) << " | "
          << Cell(f.subject) << " | " << Word(f.old_status) << " → " << Word(f.new_status)
          << " | " << Cell(Shorten(f.message)) << " |\n";
    }
  }
  if (total > shown) {
    out << "\n… and " << total - shown
        << " more: `sovaudit diff --format json` lists them all.\n";
  }
  out << "\n";
}

}  // namespace

void RenderDiffMarkdown(const ReportDiff& diff, std::ostream& final_out) {
  DiffSummary s = Summarize(diff);
  std::ostringstream out;
  out << "### sovaudit diff: " << (s.regression ? "regression" : "no regression") << "\n\n"
      << Cell(diff.old_file) << " (as of " << Cell(diff.old_as_of) << ") → "
      << Cell(diff.new_file) << " (as of " << Cell(diff.new_as_of) << "): "
      << DiffSummaryLine(s) << ".\n\n";
  RenderTable(diff, s, out);
  RenderEntries("Added deployments", diff.added, out);
  RenderEntries("Removed deployments", diff.removed, out);
  RenderFindings(diff, FindingChange::kNew, "New findings", s.new_findings, out);
  RenderFindings(diff, FindingChange::kWorse, "Worse findings", s.worse, out);
  RenderFindings(diff, FindingChange::kBetter, "Better findings", s.better, out);
  RenderFindings(diff, FindingChange::kFixed, "Fixed findings", s.fixed, out);
  final_out << out.str();
}

}  // namespace sov
