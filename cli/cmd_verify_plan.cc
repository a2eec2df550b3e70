// sovaudit verify-plan PLAN --attestation-dir DIR --attest KEY [--shard I/N] [--base DIR]: the
// verifier's side of a fleet (spec/evidence.md). Verifies the plan lines of its shard against
// the weights on this machine and writes one signed VSA per model into DIR, PASSED or FAILED.
// The shard comes from --shard, else from a Kubernetes Indexed Job's JOB_COMPLETION_INDEX and
// JOB_COMPLETION_COUNT, else it is the whole plan.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/oms_args.h"
#include "src/evidence/plan.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov {
namespace {

namespace fs = std::filesystem;

// "I/N" with 0 <= I < N, or nullopt.
bool ParseShard(const std::string& text, size_t* index, size_t* count) {
  size_t slash = text.find('/');
  if (slash == std::string::npos) return false;
  try {
    size_t used = 0;
    unsigned long i = std::stoul(text.substr(0, slash), &used);
    if (used != slash) return false;
    unsigned long n = std::stoul(text.substr(slash + 1), &used);
    if (used != text.size() - slash - 1 || n == 0 || i >= n || text[0] == '-' || text[slash + 1] == '-') return false;
    *index = i;
    *count = n;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void Shard(const VerifyPlanCommandOptions& o, size_t* index, size_t* count, std::string* from) {
  if (!o.shard.empty()) {
    if (!ParseShard(o.shard, index, count)) throw Error("--shard: '" + o.shard + "' is not I/N with 0 <= I < N");
    *from = "--shard";
    return;
  }
  const char* i = std::getenv("JOB_COMPLETION_INDEX");
  const char* n = std::getenv("JOB_COMPLETION_COUNT");
  if (i != nullptr && n != nullptr) {
    if (!ParseShard(std::string(i) + "/" + n, index, count)) {
      throw Error(std::string("JOB_COMPLETION_INDEX=") + i + " and JOB_COMPLETION_COUNT=" + n +
                  " are not a shard (0 <= index < count)");
    }
    *from = "JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT";
    return;
  }
  *index = 0;
  *count = 1;
  *from = "the whole plan";
}

}  // namespace

void AddVerifyPlan(CLI::App& app, VerifyPlanCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "verify-plan",
      "Verify this machine's share of a verification plan (audit --plan-verification) and write "
      "one signed SLSA VSA per model, for audit --evidence");
  cmd->add_option("plan", o.plan, "The plan (one JSON line per model)")->required()->type_name("PLAN");
  cmd->add_option("--attestation-dir", o.attestation_dir, "Where to write the VSAs")
      ->required()
      ->type_name("DIR");
  cmd->add_option("--attest", o.attest_key, "PEM EC private key that signs the VSAs")
      ->required()
      ->type_name("KEY");
  cmd->add_option("--shard", o.shard,
                  "Verify the lines i with i % N == I (default: JOB_COMPLETION_INDEX/"
                  "JOB_COMPLETION_COUNT of a Kubernetes Indexed Job, else every line)")
      ->type_name("I/N");
  cmd->add_option("--base", o.base,
                  "Folder the plan's relative weights paths start from (default: .)")
      ->type_name("DIR");
  cmd->add_option("--device", o.device, "Where OMS-signed weights are hashed: auto, cpu or gpu")
      ->check(CLI::IsMember({"auto", "cpu", "gpu"}));
}

int RunVerifyPlanCommand(const VerifyPlanCommandOptions& o, std::ostream& out, std::ostream& err) {
  size_t index = 0, count = 1;
  std::string from;
  Shard(o, &index, &count, &from);
  std::vector<PlanEntry> plan = ReadPlanFile(o.plan);
  std::error_code ec;
  fs::create_directories(o.attestation_dir, ec);
  if (ec) throw Error(Location{o.attestation_dir}, "cannot create: " + ec.message(), kExitEnvironment);
  std::string tmpl = (fs::temp_directory_path() / "sovaudit-plan-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw Error("cannot make a private folder", kExitEnvironment);
  const fs::path scratch = tmpl;
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(p, ignored);
    }
  } cleanup{scratch};

  size_t mine = 0, passed = 0, failed = 0, missing = 0;
  for (size_t i = 0; i < plan.size(); ++i) {
    if (!InShard(i, index, count)) continue;
    ++mine;
    const PlanEntry& e = plan[i];
    PlanOutcome r = VerifyPlanEntry(e, o.base, scratch, DeviceFrom(o.device));
    const std::string who = EscapeControl(e.deployment + "/" + e.model);
    if (!r.vsa) {
      (r.integrity ? failed : missing)++;
      err << "sovaudit: error: " << who << ": " << EscapeControl(r.problem) << (r.integrity ? "" : " (nothing attested)")
          << "\n";
      continue;
    }
    const WeightsVerification& v = *r.vsa;
    WriteFileAtomically(fs::path(o.attestation_dir) / VsaFileName(e), SignVsa(v, o.attest_key));
    (v.passed ? passed : failed)++;
    out << (v.passed ? "PASSED " : "FAILED ") << who << " sha256:" << v.digest << "\n";
  }
  out << "shard " << index << "/" << count << " (" << from << "): " << mine << " of " << plan.size()
      << " models, " << passed << " passed, " << failed << " failed, " << missing << " not here\n";
  if (failed > 0) return kExitIntegrity;
  return missing > 0 ? kExitEnvironment : kExitOk;
}

}  // namespace sov
