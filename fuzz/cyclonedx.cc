// CycloneDX ML-BOMs (JSON), through the bounded JSON reader.
#include "fuzz/fuzz_util.h"
#include "src/parse/json_text.h"
#include "src/import/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return sov::fuzz::Run([&] {
    nlohmann::json j = sov::parse::ParseJson(sov::fuzz::Text(data, size), "bom.json");
    sov::import::ProvenanceDoc doc;
    sov::import::ReadCycloneDx(j, "bom.json", sov::Catalog::Builtin(), doc);
  });
}
