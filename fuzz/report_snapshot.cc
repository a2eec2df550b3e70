// JSON reports read back by `sovaudit diff`.
#include "fuzz/fuzz_util.h"
#include "src/diff/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return sov::fuzz::Run([&] { sov::ParseReportSnapshot(sov::fuzz::Text(data, size), "old.json"); });
}
