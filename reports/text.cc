// The terminal report. Every string that came from an input is escaped (EscapeControl) so a
// manifest cannot drive the terminal.
#include <algorithm>
#include <map>
#include <ostream>

#include "reports/render.h"
#include "src/util/text.h"

namespace sov {
namespace {

class Painter {
 public:
  explicit Painter(bool on) : on_(on) {}
  std::string Bold(const std::string& s) const { return Wrap("1", s); }
  std::string Dim(const std::string& s) const { return Wrap("2", s); }
  std::string Red(const std::string& s) const { return Wrap("31", s); }
  std::string Green(const std::string& s) const { return Wrap("32", s); }
  std::string Yellow(const std::string& s) const { return Wrap("33", s); }
  std::string ForStatus(Status st, const std::string& s) const {
    switch (st) {
      case Status::kPass: return Green(s);
      case Status::kFail: return Red(s);
      case Status::kUnknown: return Yellow(s);
      default: return Dim(s);
    }
  }

 private:
  std::string Wrap(const char* code, const std::string& s) const {
    return on_ ? "\x1b[" + std::string(code) + "m" + s + "\x1b[0m" : s;
  }
  bool on_;
};

const char* kQuestions[][2] = {
    {"Q1", "Who trained the base model, on what data, under what licence?"},
    {"Q2", "Can you retrain or fine-tune without the upstream vendor's permission?"},
    {"Q3", "Who operates the evaluation pipeline?"},
    {"Q4", "What happens if the foreign vendor withdraws or export controls tighten?"},
};

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string StatusWord(Status s) {
  switch (s) {
    case Status::kPass: return "pass";
    case Status::kFail: return "FAIL";
    case Status::kUnknown: return "unknown";
    case Status::kNotApplicable: return "n/a";
    case Status::kWaived: return "waived";
  }
  return "";
}

void RenderLadder(const DeploymentReport& d, const Painter& p, std::ostream& out) {
  out << "  " << p.Bold("Layer ladder") << "\n";
  std::vector<LayerResult> layers = d.layers;
  std::sort(layers.begin(), layers.end(),
            [](const LayerResult& a, const LayerResult& b) { return a.layer > b.layer; });
  for (const LayerResult& l : layers) {
    std::string mark = l.layer <= d.achieved_layer ? "#" : " ";
    out << "    [" << mark << "] " << l.layer << " " << Pad(l.name, 15) << " "
        << p.ForStatus(l.status, Pad(StatusWord(l.status), 8)) << " "
        << p.Dim(std::to_string(l.passed) + " passed, " + std::to_string(l.failed) +
                 " failed, " + std::to_string(l.unknown) + " unknown")
        << "\n";
  }
}

void RenderFindings(const DeploymentReport& d, const Painter& p, std::ostream& out) {
  std::vector<const Finding*> shown;
  for (const Finding& f : d.findings) {
    if (f.status == Status::kFail || f.status == Status::kUnknown) shown.push_back(&f);
  }
  if (shown.empty()) {
    out << "\n  " << p.Bold("Findings") << ": none failing or unknown.\n";
    return;
  }
  out << "\n  " << p.Bold("Findings that stand in the way") << " (" << shown.size() << ")\n";
  for (const Finding* f : shown) {
    out << "    " << p.ForStatus(f->status, Pad(StatusWord(f->status), 7)) << " "
        << p.Bold(f->rule) << " " << Pad(f->severity, 8) << " " << EscapeControl(f->subject)
        << "\n";
    out << "            " << EscapeControl(f->message) << "\n";
    std::string where = FormatLocation(f->location);
    if (!where.empty()) out << "            " << p.Dim("at " + EscapeControl(where)) << "\n";
    if (f->status == Status::kFail && !f->remediation.empty()) {
      out << "            " << p.Dim("fix: " + EscapeControl(f->remediation)) << "\n";
    }
  }
}

void RenderDeployment(const DeploymentReport& d, const Painter& p, std::ostream& out) {
  out << p.Bold(EscapeControl(d.name)) << "  " << p.Dim("(" + EscapeControl(d.file) + ")")
      << "\n";
  out << "  home: " << EscapeControl(Join(d.home, ", "));
  if (!d.business_unit.empty()) out << "   business unit: " << EscapeControl(d.business_unit);
  out << "\n  achieved: " << p.Bold("layer " + std::to_string(d.achieved_layer) + " — " + d.label)
      << "\n";
  if (d.claim.present) {
    out << "  claim:    layer " << d.claim.layer << " by " << EscapeControl(d.claim.by);
    if (!d.claim.source.empty()) out << " (" << EscapeControl(d.claim.source) << ")";
    out << " — " << (d.claim.holds ? p.Green("holds") : p.Red("OVERCLAIM")) << "\n";
  }
  if (d.integrity_failure) {
    out << "  " << p.Red("INTEGRITY FAILURE: a weight file does not match its pin") << "\n";
  }
  out << "\n";
  RenderLadder(d, p, out);
  if (d.models.size() > 1) {
    out << "\n  " << p.Bold("Models") << " (" << d.models.size() << ")\n";
    for (const ModelResult& m : d.models) {
      out << "    layer " << m.achieved_layer << "  " << EscapeControl(m.id) << "\n";
    }
  }
  RenderFindings(d, p, out);
  out << "\n  " << p.Bold("Procurement questions") << "\n";
  for (const auto& q : kQuestions) {
    auto it = d.questions.find(q[0]);
    out << "    " << p.Bold(q[0]) << " " << q[1] << "\n";
    out << "       " << (it == d.questions.end() ? "not answered" : EscapeControl(it->second))
        << "\n";
  }
}

void RenderPortfolio(const Report& report, const Painter& p, std::ostream& out) {
  std::map<int, int> by_layer;
  int overclaims = 0;
  size_t models = 0;
  for (const DeploymentReport& d : report.deployments) {
    ++by_layer[d.achieved_layer];
    if (d.claim.present && !d.claim.holds) ++overclaims;
    models += d.models.size();
  }
  out << p.Bold("Portfolio") << ": " << report.deployments.size() << " deployments, " << models
      << " models, " << overclaims << " overclaim" << (overclaims == 1 ? "" : "s") << "\n";
  for (int layer = 5; layer >= 0; --layer) {
    int n = by_layer[layer];
    out << "  layer " << layer << " " << Pad(LayerLabel(layer), 25) << " " << n << " "
        << std::string(static_cast<size_t>(n), '#') << "\n";
  }
}

}  // namespace

void RenderText(const Report& report, const RenderOptions& options, std::ostream& out) {
  Painter p(options.color);
  out << p.Dim("sovaudit " + report.tool_version + " — audit as of " + report.as_of) << "\n\n";
  for (size_t i = 0; i < report.deployments.size(); ++i) {
    if (i) out << "\n" << std::string(72, '-') << "\n\n";
    RenderDeployment(report.deployments[i], p, out);
  }
  if (report.deployments.size() > 1) {
    out << "\n" << std::string(72, '=') << "\n";
    RenderPortfolio(report, p, out);
  }
}

}  // namespace sov
