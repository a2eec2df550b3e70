// Rule packs (kind: RulePack): disable, severity, and new rules in the declarative check
// language, applied to the built-in rules.
#include "fuzz/fuzz_util.h"
#include "src/rules/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return sov::fuzz::Run([&] {
    sov::RuleSet rules = sov::RuleSet::Builtin();
    rules.ApplyPackText(sov::fuzz::Text(data, size), "pack.yaml");
  });
}
