// OMS signature files: the Sigstore bundle (JSON), its DSSE envelope and the in-toto statement
// in its payload (the parse verify does before it checks any signature).
#include "fuzz/fuzz_util.h"
#include "src/oms/bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = sov::fuzz::Text(data, size);
  sov::fuzz::Run([&] {
    sov::oms::Bundle b = sov::oms::ParseBundle(text, "model.sig");
    sov::oms::ParseStatement(b.payload);
  });
  // The payload parser on its own, fed directly: the statement JSON an attacker signs.
  return sov::fuzz::Run([&] { sov::oms::ParseStatement(text); });
}
