#include "src/rules/tally.h"

#include <algorithm>

namespace sov {
namespace {

void Count(LayerCounts& c, Status s) {
  switch (s) {
    case Status::kFail:
      ++c.failed;
      break;
    case Status::kUnknown:
      ++c.unknown;
      break;
    default:
      ++c.passed;
      break;
  }
}

}  // namespace

Status LayerCounts::status() const {
  if (failed > 0) return Status::kFail;
  if (unknown > 0) return Status::kUnknown;
  return Status::kPass;
}

LayerTally::LayerTally(const std::vector<Finding>& findings) {
  for (const Finding& f : findings) Add(f);
}

void LayerTally::Add(const Finding& f) {
  if (f.layer < 1 || f.layer > 5) return;
  Count(all_[f.layer], f.status);
  if (f.scope.empty()) {
    Count(unscoped_[f.layer], f.status);
  } else {
    for (const std::string& model : f.scope) Count(scoped_[model][f.layer], f.status);
  }
}

LayerCounts LayerTally::ForModel(const std::string& model, int layer) const {
  size_t l = Clamp(layer);
  LayerCounts c = unscoped_[l];
  auto it = scoped_.find(model);
  if (it != scoped_.end()) {
    c.passed += it->second[l].passed;
    c.failed += it->second[l].failed;
    c.unknown += it->second[l].unknown;
  }
  return c;
}

int LayerTally::AchievedLayer(const std::string& model) const {
  int achieved = 0;
  for (int layer = 1; layer <= 5; ++layer) {
    if (ForModel(model, layer).status() != Status::kPass) break;
    achieved = layer;
  }
  return achieved;
}

bool InScope(const Finding& f, const std::string& model) {
  return f.scope.empty() || std::find(f.scope.begin(), f.scope.end(), model) != f.scope.end();
}

}  // namespace sov
