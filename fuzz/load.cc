// Manifests and provenance files (kind: Deployment / ModelProvenance), through the loader the
// audit uses: YAML with bounds, every field, id references, lineage cycles.
#include "fuzz/fuzz_util.h"
#include "src/catalog/catalog.h"
#include "src/load/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string file = sov::fuzz::AsFile(data, size, "deployment.yaml");
  return sov::fuzz::Run([&] {
    sov::ValidateFile(file, sov::Catalog::Builtin(), sov::LoadOptions{});
  });
}
