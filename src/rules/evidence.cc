// Evidence strength (spec/evidence.md): the weakest kind among the facts a finding rests on.
// Read per check, conservatively: a fact counts as `declared` unless this code knows better.
//   weights_pinned_verified (SOV-3.5)  verified when this run hashed the weights (a match or a
//                                      mismatch), attested when a trusted VSA stood in
//   lineage checks (SOV-3.3, 3.4, 4.1, the weakest node of the model's lineage: a catalogue
//   4.2, 4.3)                          entry or a node imported from a card, BOM, GGUF or
//                                      safetensors file, or read from a provenance file pinned
//                                      by #sha256=, is documented; anything else declared
//   every other check, and packs'      declared: they rest on what the manifest states about
//                                      places, organisations and flows
#include <string>

#include "src/facts/facts.h"
#include "src/rules/rules.h"
#include "src/util/input.h"
#include "src/util/text.h"

namespace sov {
namespace {

bool IsLineageCheck(const std::string& name) {
  return name == "lineage_licences_permit_modification" || name == "no_licence_server" ||
         name == "roots_domestic" || name == "lineage_documented" || name == "root_licence_irrevocable";
}

Evidence NodeEvidence(const ModelNode& node) {
  if (node.from_catalog) return Evidence::kDocumented;
  const std::string& file = node.loc.file;
  if (file.empty()) return Evidence::kDeclared;
  if (IsUrl(file)) return file.find("#sha256=") != std::string::npos ? Evidence::kDocumented : Evidence::kDeclared;
  std::string name = AsciiLower(InputRef::Parse(file).name());
  auto ends = [&](const char* ext) {
    std::string e = ext;
    return name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0;
  };
  // Not sovaudit's YAML: a third-party document the importer read.
  return ends(".yaml") || ends(".yml") ? Evidence::kDeclared : Evidence::kDocumented;
}

Evidence LineageEvidence(const Facts& facts, const std::string& model_id) {
  Evidence weakest = Evidence::kVerified;
  const std::vector<std::string>& lineage = facts.Lineage(model_id);
  if (lineage.empty()) return Evidence::kDeclared;
  for (const std::string& id : lineage) {
    const ModelNode* node = facts.Node(id);
    Evidence e = node != nullptr ? NodeEvidence(*node) : Evidence::kDeclared;
    if (e < weakest) weakest = e;
  }
  return weakest;
}

Evidence WeightsEvidence(const WeightsCheck& check) {
  switch (check.kind) {
    case WeightsCheck::Kind::kVerified:
    case WeightsCheck::Kind::kMismatch:
      return check.attested ? Evidence::kAttested : Evidence::kVerified;
    case WeightsCheck::Kind::kAttested:
      return Evidence::kAttested;
    default:
      return Evidence::kDeclared;
  }
}

}  // namespace

void AssignEvidence(const std::string& check, const Facts& facts, std::vector<Finding>& findings) {
  const std::string prefix = "models/";
  for (Finding& f : findings) {
    f.evidence = Evidence::kDeclared;
    if (f.subject.rfind(prefix, 0) != 0) continue;
    const std::string id = f.subject.substr(prefix.size());
    if (check == "weights_pinned_verified") {
      f.evidence = WeightsEvidence(facts.Weights(id));
    } else if (IsLineageCheck(check)) {
      f.evidence = LineageEvidence(facts, id);
    }
  }
}

size_t RequireEvidence(std::vector<Finding>& findings, Evidence min) {
  size_t changed = 0;
  for (Finding& f : findings) {
    if (f.status != Status::kPass || f.evidence >= min) continue;
    f.status = Status::kUnknown;
    f.message += " (but this rests on " + std::string(EvidenceName(f.evidence)) +
                 " evidence, and --min-evidence asks for " + EvidenceName(min) + ")";
    ++changed;
  }
  return changed;
}

}  // namespace sov
