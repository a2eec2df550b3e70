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

}  // namespace sov
