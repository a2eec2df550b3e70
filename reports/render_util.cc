#include "reports/render_util.h"

#include "src/util/encoding.h"

#include <algorithm>

namespace sov {

const Question kQuestions[4] = {
    {"Q1", "Who trained the base model, on what data, under what licence?"},
    {"Q2", "Can you retrain or fine-tune without the upstream vendor's permission?"},
    {"Q3", "Who operates the evaluation pipeline?"},
    {"Q4", "What happens if the foreign vendor withdraws or export controls tighten?"},
};

std::string XmlEscape(std::string_view raw) {
  std::string s = EscapeControl(raw);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string XmlEscapeLines(std::string_view raw) {
  std::string out;
  size_t start = 0;
  for (;;) {
    size_t nl = raw.find('\n', start);
    out += XmlEscape(raw.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) return out;
    out += '\n';
    start = nl + 1;
  }
}

std::string MdEscape(std::string_view raw) {
  std::string s = EscapeControl(raw);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (std::string_view("\\`*_{}[]<>()#+!|~@&").find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string Clip(const std::string& s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) --n;
  // Cut between words when a space lies in the second half of what is kept.
  if (s[n] != ' ') {
    size_t space = s.rfind(' ', n);
    if (space != std::string::npos && space >= n / 2) n = space;
  }
  while (n > 0 && s[n - 1] == ' ') --n;
  return s.substr(0, n) + "…";
}

std::string FirstSentence(const std::string& s, size_t n) {
  int depth = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && depth > 0) --depth;
    if (depth == 0 && s[i] == '.' && s[i + 1] == ' ') return Clip(s.substr(0, i + 1), n);
  }
  return Clip(s, n);
}

std::string SubjectNames(const std::vector<const Finding*>& findings, size_t shown) {
  std::string s;
  for (size_t i = 0; i < findings.size() && i < shown; ++i) {
    const std::string& subject = findings[i]->subject;
    size_t slash = subject.find('/');
    s += (i ? ", " : "") + (slash == std::string::npos ? subject : subject.substr(slash + 1));
  }
  if (findings.size() > shown) s += " and " + std::to_string(findings.size() - shown) + " more";
  return s;
}

bool IsAbsolutePath(const std::string& path) { return !path.empty() && path[0] == '/'; }

std::string FileUri(const std::string& path) {
  return (IsAbsolutePath(path) ? "file://" : "") + PercentEncode(path, "/");
}

const char* StatusWord(Status s) {
  switch (s) {
    case Status::kPass: return "pass";
    case Status::kFail: return "FAIL";
    case Status::kUnknown: return "unknown";
    case Status::kNotApplicable: return "n/a";
    case Status::kWaived: return "waived";
  }
  return "";
}

const WaiverResult* WaiverOf(const Report& report, const Finding& f) {
  if (f.waiver < 0 || static_cast<size_t>(f.waiver) >= report.waivers.size()) return nullptr;
  return &report.waivers[static_cast<size_t>(f.waiver)];
}

std::string WaiverOwners(const Report& report, const std::vector<const Finding*>& findings) {
  std::vector<std::string> seen;
  for (const Finding* f : findings) {
    const WaiverResult* w = WaiverOf(report, *f);
    if (w == nullptr) continue;
    std::string who = w->owner + " until " + w->expires;
    if (std::find(seen.begin(), seen.end(), who) == seen.end()) seen.push_back(who);
  }
  if (seen.empty()) return "waived";
  std::string s = "waived by ";
  for (size_t i = 0; i < seen.size() && i < 3; ++i) s += (i ? "; " : "") + seen[i];
  if (seen.size() > 3) s += " and " + std::to_string(seen.size() - 3) + " more waivers";
  return s;
}

FindingCounts CountFindings(const DeploymentReport& d) {
  FindingCounts c;
  for (const Finding& f : d.findings) {
    c.fail += f.status == Status::kFail;
    c.unknown += f.status == Status::kUnknown;
    c.waived += f.status == Status::kWaived;
  }
  return c;
}

std::vector<PlanGroup> GroupPlan(const DeploymentReport& d) {
  std::vector<PlanGroup> groups;
  for (size_t i : d.next_layer.steps) {
    const Finding& f = d.findings[i];
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const PlanGroup& g) { return g.rule == f.rule; });
    if (it == groups.end()) {
      groups.push_back(PlanGroup{f.rule, SeverityName(f.severity), f.remediation, {}});
      it = groups.end() - 1;
    }
    if (it->remediation.empty()) it->remediation = f.remediation;
    it->findings.push_back(&f);
  }
  return groups;
}

std::string AboveTargetReason(const DeploymentReport& d) {
  return "above the target layer " + std::to_string(d.target_layer);
}

std::string NoPlanSentence(const DeploymentReport& d) {
  if (MeetsTarget(d) && d.achieved_layer < 5) {
    return "Meets its target, layer " + std::to_string(d.target_layer) + " (" +
           LayerName(d.target_layer) + "): no plan beyond it.";
  }
  return "Reaches the top layer: nothing stands in the way.";
}

std::string RuleTitle(const Report& report, const std::string& id) {
  const RuleInfo* r = FindRule(report, id);
  return r ? r->title : "";
}

}  // namespace sov
