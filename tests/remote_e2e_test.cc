// Remote inputs end to end: the built binary against a real HTTPS server on loopback, started
// by the test with a throwaway CA (tests/https_server.h). Every failure mode the README names:
// pins, digests, TLS trust, redirects, size, timeouts, retries, offline, the cache, signatures,
// proxies and the hub check.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "src/util/fs.h"
#include "tests/remote_fixture.h"

namespace sov::test {
namespace {

TEST_F(RemoteTest, PinnedFetchIsUsedAndRecordedInTheReport) {
  TestServer server([](const HttpRequest&) { return Body(kPack); }, pki_);
  ASSERT_TRUE(server.ok());
  std::string ref = server.Url("/packs/local.yaml") + "#sha256=" + Sha256Hex(kPack);
  BinaryResult r = AuditWithPack(ref);
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json in = InputOf(r.out, ref);
  ASSERT_FALSE(in.is_null()) << r.out.substr(0, 2000);
  EXPECT_EQ(in["url"], server.Url("/packs/local.yaml"));
  EXPECT_EQ(in["sha256"], Sha256Hex(kPack));
  EXPECT_EQ(in["pinned_by"], "sha256");
  // The pack took effect: SOV-2.3 is disabled, so no finding of it is reported, and the
  // report's policy says so, naming the pack as written and the hash of the bytes applied.
  nlohmann::json report = nlohmann::json::parse(r.out);
  for (const nlohmann::json& d : report["deployments"]) {
    for (const nlohmann::json& f : d["findings"]) EXPECT_NE(f["rule"], "SOV-2.3");
  }
  ASSERT_EQ(report["policy"]["rule_changes"].size(), 2u);  // and SOV-3.6 re-graded
  EXPECT_EQ(report["policy"]["rule_changes"][0],
            (nlohmann::json{{"rule", "SOV-2.3"}, {"pack", ref}, {"change", "disabled"}}));
  EXPECT_EQ(report["policy"]["rule_packs"][0]["sha256"], Sha256Hex(kPack));
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].method, "GET");
  EXPECT_EQ(server.requests()[0].target, "/packs/local.yaml");
  EXPECT_EQ(server.requests()[0].headers["user-agent"].rfind("sovaudit/", 0), 0u);
}

TEST_F(RemoteTest, DigestMismatchIsAnIntegrityFailure) {
  TestServer server([](const HttpRequest&) { return Body(std::string(kPack) + "# changed\n"); },
                    pki_);
  std::string ref = server.Url("/pack.yaml") + "#sha256=" + Sha256Hex(kPack);
  BinaryResult r = AuditWithPack(ref);
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_TRUE(Contains(r.err, "does not match its pin")) << r.err;
  EXPECT_TRUE(Contains(r.err, Sha256Hex(kPack))) << r.err;
  EXPECT_TRUE(r.out.empty());
  // Nothing unverified was cached under the pin.
  EXPECT_FALSE(fs::exists(dir_.path() / "cache" / "sha256" / Sha256Hex(kPack).substr(0, 2) /
                          Sha256Hex(kPack)));
}

TEST_F(RemoteTest, ACertificateFromAnotherCaIsRefused) {
  TestServer server([](const HttpRequest&) { return Body(kPack); }, pki_);
  std::string ref = server.Url("/pack.yaml") + "#sha256=" + Sha256Hex(kPack);
  std::vector<std::string> args = {"audit", "fixtures/layer1-hosting", "--rules", ref,
                                   "--ca-bundle", pki_->other_ca.string(), "--cache-dir",
                                   (dir_.path() / "cache").string()};
  BinaryResult r = RunBinary(args);
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_TRUE(Contains(r.err, "TLS")) << r.err;
  EXPECT_TRUE(server.requests().empty());  // the handshake failed before any request
  // Without --ca-bundle the system's CAs apply, and they do not know the test CA either.
  args.resize(4);
  args.insert(args.end(), {"--cache-dir", (dir_.path() / "cache").string()});
  r = RunBinary(args);
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_TRUE(Contains(r.err, "TLS")) << r.err;
}

