#include "src/util/embedded.h"

namespace sov {

std::string_view EmbeddedRuleFile(std::string_view name) {
  for (const EmbeddedFile& f : EmbeddedRuleFiles()) {
    if (f.name == name) return f.data;
  }
  return {};
}

}  // namespace sov
