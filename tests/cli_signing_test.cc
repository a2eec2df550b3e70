// `sovaudit verify`, `sign` and `digest` (spec/signing.md): the reference tool's vectors verify
// through the CLI with the commands of interop/README.md as written, tampering exits 3 naming
// the file, malformed input exits 2, sign -> verify round trips, and `digest` equals a root
// digest computed independently (sha256sum per file, then SHA-256 over the raw digests).
// Commands that depend on the current directory run the built binary in a chosen folder; the
// rest run in-process through RunCli.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "tests/oms_test_util.h"
#include "tests/run_binary.h"

namespace sov {
namespace {
namespace fs = std::filesystem;
using namespace oms::testing;  // NOLINT(build/namespaces)

// What the reference vectors must report (computed with sha256sum and openssl; see
// interop/model-signing): the root digests of the three models and the signer.
constexpr const char* kRootV11Key =
    "sha256:92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4";
constexpr const char* kRootV11Cert =
    "sha256:61d4849d9d90076d6215f4d525f13d6574af8e3f67aef3e6f36fc40a14fdd226";
constexpr const char* kRootV10Key =
    "sha256:afa48c8674afe334b8a7dea34f7b46ab256e9255edf8da2132792341b667a45b";
// sha256 of `openssl pkey -pubin -in keys/signing-key-pub.pem` (the v1.1 publicKey.hint).
constexpr const char* kKeyFingerprint =
    "key sha256:e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e";

using CmdResult = test::BinaryResult;

// In-process.
CmdResult Cli(std::vector<std::string> args) {
  args.insert(args.begin(), "sovaudit");
  std::ostringstream out, err;
  CmdResult r;
  r.code = RunCli(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// The built binary, run in `cwd`.
CmdResult Binary(const fs::path& cwd, const std::vector<std::string>& args) {
  return test::RunBinary(args, cwd);
}

std::string Describe(const CmdResult& r) {
  return "exit " + std::to_string(r.code) + "\nstdout: " + r.out + "\nstderr: " + r.err;
}

// ---- The reference tool's vectors, with interop/README.md's commands as written. ----

TEST(CliSignInterop, V11EllipticKeyAsInTheInteropReadme) {
  CmdResult r = Binary(InteropDir(), {"verify", "--signature", "v1.1.0-elliptic-key/model.sig",
                                      "--public-key", "keys/signing-key-pub.pem", "--ignore-paths",
                                      "v1.1.0-elliptic-key/ignore-me", "v1.1.0-elliptic-key"});
  ASSERT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(Contains(r.out, kKeyFingerprint));
  EXPECT_TRUE(Contains(r.out, kRootV11Key));
  EXPECT_TRUE(Contains(r.out, "2 signed files"));
  EXPECT_TRUE(Contains(r.out, "files, sha256"));
}

TEST(CliSignInterop, V11EllipticKeyModelFirst) {
  CmdResult r = Binary(InteropDir(),
                       {"verify", "v1.1.0-elliptic-key", "--signature",
                        "v1.1.0-elliptic-key/model.sig", "--public-key", "keys/signing-key-pub.pem",
                        "--ignore-paths", "v1.1.0-elliptic-key/ignore-me"});
  ASSERT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(Contains(r.out, kRootV11Key));
}

TEST(CliSignInterop, V11CertificateAsInTheInteropReadme) {
  CmdResult r = Binary(InteropDir(), {"verify", "--signature", "v1.1.0-certificate/model.sig",
                                      "--certificate-chain", "keys/ca-cert.pem", "--ignore-paths",
                                      "v1.1.0-certificate/ignore-me", "v1.1.0-certificate"});
  ASSERT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(Contains(r.out, "certificate subject CN="));
  EXPECT_TRUE(Contains(r.out, "issued by CN="));
  EXPECT_TRUE(Contains(r.out, kRootV11Cert));
  // The reference's spelling of the options works too.
  CmdResult ref =
      Binary(InteropDir(), {"verify", "--signature", "v1.1.0-certificate/model.sig",
                            "--certificate_chain", "keys/ca-cert.pem", "v1.1.0-certificate"});
  EXPECT_EQ(ref.code, 0) << Describe(ref);
}

TEST(CliSignInterop, V10SingleFileAsInTheInteropReadme) {
  CmdResult r = Binary(InteropDir(),
                       {"verify", "--signature", "v1.0.0-elliptic-key/model.sig", "--public-key",
                        "keys/signing-key-pub.pem", "v1.0.0-elliptic-key/signme-1"});
  ASSERT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(Contains(r.out, kKeyFingerprint));
  EXPECT_TRUE(Contains(r.out, kRootV10Key));
}

TEST(CliSignInterop, CertificateTimeNowIsAFlag) {
  fs::path d = InteropDir();
  CmdResult r = Cli({"verify", (d / "v1.1.0-certificate").string(), "--signature",
                     (d / "v1.1.0-certificate/model.sig").string(), "--certificate-chain",
                     (d / "keys/ca-cert.pem").string(), "--cert-time", "leaf"});
  EXPECT_EQ(r.code, 0) << Describe(r);
  EXPECT_TRUE(Contains(r.out, "notBefore"));
}

// ---- Integrity failures (exit 3) and malformed input (exit 2). ----

class CliSignTamper : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = tmp_.path() / "v1.1.0-elliptic-key";
    CopyWritable(InteropDir() / "v1.1.0-elliptic-key", model_);
  }
  CmdResult VerifyCopy(const std::string& pub = "") {
    return Cli({"verify", model_.string(), "--signature", (model_ / "model.sig").string(),
                "--public-key",
                pub.empty() ? (InteropDir() / "keys/signing-key-pub.pem").string() : pub});
  }
  TempDir tmp_;
  fs::path model_;
};

TEST_F(CliSignTamper, UntouchedCopyVerifies) {
  CmdResult r = VerifyCopy();
  EXPECT_EQ(r.code, 0) << Describe(r);
}

TEST_F(CliSignTamper, FlippedByteExits3NamingTheFileAndBothDigests) {
  std::string before = oms::testing::Sha256HexOf(ReadFile(model_ / "signme-1"));
  FlipByte(model_ / "signme-1", 3);
  std::string after = oms::testing::Sha256HexOf(ReadFile(model_ / "signme-1"));
  CmdResult r = VerifyCopy();
  EXPECT_EQ(r.code, 3) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "sovaudit: error: "));
  EXPECT_TRUE(Contains(r.err, "signme-1"));
  EXPECT_TRUE(Contains(r.err, before));
  EXPECT_TRUE(Contains(r.err, after));
  EXPECT_TRUE(Contains(r.err, "does NOT verify"));
  EXPECT_EQ(r.out, "");
}

