// Keyless (Sigstore) bundles: the whole offline verification of src/sigstore run on the input
// as a bundle (log entry body, SET, Merkle proof, checkpoint note, RFC 3161 timestamps, the
// Fulcio certificate and its SCT list), against the embedded production root; and the input as
// a trusted root or ClientTrustConfig (--trust-config). Everything here is attacker-controlled:
// a model's signature comes with the model.
#include "fuzz/fuzz_util.h"
#include "src/oms/bundle.h"
#include "src/sigstore/keyless.h"
#include "src/sigstore/trusted_root.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = sov::fuzz::Text(data, size);
  sov::fuzz::Run([&] {
    sov::oms::Bundle b = sov::oms::ParseBundle(text, "model.sig");
    if (b.material != sov::oms::Bundle::Material::kKeyless) return;
    sov::sigstore::VerifyKeyless(b.keyless, b.payload_type, b.payload, b.signature,
                                 sov::sigstore::ProductionRoot(),
                                 {"stefanb@us.ibm.com", "https://sigstore.verify.ibm.com/oauth2"});
  });
  return sov::fuzz::Run([&] { sov::sigstore::ParseTrustedRoot(text, "trusted_root.json"); });
}
