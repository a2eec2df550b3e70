// Hugging Face model cards (README.md: YAML front matter and Markdown).
#include "fuzz/fuzz_util.h"
#include "src/import/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return sov::fuzz::Run([&] {
    sov::import::ProvenanceDoc doc;
    sov::import::ReadHfCard(sov::fuzz::Text(data, size), "README.md", sov::Catalog::Builtin(),
                            doc);
  });
}
