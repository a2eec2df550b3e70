// GGUF headers (metadata key-value pairs and tensor infos) read from a file.
#include "fuzz/fuzz_util.h"
#include "src/import/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string file = sov::fuzz::AsFile(data, size, "model.gguf");
  return sov::fuzz::Run([&] {
    sov::import::ProvenanceDoc doc;
    sov::import::ReadGguf(file, sov::Catalog::Builtin(), doc);
  });
}
