// Waiver files (kind: Waivers): a malformed entry is a result, a malformed file an Error.
#include "fuzz/fuzz_util.h"
#include "src/waiver/waiver.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return sov::fuzz::Run([&] { sov::ParseWaivers(sov::fuzz::Text(data, size), "waivers.yaml"); });
}
