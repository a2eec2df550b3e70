#pragma once
// Layer status per model and per deployment from a set of findings, in one pass over them.
// Used by SOV-5.2 (a judge's own layers 1-4) and by src/score.

#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/rules/rules.h"

namespace sov {

struct LayerCounts {
  int passed = 0;  // pass, n/a, waived: does not block
  int failed = 0;
  int unknown = 0;
  // fail when any failed, else unknown when any unknown, else pass (also with no findings).
  Status status() const;
};

class LayerTally {
 public:
  // Counts findings of layers 1..5; other layers (claims) are ignored. Never throws.
  explicit LayerTally(const std::vector<Finding>& findings);
  LayerTally() = default;
  // Counts one more finding.
  void Add(const Finding& f);

  // The findings of `layer` that count for `model`: unscoped ones plus those naming it.
  LayerCounts ForModel(const std::string& model, int layer) const;
  // Every finding of `layer`.
  LayerCounts ForDeployment(int layer) const { return all_[Clamp(layer)]; }
  // The highest N (0..5) such that layers 1..N all pass for `model`.
  int AchievedLayer(const std::string& model) const;

 private:
  static size_t Clamp(int layer) { return layer >= 1 && layer <= 5 ? layer : 0; }
  using PerLayer = std::array<LayerCounts, 6>;
  PerLayer unscoped_{};
  PerLayer all_{};
  std::unordered_map<std::string, PerLayer> scoped_;
};

// True when the finding counts for `model` (empty scope, or scope naming it).
bool InScope(const Finding& f, const std::string& model);

}  // namespace sov