TEST_F(CliSignTamper, AddedFileExits3UnlessIgnored) {
  WriteFile(model_ / "extra.bin", "new");
  CmdResult r = VerifyCopy();
  EXPECT_EQ(r.code, 3) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "extra.bin"));
  // --ignore-paths relative to the current directory, as the reference CLI takes them.
  CmdResult ignored = Binary(
      tmp_.path(), {"verify", "v1.1.0-elliptic-key", "--signature", "v1.1.0-elliptic-key/model.sig",
                    "--public-key", (InteropDir() / "keys/signing-key-pub.pem").string(),
                    "--ignore-paths", "v1.1.0-elliptic-key/extra.bin"});
  EXPECT_EQ(ignored.code, 0) << Describe(ignored);
  CmdResult unsigned_ok = Cli(
      {"verify", model_.string(), "--signature", (model_ / "model.sig").string(), "--public-key",
       (InteropDir() / "keys/signing-key-pub.pem").string(), "--ignore-unsigned-files"});
  EXPECT_EQ(unsigned_ok.code, 0) << Describe(unsigned_ok);
  EXPECT_TRUE(Contains(unsigned_ok.out, "1 unsigned file skipped"));
}

TEST_F(CliSignTamper, WrongKeyExits3) {
  auto other = GenerateKey(tmp_.path(), "P-384");
  CmdResult r = VerifyCopy(other.public_pem.string());
  EXPECT_EQ(r.code, 3) << Describe(r);
  EXPECT_TRUE(Contains(r.err, "signature does not verify"));
}

