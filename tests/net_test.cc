// src/net without the network: remote references and their pins, URL resolution, hub URLs,
// the content-addressed cache, --max-download sizes, and the input readers (src/util/input.h).

#include <gtest/gtest.h>

#include "cli/net_args.h"
#include "src/net/cache.h"
#include "src/net/hub.h"
#include "src/net/remote_inputs.h"
#include "src/net/url.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/input.h"
#include "tests/temp_dir.h"

namespace fs = std::filesystem;

namespace sov::net {
namespace {

const std::string kHex = "6ae514f07f2a53c8a611b6502a858b931ac1162c2b019185d75b6da6e6c5ad5f";

int ExitOf(const std::function<void()>& f, std::string* message = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (message) *message = e.what();
    return e.exit_code();
  }
  return 0;
}

TEST(RemoteRef, TakesTheShaPinOffTheUrl) {
  RemoteRef r = ParseRemoteRef("https://Example.ORG:8443/a/b.yaml?x=1#sha256=" +
                               std::string("6AE514F07F2A53C8A611B6502A858B931AC1162C2B019185D75B6DA6E6C5AD5F"));
  EXPECT_EQ(r.url, "https://example.org:8443/a/b.yaml?x=1");
  EXPECT_EQ(r.sha256, kHex);
  EXPECT_EQ(r.host, "example.org");
  EXPECT_EQ(ParseRemoteRef("https://h/x").sha256, "");
}

TEST(RemoteRef, RefusesWhatCannotBeFetchedSafely) {
  std::string m;
  EXPECT_EQ(ExitOf([] { ParseRemoteRef("http://h/x"); }, &m), kExitInput);
  EXPECT_NE(m.find("only https://"), std::string::npos) << m;
  EXPECT_EQ(ExitOf([] { ParseRemoteRef("ftp://h/x"); }), kExitInput);
  EXPECT_EQ(ExitOf([] { ParseRemoteRef("https://u:p@h/x"); }, &m), kExitInput);
  EXPECT_NE(m.find("credentials"), std::string::npos) << m;
  EXPECT_EQ(ExitOf([] { ParseRemoteRef("https://h/x#sha256=abc"); }), kExitInput);
  EXPECT_EQ(ExitOf([] { ParseRemoteRef("https://h/x#md5=" + kHex); }), kExitInput);
  EXPECT_EQ(ExitOf([] { ParseRemoteRef("https://h/a b"); }), kExitInput);
  EXPECT_EQ(ExitOf([] { ParseRemoteRef("https://h/a\nb"); }), kExitInput);
}

TEST(ResolveUrl, ResolvesAgainstTheDocumentLikeABrowser) {
  std::string base = "https://h/stacks/claims/deployment.yaml#sha256=" + kHex;
  EXPECT_EQ(ResolveUrl(base, "provenance/m.yaml"), "https://h/stacks/claims/provenance/m.yaml");
  EXPECT_EQ(ResolveUrl(base, "../common/k.pub#sha256=" + kHex),
            "https://h/stacks/common/k.pub#sha256=" + kHex);
  // An absolute path stays on the same server: never a local file.
  EXPECT_EQ(ResolveUrl(base, "/etc/passwd"), "https://h/etc/passwd");
  EXPECT_EQ(ResolveUrl(base, "https://other/x"), "https://other/x");
  EXPECT_EQ(AppendToPath("https://h/p/pack.yaml?v=2", ".sig"), "https://h/p/pack.yaml.sig?v=2");
}

TEST(HubUrl, NeedsResolveRevisionAndFile) {
  EXPECT_TRUE(IsHubResolveUrl("https://huggingface.co/aisingapore/sea-lion/resolve/main/model.safetensors"));
  EXPECT_TRUE(IsHubResolveUrl("https://hub.example/org/repo/resolve/0a1b2c/sub/dir/model.gguf"));
  EXPECT_FALSE(IsHubResolveUrl("http://huggingface.co/org/repo/resolve/main/model.bin"));
  EXPECT_FALSE(IsHubResolveUrl("https://huggingface.co/org/repo/blob/main/model.bin"));
  EXPECT_FALSE(IsHubResolveUrl("https://huggingface.co/org/repo/resolve/main/"));
  EXPECT_FALSE(IsHubResolveUrl("https://huggingface.co/org/repo/resolve/main"));
  EXPECT_FALSE(IsHubResolveUrl("https://huggingface.co/resolve/main/x"));
}

TEST(ContentCache, FindsOnlyWhatStillHashesToItsName) {
  test::TempDir dir;
  ContentCache cache(dir.path() / "c");
  EXPECT_FALSE(cache.Find(Sha256Hex("hello")));
  std::filesystem::path p = cache.Store(Sha256Hex("hello"), "hello");
  EXPECT_EQ(ReadTextFile(p), "hello");
  ASSERT_TRUE(cache.Find(Sha256Hex("hello")));
  EXPECT_EQ(*cache.Find(Sha256Hex("hello")), p);
  test::WriteTextFile(p, "hellO");
  EXPECT_FALSE(cache.Find(Sha256Hex("hello")));
  EXPECT_FALSE(std::filesystem::exists(p));  // a damaged entry is dropped
}

TEST(MaxDownload, ParsesBinarySizes) {
  uint64_t n = 0;
  ASSERT_TRUE(ParseSize("64MiB", &n));
  EXPECT_EQ(n, 64ull << 20);
  ASSERT_TRUE(ParseSize("1k", &n));
  EXPECT_EQ(n, 1024u);
  ASSERT_TRUE(ParseSize("2G", &n));
  EXPECT_EQ(n, 2ull << 30);
  ASSERT_TRUE(ParseSize("1048576", &n));
  EXPECT_EQ(n, 1048576u);
  for (const char* bad : {"", "0", "k", "1.5M", "12x", "-1", "99999999999999999999", "17179869184G"}) {
    EXPECT_FALSE(ParseSize(bad, &n)) << bad;
  }
}

TEST(InputReaders, OnlyAReaderWithTheNetworkTakesAUrl) {
  std::string m;
  EXPECT_EQ(ExitOf([] { ReadTextFile("https://h/x.yaml"); }, &m), kExitInput);
  EXPECT_NE(m.find("not accepted here"), std::string::npos) << m;
  FileReader files;
  EXPECT_EQ(ExitOf([&] { files.Read(InputRef::Parse("https://h/x.yaml")); }, &m), kExitInput);
  EXPECT_NE(m.find("must be a local file"), std::string::npos) << m;
  EXPECT_EQ(ExitOf([&] { files.LocalCopy(InputRef::Parse("HTTPS://h/x.yaml")); }, &m), kExitInput);
  EXPECT_TRUE(files.Records().empty());
}

TEST(InputReaders, OfflineRefusesBeforeAnyLookup) {
  test::TempDir dir;
  NetOptions o;
  o.offline = true;
  o.cache_dir = dir.path();
  RemoteInputs remote(o);
  std::string m;
  EXPECT_EQ(ExitOf([&] { remote.Read(InputRef::Parse("https://127.0.0.1:1/x.yaml#sha256=" + kHex)); }, &m),
            kExitInput);
  EXPECT_NE(m.find("--offline"), std::string::npos) << m;
  EXPECT_TRUE(remote.Records().empty());
}

TEST(InputReaders, RemoteInputsReadLocalFilesAndRecordTheirDigest) {
  test::TempDir dir;
  fs::path file = dir.path() / "pack.yaml";
  WriteFileAtomically(file, "abc");
  NetOptions o;
  o.offline = true;  // a local file needs no network
  o.cache_dir = dir.path();
  RemoteInputs remote(o);
  Input in = remote.Read(InputRef::Path(file));
  EXPECT_EQ(in.bytes, "abc");
  // sha256("abc"), FIPS 180-2 appendix B.1.
  EXPECT_EQ(in.record.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(in.record.url.empty());
  EXPECT_EQ(remote.LocalCopy(InputRef::Path(file)), file);
  ASSERT_EQ(remote.Records().size(), 1u);
  EXPECT_EQ(remote.Records()[0].ref, file.string());
}

}  // namespace
}  // namespace sov::net
