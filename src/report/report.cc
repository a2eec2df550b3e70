#include "src/report/report.h"

namespace sov {

const char* LayerLabel(int layer) {
  switch (layer) {
    case 1: return "sovereign hosting";
    case 2: return "sovereign infrastructure";
    case 3: return "sovereign fine-tuning";
    case 4: return "sovereign base model";
    case 5: return "sovereign end-to-end";
    default: return "not sovereign";
  }
}

const RuleInfo* FindRule(const Report& report, const std::string& id) {
  for (const RuleInfo& r : report.rules) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::array<int, kEvidenceKinds> PassingByEvidence(const DeploymentReport& d) {
  std::array<int, kEvidenceKinds> n{};
  for (const Finding& f : d.findings) {
    if (f.status == Status::kPass) ++n[static_cast<size_t>(f.evidence)];
  }
  return n;
}

std::string FleetLine(const DeploymentReport& d) {
  std::string line;
  for (const FleetCoverage& f : d.fleets) {
    line += (line.empty() ? "'" : "; '") + f.model + "' " + std::to_string(f.attested) + " of " +
            std::to_string(f.size) + " boxes attested";
  }
  return line;
}

std::string EvidenceLine(const DeploymentReport& d) {
  std::array<int, kEvidenceKinds> n = PassingByEvidence(d);
  int total = 0;
  for (int k : n) total += k;
  std::string line = std::to_string(total) + (total == 1 ? " passing finding rests on: " : " passing findings rest on: ");
  for (int k = kEvidenceKinds - 1; k >= 0; --k) {
    line += std::to_string(n[static_cast<size_t>(k)]) + " " + EvidenceName(static_cast<Evidence>(k));
    if (k > 0) line += ", ";
  }
  return line;
}

}  // namespace sov