TEST_F(CliSignTamper, MalformedBundleExits2) {
  for (const std::string& text : {std::string("{not json"), std::string("{\"mediaType\": 1}"),
                                  std::string(""), ReadFile(model_ / "model.sig").substr(0, 200)}) {
    WriteFile(model_ / "model.sig", text);
    CmdResult r = VerifyCopy();
    EXPECT_EQ(r.code, 2) << text << "\n" << Describe(r);
    EXPECT_TRUE(Contains(r.err, "model.sig")) << text;
  }
}

TEST_F(CliSignTamper, UsageErrorsExit2) {
  std::string sig = (model_ / "model.sig").string();
  std::string pub = (InteropDir() / "keys/signing-key-pub.pem").string();
  std::string ca = (InteropDir() / "keys/ca-cert.pem").string();
  EXPECT_EQ(Cli({"verify", model_.string(), "--signature", sig}).code, 2);
  EXPECT_EQ(Cli({"verify", model_.string(), "--public-key", pub}).code, 2);
  EXPECT_EQ(Cli({"verify", model_.string(), "--signature", sig, "--public-key", pub,
                 "--certificate-chain", ca})
                .code,
            2);
  EXPECT_EQ(
      Cli({"verify", (tmp_.path() / "nope").string(), "--signature", sig, "--public-key", pub})
          .code,
      2);
  // A key bundle checked against a certificate chain is the wrong kind of material.
  EXPECT_EQ(Cli({"verify", model_.string(), "--signature", sig, "--certificate-chain", ca}).code,
            2);
  EXPECT_EQ(Cli({"verify", model_.string(), "--signature", sig, "--public-key",
                 (tmp_.path() / "missing.pem").string()})
                .code,
            2);
  CmdResult gpu =
      Cli({"verify", model_.string(), "--signature", sig, "--public-key", pub, "--device", "gpu"});
  EXPECT_EQ(gpu.code, 4) << Describe(gpu);
}

// ---- sign -> verify round trips through the CLI. ----

class CliSignRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = tmp_.path() / "model";
    WriteFile(model_ / "weights.bin", RandomBytes(10'000, 1));
    WriteFile(model_ / "config.json", "{\"layers\": 2}\n");
    WriteFile(model_ / "empty.txt", "");
    WriteFile(model_ / "sub/deeper/tokenizer.json", RandomBytes(777, 2));
    key_ = GenerateKey(tmp_.path(), "P-256");
  }
  CmdResult Verify(const fs::path& sig, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"verify",     model_.string(), "--signature",
                                     sig.string(), "--public-key",  key_.public_pem.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return Cli(args);
  }
  TempDir tmp_;
  fs::path model_;
  oms::testing::KeyFiles key_;
};

TEST_F(CliSignRoundTrip, SignatureInsideTheModel) {
  fs::path sig = model_ / "model.sig";
  CmdResult s = Cli({"sign", model_.string(), "--private-key", key_.private_pem.string(),
                     "--signature", sig.string()});
  ASSERT_EQ(s.code, 0) << Describe(s);
  EXPECT_TRUE(Contains(s.out, "key sha256:"));
  EXPECT_TRUE(Contains(s.out, "4 files"));
  ASSERT_TRUE(fs::exists(sig));
  CmdResult v = Verify(sig);
  ASSERT_EQ(v.code, 0) << Describe(v);
  // The same root digest is reported by sign, verify and digest (the signature left out).
  std::string root = s.out.substr(s.out.find("sha256:", s.out.find("root digest")), 71);
  EXPECT_TRUE(Contains(v.out, root));
  CmdResult d = Cli({"digest", model_.string(), "--ignore-paths", sig.string()});
  EXPECT_EQ(d.out, root + "\n") << Describe(d);

  FlipByte(model_ / "sub/deeper/tokenizer.json", 10);
  CmdResult bad = Verify(sig);
  EXPECT_EQ(bad.code, 3) << Describe(bad);
  EXPECT_TRUE(Contains(bad.err, "sub/deeper/tokenizer.json"));
}

