// Remote input references (URL#sha256=<hex>), relative references resolved against a remote
// document's URL, and hub URLs.
#include "fuzz/fuzz_util.h"
#include "src/net/hub.h"
#include "src/net/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text = sov::fuzz::Text(data, size);
  sov::fuzz::Run([&] { sov::net::ParseRemoteRef(text); });
  sov::net::IsHubResolveUrl(text);
  return sov::fuzz::Run([&] {
    sov::net::ParseRemoteRef(sov::net::ResolveUrl("https://hub.example/a/b/deployment.yaml", text));
  });
}
