// safetensors headers (length prefix, JSON header, __metadata__) read from a file.
#include "fuzz/fuzz_util.h"
#include "src/import/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string file = sov::fuzz::AsFile(data, size, "model.safetensors");
  return sov::fuzz::Run([&] {
    sov::import::ProvenanceDoc doc;
    sov::import::ReadSafetensors(file, sov::Catalog::Builtin(), doc);
  });
}