TEST_F(RemoteTest, RedirectsAreFollowedOnlyToHttps) {
  TestServer plain([](const HttpRequest&) { return Body(kPack); }, nullptr);
  TestServer server(
      [&plain](const HttpRequest& req) {
        HttpReply r;
        if (req.target == "/moved") {
          r.status = 302;
          r.reason = "Found";
          r.headers = {{"Location", "/pack.yaml"}};
        } else if (req.target == "/to-http") {
          r.status = 301;
          r.reason = "Moved Permanently";
          r.headers = {{"Location", plain.Url("/pack.yaml")}};
        } else if (req.target.rfind("/loop", 0) == 0) {
          r.status = 307;
          r.reason = "Temporary Redirect";
          r.headers = {{"Location", req.target + "x"}};
        } else {
          r.body = kPack;
        }
        return r;
      },
      pki_);
  std::string pin = "#sha256=" + Sha256Hex(kPack);
  BinaryResult ok = AuditWithPack(server.Url("/moved") + pin);
  EXPECT_EQ(ok.code, 0) << ok.err;

  BinaryResult down = AuditWithPack(server.Url("/to-http") + "#sha256=" + Sha256Hex("other"));
  EXPECT_EQ(down.code, 4) << down.err;
  EXPECT_TRUE(Contains(down.err, "never from https to http")) << down.err;
  EXPECT_EQ(plain.connections(), 0);

  // (A pin that is not in the cache yet: the one above is, and would be taken from there.)
  BinaryResult loop = AuditWithPack(server.Url("/loop") + "#sha256=" + Sha256Hex("other"));
  EXPECT_EQ(loop.code, 4) << loop.err;
  EXPECT_TRUE(Contains(loop.err, "more than 5 redirects")) << loop.err;
}

TEST_F(RemoteTest, AnOversizeBodyIsRefused) {
  std::string big(4096, '#');
  TestServer server(
      [&big](const HttpRequest& req) {
        HttpReply r = Body(big);
        r.content_length = req.target != "/no-length";
        return r;
      },
      pki_);
  for (const char* path : {"/with-length", "/no-length"}) {
    BinaryResult r = AuditWithPack(server.Url(path) + "#sha256=" + Sha256Hex(big),
                                   {"--max-download", "1k"});
    EXPECT_EQ(r.code, 4) << path << ": " << r.err;
    EXPECT_TRUE(Contains(r.err, "larger than the size cap of 1 KiB")) << path << ": " << r.err;
  }
}

TEST_F(RemoteTest, ASlowServerTimesOut) {
  TestServer server(
      [](const HttpRequest&) {
        HttpReply r = Body(kPack);
        r.delay_ms = 4000;
        return r;
      },
      pki_);
  BinaryResult r = AuditWithPack(server.Url("/pack.yaml") + "#sha256=" + Sha256Hex(kPack),
                                 {"--timeout", "1", "--retries", "0"});
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_TRUE(Contains(r.err, "timed out")) << r.err;
  EXPECT_EQ(server.connections(), 1);
  // A timeout is retried (a 4xx is not: A500IsRetriedAndA404IsNot).
  BinaryResult retried = AuditWithPack(server.Url("/pack.yaml") + "#sha256=" + Sha256Hex(kPack),
                                       {"--timeout", "1", "--retries", "1"});
  EXPECT_EQ(retried.code, 4) << retried.err;
  EXPECT_EQ(server.connections(), 3);
}

TEST_F(RemoteTest, A500IsRetriedAndA404IsNot) {
  std::atomic<int> calls{0};
  TestServer server(
      [&calls](const HttpRequest& req) {
        HttpReply r;
        if (req.target == "/missing") {
          r.status = 404;
          r.reason = "Not Found";
        } else if (++calls == 1) {
          r.status = 500;
          r.reason = "Internal Server Error";
        } else {
          r.body = kPack;
        }
        return r;
      },
      pki_);
  BinaryResult r = AuditWithPack(server.Url("/pack.yaml") + "#sha256=" + Sha256Hex(kPack));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(server.requests().size(), 2u);

  BinaryResult missing = AuditWithPack(server.Url("/missing") + "#sha256=" + Sha256Hex("gone"));
  EXPECT_EQ(missing.code, 4) << missing.err;
  EXPECT_TRUE(Contains(missing.err, "HTTP 404 Not Found")) << missing.err;
  EXPECT_EQ(server.requests().size(), 3u);  // one attempt only
}

TEST_F(RemoteTest, OfflineRefusesEveryUrlWithoutOpeningASocket) {
  TestServer server([](const HttpRequest&) { return Body(kPack); }, pki_);
  TestProxy proxy;
  // Even a proxy (which any connection would go through) hears nothing.
  setenv("https_proxy", ("http://127.0.0.1:" + std::to_string(proxy.port())).c_str(), 1);
  std::string ref = server.Url("/pack.yaml") + "#sha256=" + Sha256Hex(kPack);
  BinaryResult r = AuditWithPack(ref, {"--offline"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, "--offline")) << r.err;
  BinaryResult v = RunBinary(Net({"validate", server.Url("/deployment.yaml"), "--offline"}));
  EXPECT_EQ(v.code, 2) << v.err;
  EXPECT_TRUE(Contains(v.err, "--offline")) << v.err;
  EXPECT_EQ(server.connections(), 0);
  EXPECT_TRUE(proxy.lines().empty());
}