TEST_F(CliSignRoundTrip, DefaultSignatureIsModelSigInTheCurrentDirectory) {
  CmdResult s = Binary(tmp_.path(), {"sign", "model", "--private-key", key_.private_pem.string()});
  ASSERT_EQ(s.code, 0) << Describe(s);
  ASSERT_TRUE(fs::exists(tmp_.path() / "model.sig"));
  EXPECT_FALSE(fs::exists(model_ / "model.sig"));
  CmdResult v = Verify(tmp_.path() / "model.sig");
  EXPECT_EQ(v.code, 0) << Describe(v);
}

TEST_F(CliSignRoundTrip, ShardsAndIgnorePaths) {
  WriteFile(model_ / "scratch/notes.txt", "local notes");
  fs::path sig = tmp_.path() / "shards.sig";
  CmdResult s =
      Binary(tmp_.path(), {"sign", "model", "--private-key", key_.private_pem.string(), "--method",
                           "shards", "--shard-size", "4096", "--signature", "shards.sig",
                           "--ignore-paths", "model/scratch", "--threads", "3"});
  ASSERT_EQ(s.code, 0) << Describe(s);
  EXPECT_TRUE(Contains(s.out, "shards of 4096 bytes"));
  CmdResult v = Verify(sig);
  ASSERT_EQ(v.code, 0) << Describe(v);
  EXPECT_TRUE(Contains(v.out, "shards of 4096 bytes"));
  EXPECT_FALSE(Contains(v.out, "skipped"));
}

TEST_F(CliSignRoundTrip, SingleFileModel) {
  fs::path file = model_ / "weights.bin";
  fs::path sig = tmp_.path() / "weights.sig";
  ASSERT_EQ(Cli({"sign", file.string(), "--private-key", key_.private_pem.string(), "--signature",
                 sig.string()})
                .code,
            0);
  CmdResult v = Cli({"verify", file.string(), "--signature", sig.string(), "--public-key",
                     key_.public_pem.string()});
  EXPECT_EQ(v.code, 0) << Describe(v);
  EXPECT_TRUE(Contains(v.out, "1 signed file,"));
}

TEST_F(CliSignRoundTrip, CertificateChainMadeWithOpenssl) {
  const fs::path d = tmp_.path();
  const std::string q = "'" + d.string() + "'";
  // Root CA -> leaf with digitalSignature and codeSigning, all with the openssl command.
  std::string script =
      "cd " + q +
      " && openssl ecparam -name prime256v1 -genkey -noout -out ca.key && "
      "openssl req -x509 -new -key ca.key -subj /CN=test-root -days 30 -out ca.pem "
      "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign && "
      "openssl req -new -key " +
      key_.private_pem.string() +
      " -subj /CN=test-signer "
      "-out leaf.csr && printf 'keyUsage=critical,digitalSignature\\nextendedKeyUsage="
      "codeSigning\\n' > leaf.ext && openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key "
      "-CAcreateserial -days 10 -extfile leaf.ext -out leaf.pem 2>/dev/null && echo ok";
  ASSERT_EQ(RunCommand(script), "ok\n") << "openssl failed";
  fs::path sig = d / "cert.sig";
  CmdResult s =
      Cli({"sign", model_.string(), "--private-key", key_.private_pem.string(),
           "--signing-certificate", (d / "leaf.pem").string(), "--signature", sig.string()});
  ASSERT_EQ(s.code, 0) << Describe(s);
  EXPECT_TRUE(Contains(s.out, "certificate subject CN=test-signer, issuer CN=test-root"));
  for (const char* when : {"leaf", "now"}) {
    CmdResult v = Cli({"verify", model_.string(), "--signature", sig.string(),
                       "--certificate-chain", (d / "ca.pem").string(), "--cert-time", when});
    EXPECT_EQ(v.code, 0) << when << "\n" << Describe(v);
    EXPECT_TRUE(Contains(v.out, "certificate subject CN=test-signer"));
    EXPECT_TRUE(Contains(v.out, "issued by CN=test-root"));
  }
  // Another root is not trusted: a bad signature, exit 3.
  ASSERT_EQ(RunCommand("cd " + q +
                       " && openssl ecparam -name prime256v1 -genkey -noout "
                       "-out other.key && openssl req -x509 -new -key other.key -subj "
                       "/CN=other-root -days 30 -out other.pem && echo ok"),
            "ok\n");
  CmdResult untrusted = Cli({"verify", model_.string(), "--signature", sig.string(),
                             "--certificate-chain", (d / "other.pem").string()});
  EXPECT_EQ(untrusted.code, 3) << Describe(untrusted);
}

