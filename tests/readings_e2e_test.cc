// The readings settled after the first release, from the command line: the unstated-endpoint
// fixture, portfolios that lose no manifest, and a signed file's whole-file SHA-256 binding an
// evaluation result (SOV-5.4).

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "tests/fixture_files.h"
#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov {
namespace {

namespace fs = std::filesystem;
using namespace test::fixture_names;  // NOLINT(build/namespaces)

json Deployment0(const test::BinaryResult& r) {
  json report = json::parse(r.out, nullptr, false);
  if (report.is_discarded() || report["deployments"].empty()) {
    ADD_FAILURE() << r.out << r.err;
    return json::object();
  }
  return report["deployments"][0];
}

std::string StatusOf(const json& d, const std::string& rule, const std::string& subject) {
  for (const json& f : d["findings"]) {
    if (f["rule"] == rule && f["subject"] == subject) return f["status"];
  }
  return "(none)";
}

test::BinaryResult Audit(const fs::path& path, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"audit", path.string(), "--as-of", "2026-11-21",
                                   "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunBinary(args);
}

TEST(ReadingsE2e, AnEndpointThatLeavesOutRequiredAndReceivesIsNoSilentPass) {
  json d = Deployment0(Audit(kSource + "/fixtures/unstated-endpoint"));
  EXPECT_EQ(d["achieved_layer"], 0);  // the first release said 3
  EXPECT_EQ(StatusOf(d, "SOV-1.3", "datasets/loan-applications"), "unknown");
  EXPECT_EQ(StatusOf(d, "SOV-1.3", "datasets/credit-memos"), "unknown");
  EXPECT_EQ(StatusOf(d, "SOV-2.4", "endpoints/vendor-support"), "unknown");
  // Stating the facts gives layer 3 back.
  TempDir dir;
  fs::path copy = Copy("unstated-endpoint", dir.path());
  Replace(copy / "deployment.yaml", "    purpose: support\n",
          "    purpose: support\n    required: false\n    receives: []\n");
  json stated = Deployment0(Audit(copy));
  EXPECT_EQ(stated["achieved_layer"], 3);
  EXPECT_EQ(StatusOf(stated, "SOV-2.4", "endpoints/vendor-support"), "n/a");
}

// A portfolio folder: the layer-3 fixture plus `extra` written as other.yaml.
test::BinaryResult AuditPortfolio(const std::string& extra, const std::string& command = "audit") {
  TempDir dir;
  Copy("layer3-finetune", dir.path());
  Write(dir.path() / "notes" / "other.yaml", extra);
  std::vector<std::string> args = {command, dir.path().string()};
  if (command == "audit") args.insert(args.end(), {"--as-of", "2026-11-21", "--format", "json"});
  return RunBinary(args);
}

TEST(ReadingsE2e, APortfolioLosesNoManifest) {
  auto misspelt = AuditPortfolio("apiVersion: sovaudit/v1\nkind: Deploymnet\nmetadata: {}\n");
  EXPECT_EQ(misspelt.code, 2) << misspelt.err;
  EXPECT_TRUE(std::regex_search(misspelt.err, std::regex("other\\.yaml:2:1: .*unknown kind "
                                                         "'Deploymnet'.*did you mean "
                                                         "'Deployment'")))
      << misspelt.err;
  auto no_kind = AuditPortfolio("apiVersion: sovaudit/v1\nmetadata: {name: x}\n");
  EXPECT_EQ(no_kind.code, 2);
  EXPECT_NE(no_kind.err.find("other.yaml:1:1: says 'apiVersion: sovaudit/v1' but has no 'kind'"),
            std::string::npos)
      << no_kind.err;
  auto headless = AuditPortfolio("metadata: {name: x}\nsovereignty: {home: [SG]}\nmodels: []\n");
  EXPECT_EQ(headless.code, 2);
  EXPECT_NE(headless.err.find("other.yaml: has top-level 'sovereignty' and 'models'"),
            std::string::npos)
      << headless.err;
  auto future = AuditPortfolio("apiVersion: sovaudit/v2\nkind: Deployment\n");
  EXPECT_EQ(future.code, 2);
  EXPECT_NE(future.err.find("unsupported apiVersion 'sovaudit/v2'"), std::string::npos);
  // Files that are not sovaudit's are skipped, and said to be.
  auto k8s = AuditPortfolio("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n");
  EXPECT_EQ(k8s.code, 0) << k8s.err;
  EXPECT_NE(k8s.err.find("skipped 1 YAML file that is not sovaudit's"), std::string::npos)
      << k8s.err;
  EXPECT_EQ(json::parse(k8s.out)["deployments"].size(), 1u);
  // validate reads the folder the same way, and goes on to the other files.
  auto validate = AuditPortfolio("apiVersion: sovaudit/v1\nkind: Deploymnet\n", "validate");
  EXPECT_EQ(validate.code, 2);
  EXPECT_NE(validate.err.find("unknown kind 'Deploymnet'"), std::string::npos) << validate.err;
  EXPECT_NE(validate.out.find("deployment.yaml: ok"), std::string::npos) << validate.out;
}

TEST(ReadingsE2e, ASignedSingleFileBindsItsResultByItsWholeFileSha256) {
  TempDir dir;
  fs::path copy = Copy("signed-model", dir.path());
  const std::string judge = "models/llm-jp-3-13b-instruct";
  const std::string root = "sha256:88e719b2ff864332c1c84fe232a8f96ca5f37e4123d6081e753c763621c66a50";
  std::string file = "sha256:" + Sha256sum(copy / "weights/llm-jp-3-13b-instruct.safetensors");
  ASSERT_NE(file, root);
  Replace(copy / "deployment.yaml", root, file);
  json d = Deployment0(Audit(copy));
  EXPECT_EQ(StatusOf(d, "SOV-3.5", judge), "pass");
  EXPECT_EQ(StatusOf(d, "SOV-5.4", judge), "pass");  // the first release failed it
  EXPECT_EQ(d["achieved_layer"], 5);
  // Any other digest still fails, and the message names both digests it would accept.
  Replace(copy / "deployment.yaml", file, "sha256:" + std::string(64, '0'));
  json wrong = Deployment0(Audit(copy));
  EXPECT_EQ(StatusOf(wrong, "SOV-5.4", judge), "fail");
  for (const json& f : wrong["findings"]) {
    if (f["rule"] == "SOV-5.4" && f["subject"] == judge) {
      std::string msg = f["message"];
      EXPECT_NE(msg.find(root), std::string::npos) << msg;
      EXPECT_NE(msg.find("or the file's SHA-256 " + file), std::string::npos) << msg;
    }
  }
}

}  // namespace
}  // namespace sov
