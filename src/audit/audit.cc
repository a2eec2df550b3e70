#include "src/audit/audit.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "src/audit/policy.h"
#include "src/catalog/catalog.h"
#include "src/evidence/weights_evidence.h"
#include "src/facts/facts.h"
#include "src/rules/rules.h"
#include "src/score/score.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/input.h"
#include "src/verify/weights.h"
#include "src/waiver/waiver.h"

namespace sov {
namespace fs = std::filesystem;

namespace {

bool IsYamlFile(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

// Every YAML file under dir whose kind is Deployment, sorted. Symlinks are not followed, so a
// directory loop cannot make the scan run forever.
std::vector<std::string> ScanDirectory(const fs::path& dir, size_t* skipped) {
  std::vector<std::string> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) throw Error(Location{dir.string()}, "cannot read directory: " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw Error(Location{it->path().string()}, "cannot read directory: " + ec.message());
    if (it->is_symlink() || !it->is_regular_file() || !IsYamlFile(it->path())) continue;
    std::string kind = PortfolioKind(it->path().string());
    if (kind == "Deployment") found.push_back(it->path().string());
    if (kind.empty() && skipped != nullptr) ++*skipped;
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

std::vector<std::string> FindManifests(const std::vector<std::string>& paths, size_t* skipped) {
  std::vector<std::string> manifests;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (IsUrl(p)) {
      manifests.push_back(p);  // a remote manifest: one file, fetched when loaded
    } else if (fs::is_directory(p, ec)) {
      std::vector<std::string> found = ScanDirectory(p, skipped);
      if (found.empty()) {
        throw Error(Location{p}, "no manifest with 'kind: Deployment' in this directory");
      }
      manifests.insert(manifests.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      manifests.push_back(p);
    } else {
      throw Error(Location{p}, "no such file or directory");
    }
  }
  // The same manifest named twice (a file and its directory) is audited once.
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (const std::string& m : manifests) {
    std::error_code ec;
    std::string key = IsUrl(m) ? m : fs::weakly_canonical(m, ec).string();
    if (seen.insert(key).second) unique.push_back(m);
  }
  return unique;
}

Report RunAudit(const std::vector<std::string>& manifests, const AuditOptions& options) {
  const Catalog& catalog = Catalog::Builtin();
  RuleSet rules = RuleSet::Builtin();
  Report report;
  FileReader local;
  InputReader& inputs = options.inputs != nullptr ? *options.inputs : local;
  ApplyRulePacks(rules, options.rule_packs, report.policy, inputs);
  LoadOptions load = options.load;
  load.inputs = &inputs;

  report.tool_version = SOVAUDIT_VERSION;
  report.as_of = options.as_of.ToString();
  AuditContext ctx{options.as_of};
  WeightsOptions weights_options{options.verify, options.device, options.hub, options.trust_config,
                                 &inputs};

  std::map<std::string, std::string> listed;  // path -> sha256 ("": not read whole), by path
  EvidenceSet evidence_set = ReadWeightsEvidence(options.evidence, options.evidence_keys);
  const std::vector<WeightsEvidence>& evidence = evidence_set.evidence;
  for (const std::string& s : evidence_set.skipped) report.notes.push_back("skipped under --evidence: " + s);
  for (const WeightsEvidence& e : evidence) listed[e.file] = e.sha256;
  for (const std::string& k : options.evidence_keys) {
    report.policy.evidence_keys.push_back({k, PublicKeyFingerprint(ReadTextFile(k, 1 << 20), k), {}});
    report.policy.evidence_max_age = options.evidence_max_age;
  }
  if (options.min_evidence != Evidence::kDeclared) report.policy.min_evidence = EvidenceName(options.min_evidence);
  EvidencePolicy evidence_policy{options.as_of, options.evidence_max_age, &inputs};
  for (const std::string& pack : options.rule_packs) {
    if (pack.rfind("builtin:", 0) != 0) listed[pack] = "";  // a shipped pack is no file
  }
  std::vector<WaiverResult> waivers;
  for (const std::string& file : options.waiver_files) {
    std::vector<WaiverResult> more = LoadWaivers(file, inputs);
    waivers.insert(waivers.end(), more.begin(), more.end());
    listed[file] = "";
  }
  WaiverBook book(std::move(waivers), rules, options.as_of);
  for (const std::string& manifest : manifests) {
    Deployment d = LoadDeployment(manifest, catalog, load);
    if (options.plan != nullptr) {
      std::vector<std::string> skipped;
      for (PlanEntry& e : PlanDeployment(d, inputs, &skipped)) options.plan->push_back(std::move(e));
      for (const std::string& s : skipped) report.notes.push_back("not in the verification plan: " + s);
    }
    WeightsChecks checks = VerifyWeights(d, weights_options);
    ApplyEvidence(d, evidence, evidence_policy, checks);
    Facts facts(d, catalog, ctx, checks);
    std::vector<Finding> findings = EvaluateRules(rules, facts);
    RequireEvidence(findings, options.min_evidence);
    book.Apply(d.name, findings);
    DeploymentReport dr;
    dr.name = d.name;
    dr.file = d.file;
    dr.business_unit = d.business_unit;
    dr.home = d.home;
    dr.target_layer = options.target_layer;
    ScoreDeployment(facts, rules, std::move(findings), dr);
    dr.questions = AnswerQuestions(facts, dr);
    dr.next_layer = PlanNextLayer(dr);
    dr.integrity_failure = facts.IntegrityFailure();
    for (const DeployedModel& m : d.models) {
      auto check = checks.find(m.id);
      if (check != checks.end() && check->second.fleet_size > 0) {
        dr.fleets.push_back({m.id, check->second.fleet_size, check->second.fleet_attested});
      }
    }
    dr.residency_breaks = facts.ResidencyBreaks();
    std::sort(dr.fleets.begin(), dr.fleets.end(),
              [](const FleetCoverage& a, const FleetCoverage& b) { return a.model < b.model; });
    for (ModelResult& m : dr.models) {
      auto check = checks.find(m.id);
      if (check != checks.end() && check->second.kind == WeightsCheck::Kind::kVerified) {
        m.verified_digest = check->second.digest;
      }
    }
    report.deployments.push_back(std::move(dr));
    for (const std::string& f : d.input_files) {
      auto parsed = d.input_sha256.find(f);
      listed[f] = parsed == d.input_sha256.end() ? "" : parsed->second;
    }
  }
  report.waivers = book.Finish();
  for (const RuleDef& r : rules.rules()) {
    if (!r.enabled) continue;
    report.rules.push_back(RuleInfo{r.id, r.layer, r.title, r.severity, r.question, r.rationale,
                                    r.remediation, r.references});
  }
  std::stable_sort(report.rules.begin(), report.rules.end(),
                   [](const RuleInfo& a, const RuleInfo& b) {
                     if (a.layer != b.layer) return a.layer < b.layer;
                     return CompareNatural(a.id, b.id) < 0;
                   });
  // What the reader read: each input hashed once, from the bytes parsed. Remote inputs are
  // listed whatever asked for them (signatures, keys and trust keys among them).
  std::map<std::string, InputRecord> read;
  for (InputRecord& r : inputs.Records()) {
    if (!r.url.empty()) listed[r.ref] = r.sha256;
    read.emplace(r.ref, std::move(r));
  }
  for (auto& [path, digest] : listed) {
    InputFile in;
    in.path = path;
    in.sha256 = digest;
    auto r = read.find(path);
    if (r != read.end()) {
      in.sha256 = r->second.sha256;
      in.url = r->second.url;
      in.pinned_by = r->second.pinned_by;
      in.signer = r->second.signer;
    } else if (in.sha256.empty()) {
      // An imported file (card, BOM, GGUF, safetensors): the importer reads what it needs, so
      // the whole file is streamed here, with no size cap: a weight file of any size that
      // `import` accepts is recorded too.
      Expected<std::string> hex = Sha256File(path);
      if (!hex) throw Error(Location{path}, "cannot hash input: " + hex.error());
      in.sha256 = *hex;
    }
    report.inputs.push_back(std::move(in));
  }
  RecordWaivers(options.waiver_files, report);
  std::stable_sort(report.deployments.begin(), report.deployments.end(),
                   [](const DeploymentReport& a, const DeploymentReport& b) {
                     return std::tie(a.file, a.name) < std::tie(b.file, b.name);
                   });
  return report;
}

}  // namespace sov
