// Weights evidence (audit --evidence): a Sigstore bundle holding a SLSA VSA, read without a key
// (what an untrusted file claims is parsed before any signature is checked).
#include "fuzz/fuzz_util.h"
#include "src/evidence/vsa.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string file = sov::fuzz::AsFile(data, size, "vsa.json");
  return sov::fuzz::Run([&] { (void)sov::ReadWeightsEvidence({file}, {}); });
}
