#pragma once
// The fixture of the remote-input end-to-end tests: a throwaway CA per test binary run, no
// proxy variables inherited, a download cache per test, and helpers to read the JSON report.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/https_server.h"
#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov::test {

namespace fs = std::filesystem;

inline const char* kPack =
    "apiVersion: sovaudit/v1\nkind: RulePack\ndisable: [SOV-2.3]\nseverity:\n  SOV-3.6: critical\n";

inline bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

class RemoteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_dir_ = new TempDir("sovaudit_pki");
    pki_ = new TestPki(MakeTestPki(pki_dir_->path()));
  }
  static void TearDownTestSuite() {
    delete pki_;
    delete pki_dir_;
  }
  void SetUp() override {
    if (pki_->ca.empty()) GTEST_SKIP() << "openssl could not make a test CA: " << pki_->log;
    for (const char* v : {"https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY"}) {
      unsetenv(v);
    }
    setenv("no_proxy", "", 1);
  }

  // The options every run takes: this test's CA and its own cache.
  std::vector<std::string> Net(std::vector<std::string> args) const {
    args.insert(args.end(), {"--ca-bundle", pki_->ca.string(), "--cache-dir",
                             (dir_.path() / "cache").string()});
    return args;
  }
  BinaryResult AuditWithPack(const std::string& pack_ref, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"audit", "fixtures/layer1-hosting", "--format", "json",
                                     "--as-of", "2026-11-21", "--rules", pack_ref};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunBinary(Net(args));
  }
  // The report's `inputs` entry for `path`, or null.
  static nlohmann::json InputOf(const std::string& report, const std::string& path) {
    nlohmann::json j = nlohmann::json::parse(report, nullptr, false);
    if (j.is_discarded()) return nullptr;
    for (const auto& in : j["inputs"]) {
      if (in["path"] == path) return in;
    }
    return nullptr;
  }

  // The first finding of `rule` in the report's first deployment, or null.
  static nlohmann::json FindingOf(const std::string& report, const std::string& rule) {
    nlohmann::json j = nlohmann::json::parse(report, nullptr, false);
    if (j.is_discarded() || j["deployments"].empty()) return nullptr;
    for (const auto& f : j["deployments"][0]["findings"]) {
      if (f["rule"] == rule) return f;
    }
    return nullptr;
  }

  static inline TempDir* pki_dir_ = nullptr;
  static inline TestPki* pki_ = nullptr;
  TempDir dir_{"sovaudit_remote"};
};


inline HttpReply Body(const std::string& body) {
  HttpReply r;
  r.body = body;
  return r;
}

}  // namespace sov::test