TEST_F(CliSignRoundTrip, SignUsageErrors) {
  std::string k = key_.private_pem.string();
  std::string sig = (tmp_.path() / "x.sig").string();
  EXPECT_EQ(Cli({"sign", model_.string(), "--signature", sig}).code, 2);  // no key
  EXPECT_EQ(Cli({"sign", model_.string(), "--private-key", k, "--certificate-chain", k,
                 "--signature", sig})
                .code,
            2);  // chain without a signing certificate
  EXPECT_EQ(Cli({"sign", model_.string(), "--private-key", k, "--method", "shards", "--shard-size",
                 "0", "--signature", sig})
                .code,
            2);
  EXPECT_EQ(
      Cli({"sign", model_.string(), "--private-key", key_.public_pem.string(), "--signature", sig})
          .code,
      2);  // a public key is no private key
  EXPECT_EQ(
      Cli({"sign", model_.string(), "--private-key", k, "--signature", tmp_.path().string()}).code,
      2);  // a folder
  EXPECT_FALSE(fs::exists(sig));
}

// ---- digest against an independent computation. ----

TEST_F(CliSignRoundTrip, DigestEqualsSha256sumOfRawDigests) {
  // sha256sum per file (in path order), the raw digests concatenated, then SHA-256 of that.
  std::string expected =
      RunCommand("cd '" + model_.string() +
                 "' && find . -type f | sed 's|^\\./||' | LC_ALL=C sort | "
                 "xargs sha256sum | cut -c1-64 | xxd -r -p | sha256sum | cut -c1-64");
  ASSERT_EQ(expected.size(), 65u) << "sha256sum/xxd missing?";
  CmdResult d = Cli({"digest", model_.string()});
  ASSERT_EQ(d.code, 0) << Describe(d);
  EXPECT_EQ(d.out, "sha256:" + expected);

  // Shards: every [start, end) range of every non-empty file, in path then offset order.
  std::string raw;
  for (const char* name : {"config.json", "sub/deeper/tokenizer.json", "weights.bin"}) {
    std::string data = ReadFile(model_ / name);
    for (size_t start = 0; start < data.size(); start += 4000) {
      raw += Sha256Raw(data.substr(start, 4000));
    }
  }
  CmdResult shards = Cli({"digest", model_.string(), "--method", "shards", "--shard-size", "4000"});
  ASSERT_EQ(shards.code, 0) << Describe(shards);
  EXPECT_EQ(shards.out, "sha256:" + oms::testing::Sha256HexOf(raw) + "\n");

  // A single file: the SHA-256 of its one raw digest.
  CmdResult one = Cli({"digest", (model_ / "weights.bin").string()});
  EXPECT_EQ(one.out,
            "sha256:" +
                oms::testing::Sha256HexOf(Sha256Raw(ReadFile(model_ / "weights.bin"))) + "\n");
  EXPECT_EQ(Cli({"digest", (tmp_.path() / "absent").string()}).code, 2);
}

}  // namespace
}  // namespace sov