TEST_F(RemoteTest, ProxyVariablesAreHonoured) {
  TestServer server([](const HttpRequest&) { return Body(kPack); }, pki_);
  TestProxy proxy;
  setenv("https_proxy", ("http://127.0.0.1:" + std::to_string(proxy.port())).c_str(), 1);
  BinaryResult r = AuditWithPack(server.Url("/pack.yaml") + "#sha256=" + Sha256Hex(kPack));
  EXPECT_EQ(r.code, 4) << r.err;
  ASSERT_EQ(proxy.lines().size(), 1u) << r.err;
  EXPECT_EQ(proxy.lines()[0].rfind("CONNECT 127.0.0.1:" + std::to_string(server.port()), 0), 0u)
      << proxy.lines()[0];
  EXPECT_EQ(server.connections(), 0);
}

TEST_F(RemoteTest, ACachedPinnedInputIsNotFetchedAgain) {
  TestServer server([](const HttpRequest&) { return Body(kPack); }, pki_);
  std::string ref = server.Url("/pack.yaml") + "#sha256=" + Sha256Hex(kPack);
  ASSERT_EQ(AuditWithPack(ref).code, 0);
  ASSERT_EQ(server.connections(), 1);
  BinaryResult again = AuditWithPack(ref);
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(InputOf(again.out, ref)["sha256"], Sha256Hex(kPack));
  // A damaged cache entry is noticed (re-hashed), dropped and fetched again.
  fs::path cached = dir_.path() / "cache" / "sha256" / Sha256Hex(kPack).substr(0, 2) /
                    Sha256Hex(kPack);
  ASSERT_TRUE(fs::exists(cached));
  WriteTextFile(cached, "apiVersion: sovaudit/v1\nkind: RulePack\ndisable: [SOV-1.1]\n");
  BinaryResult repaired = AuditWithPack(ref);
  EXPECT_EQ(repaired.code, 0) << repaired.err;
  EXPECT_EQ(server.connections(), 2);
  EXPECT_EQ(ReadTextFile(cached), kPack);
}

TEST_F(RemoteTest, AnUnpinnedInputNeedsAllowUnpinned) {
  TestServer server([](const HttpRequest&) { return Body(kPack); }, pki_);
  BinaryResult r = AuditWithPack(server.Url("/pack.yaml"));
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, "not pinned")) << r.err;
  EXPECT_EQ(server.connections(), 0);
  BinaryResult allowed = AuditWithPack(server.Url("/pack.yaml"), {"--allow-unpinned"});
  EXPECT_EQ(allowed.code, 0) << allowed.err;
  nlohmann::json in = InputOf(allowed.out, server.Url("/pack.yaml"));
  EXPECT_EQ(in["pinned_by"], "none");
  EXPECT_EQ(in["sha256"], Sha256Hex(kPack));
}

TEST_F(RemoteTest, AnUnknownHostIsADnsError) {
  BinaryResult r = AuditWithPack("https://sovaudit-test.invalid/pack.yaml#sha256=" +
                                 Sha256Hex("x"), {"--retries", "0"});
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_TRUE(Contains(r.err, "DNS")) << r.err;
}

TEST_F(RemoteTest, SignAndDigestReadOnlyLocalFiles) {
  TestServer server([](const HttpRequest&) { return Body("key"); }, pki_);
  BinaryResult r = RunBinary({"sign", "fixtures/layer1-hosting/weights", "--private-key",
                              server.Url("/key.pem") + "#sha256=" + Sha256Hex("key"),
                              "--signature", (dir_.path() / "m.sig").string()});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, "not accepted here")) << r.err;
  EXPECT_EQ(server.connections(), 0);
}

TEST_F(RemoteTest, HttpAndMalformedPinsAreRefusedBeforeFetching) {
  TestServer plain([](const HttpRequest&) { return Body(kPack); }, nullptr);
  BinaryResult r = AuditWithPack(plain.Url("/pack.yaml") + "#sha256=" + Sha256Hex(kPack));
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_TRUE(Contains(r.err, "only https:// URLs")) << r.err;
  BinaryResult bad = AuditWithPack("https://127.0.0.1:1/pack.yaml#sha256=abc");
  EXPECT_EQ(bad.code, 2) << bad.err;
  EXPECT_TRUE(Contains(bad.err, "#sha256=<64 hexadecimal digits>")) << bad.err;
  BinaryResult creds = AuditWithPack("https://user:secret@127.0.0.1:1/p.yaml");
  EXPECT_EQ(creds.code, 2) << creds.err;
  EXPECT_TRUE(Contains(creds.err, "credentials")) << creds.err;
  EXPECT_EQ(plain.connections(), 0);
}

}  // namespace
}  // namespace sov::test
