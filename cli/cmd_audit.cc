// sovaudit audit: run the pipeline, render every requested report, apply the gates.
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "reports/render.h"
#include "src/audit/audit.h"
#include "src/diff/diff.h"
#include "src/diff/snapshot.h"
#include "src/report/gate.h"
#include "src/evidence/audit_attestation.h"
#include "src/evidence/statement.h"
#include "src/oms/oms.h"
#include "src/sigstore/trusted_root.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov {
namespace {

Date AuditDate(const std::string& as_of) {
  if (as_of.empty()) return TodayUtc();
  std::optional<Date> d = ParseDate(as_of);
  if (!d) throw Error("--as-of: '" + as_of + "' is not a date of the form YYYY-MM-DD");
  return *d;
}

bool UseColor(const AuditCommandOptions& o) {
  if (o.color == "always") return true;
  if (o.color == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return o.out_is_tty && (no_color == nullptr || *no_color == '\0');
}

// The target layer: --target-layer, else --require-layer's N; 0 for none. A target below the
// required layer is a usage error: it would excuse findings that the required layer needs.
int TargetLayer(const AuditCommandOptions& o) {
  if (o.target_layer <= 0) return o.require_layer > 0 ? o.require_layer : 0;
  if (o.require_layer > o.target_layer) {
    throw Error("--target-layer " + std::to_string(o.target_layer) + " is below --require-layer " +
                std::to_string(o.require_layer) + ": aim at least as high as you require");
  }
  return o.target_layer;
}

// The index of the JSON report written to a file that --attest covers (the first), -1 without
// --attest. Throws Error (exit 2) when the attestation options do not go together.
int AttestedReport(const AuditCommandOptions& o) {
  if (o.attest_key.empty()) {
    if (!o.attestation.empty() || !o.attest_certificate.empty() || !o.attest_chain.empty()) {
      throw Error("--attestation, --signing-certificate and --certificate-chain go with --attest KEY");
    }
    return -1;
  }
  if (o.attestation.empty()) throw Error("--attest needs --attestation FILE: where to write it");
  if (!o.attest_chain.empty() && o.attest_certificate.empty()) {
    throw Error("--certificate-chain goes with --signing-certificate");
  }
  for (size_t i = 0; i < o.formats.size() && i < o.outputs.size(); ++i) {
    if (o.formats[i] == "json" && !o.outputs[i].empty() && o.outputs[i] != "-") {
      return static_cast<int>(i);
    }
  }
  throw Error("--attest signs the JSON report: add --format json --output FILE");
}

// The audit attestation over the JSON report about to be written to `report_path` with
// SHA-256 `report_sha256`, as an output file not yet committed.
std::unique_ptr<AtomicFile> Attest(const AuditCommandOptions& o, const Report& report,
                                   const std::string& report_path, const std::string& report_sha256) {
  oms::SignOptions signer;
  signer.private_key = o.attest_key;
  signer.signing_certificate = o.attest_certificate;
  for (const std::string& c : o.attest_chain) signer.certificate_chain.emplace_back(c);
  std::string name = std::filesystem::path(report_path).filename().string();
  std::string bundle = oms::SignEnvelope(kInTotoPayloadType,
                                         AuditStatementJson(report, name, report_sha256), signer);
  auto file = std::make_unique<AtomicFile>(o.attestation);
  file->stream() << bundle;
  return file;
}

}  // namespace

int RunAuditCommand(const AuditCommandOptions& o, InputReader& inputs, std::ostream& out,
                    std::ostream& err) {
  if (o.outputs.size() > std::max<size_t>(o.formats.size(), 1)) {
    throw Error("--output: each --output needs a --format before it pairs (" +
                std::to_string(o.outputs.size()) + " outputs, " +
                std::to_string(o.formats.size()) + " formats)");
  }
  const int attested_report = AttestedReport(o);
  AuditOptions options;
  options.as_of = AuditDate(o.as_of);
  options.verify = !o.no_verify;
  options.device = DeviceFrom(o.device);
  options.trust_config = o.trust_config;
  if (!o.trust_config.empty()) {
    // A root that cannot be read or parsed is a usage error for the whole run, not an unknown
    // per model.
    sigstore::ParseTrustedRoot(inputs.Read(InputRef::Parse(o.trust_config)).bytes, o.trust_config);
  }
  options.rule_packs = o.rule_packs;
  options.waiver_files = o.waiver_files;
  options.target_layer = TargetLayer(o);
  options.load.allow_outside = o.allow_outside;
  options.inputs = &inputs;
  options.evidence = o.evidence;
  options.evidence_keys = o.evidence_keys;
  options.evidence_max_age = o.evidence_max_age;
  if (!o.min_evidence.empty()) options.min_evidence = *ParseEvidence(o.min_evidence);
  std::vector<PlanEntry> plan;
  if (!o.plan_verification.empty()) options.plan = &plan;
  if (!o.evidence.empty() && o.evidence_keys.empty()) {
    throw Error("--evidence needs --evidence-key KEY: evidence nobody signed proves nothing");
  }
  options.hub = o.hub;

  // The baseline is read before the audit runs: a bad one is exit 2 with nothing written.
  std::optional<ReportSnapshot> baseline;
  if (!o.baseline.empty()) {
    baseline = ParseReportSnapshot(inputs.Read(InputRef::Parse(o.baseline)).bytes, o.baseline);
  }
  GateSpec gate_spec;
  gate_spec.require_layer = o.require_layer;
  gate_spec.fail_on = ParseSeverity(o.fail_on);
  gate_spec.fail_on_overclaim = o.fail_on_overclaim;

  std::vector<std::string> paths = o.paths.empty() ? std::vector<std::string>{"."} : o.paths;
  size_t skipped = 0;
  Report report = RunAudit(FindManifests(paths, &skipped), options);
  report.policy.config = o.config;
  for (const std::string& note : report.notes) err << "sovaudit: note: " << EscapeControl(note) << "\n";
  if (skipped > 0) {
    err << "sovaudit: note: skipped " << skipped << " YAML file" << (skipped == 1 ? "" : "s")
        << " that " << (skipped == 1 ? "is" : "are") << " not sovaudit's (no apiVersion "
        << "sovaudit/v1)\n";
  }

  GateOutcome gate = EvaluateGates(report, gate_spec);
  std::optional<ReportDiff> trend;
  if (baseline) trend = DiffReports(*baseline, SnapshotOf(report, "this audit"));
  RenderOptions render;
  render.details = *ParseDetails(o.details);
  render.title = o.title;
  render.baseline = trend ? &*trend : nullptr;
  render.gate = &gate;

  // Reports for files are rendered into temporary files first, the report for stdout (at most
  // one) next, and the files renamed into place last: a failure leaves no partial output
  // behind, and no report is ever held whole in memory.
  std::vector<std::string> formats = o.formats.empty() ? std::vector<std::string>{"text"}
                                                       : o.formats;
  std::vector<std::unique_ptr<AtomicFile>> files;
  std::optional<ReportFormat> to_stdout;
  for (size_t i = 0; i < formats.size(); ++i) {
    std::string target = i < o.outputs.size() ? o.outputs[i] : "";
    ReportFormat format = *ParseReportFormat(formats[i]);
    if (target.empty() || target == "-") {
      if (to_stdout) throw Error("several reports would go to stdout: give each an --output");
      to_stdout = format;
      continue;
    }
    files.push_back(std::make_unique<AtomicFile>(target));
    Render(report, format, render, files.back()->stream());
    if (static_cast<int>(i) == attested_report) {
      // Signed before anything is renamed into place: a key that fails leaves no output.
      files.push_back(Attest(o, report, target, files.back()->Sha256()));
    }
  }
  if (!o.plan_verification.empty()) {
    files.push_back(std::make_unique<AtomicFile>(o.plan_verification));
    for (const PlanEntry& e : plan) files.back()->stream() << PlanLine(e) << "\n";
  }
  if (to_stdout) {
    RenderOptions terminal = render;
    terminal.color = UseColor(o);
    Render(report, *to_stdout, terminal, out);
  }
  out.flush();
  for (auto& f : files) f->Commit();

  for (const WaiverResult& w : report.waivers) {
    if (w.state == "active") continue;
    err << "sovaudit: warning: " << EscapeControl(FormatLocation(w.location)) << ": waiver of "
        << EscapeControl(w.rule) << " on " << EscapeControl(w.subject) << " "
        << (w.state == "expired"   ? "expired on " + w.expires + " and no longer applies"
            : w.state == "invalid" ? "is malformed and does not apply: " + EscapeControl(w.problem)
                                   : std::string("matches no finding of the deployments audited"))
        << "\n";
  }
  for (const DeploymentReport& d : report.deployments) {
    if (d.integrity_failure) {
      err << "sovaudit: integrity: '" << d.name
          << "': a weight file does not match its pinned digest (SOV-3.5)\n";
    }
  }
  bool integrity_ok = true;
  for (const DeploymentReport& d : report.deployments) integrity_ok &= !d.integrity_failure;
  for (const std::string& reason : gate.reasons) {
    err << "sovaudit: gate: " << EscapeControl(reason) << "\n";
  }
  if (!integrity_ok) return kExitIntegrity;
  return gate.passed ? kExitOk : kExitGate;
}

}  // namespace sov
