// Verification plans (verify-plan): one JSON object a line; a malformed line is an Error.
#include "fuzz/fuzz_util.h"
#include "src/evidence/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return sov::fuzz::Run([&] { sov::ParsePlan(sov::fuzz::Text(data, size), "plan.jsonl"); });
}
