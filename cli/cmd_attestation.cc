// `sovaudit attestation verify ATT (--public-key K | --certificate-chain C...) [--report FILE]
// [--input FILE...]`: checks an audit attestation's signature, then that each file given has
// the digest its subject records, and prints what the attestation says.
#include <ctime>
#include <filesystem>
#include <map>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "src/evidence/audit_attestation.h"
#include "src/evidence/statement.h"
#include "src/evidence/plan.h"
#include "src/evidence/vsa.h"
#include "src/oms/oms.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov {
namespace {

using nlohmann::json;

// Typed members of the predicate, which is signed but still not trusted to be well-formed.
std::string Str(const json& o, const char* key) {
  return o.is_object() && o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
}
long long Int(const json& o, const char* key) {
  return o.is_object() && o.contains(key) && o[key].is_number_integer() ? o[key].get<long long>() : 0;
}
bool Bool(const json& o, const char* key) {
  return o.is_object() && o.contains(key) && o[key].is_boolean() && o[key].get<bool>();
}
const json& Member(const json& o, const char* key) {
  static const json kNull;
  return o.is_object() && o.contains(key) ? o[key] : kNull;
}

std::string Counts(const json& findings) {
  std::string out;
  for (const char* status : {"fail", "unknown", "waived", "pass", "n/a"}) {
    const json& n = Member(findings, status);
    if (!n.is_number_integer()) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(n.get<long long>()) + " " + status;
  }
  return out;
}

// The predicate's deployments, one line each.
void PrintDeployments(const json& predicate, std::ostream& out) {
  const json& list = Member(predicate, "deployments");
  if (!list.is_array()) return;
  for (const json& d : list) {
    if (!d.is_object()) continue;
    std::string line = "deployment " + EscapeControl(Str(d, "name")) + ": layer " +
                       std::to_string(Int(d, "achieved_layer")) + " (" + EscapeControl(Str(d, "label")) + ")";
    const json& claim = Member(d, "claim");
    if (claim.is_object()) {
      line += ", claim " + std::to_string(Int(claim, "layer")) + " by " + EscapeControl(Str(claim, "by")) +
              (Bool(claim, "holds") ? " holds" : " does not hold");
    }
    if (Bool(d, "integrity_failure")) line += ", INTEGRITY FAILURE";
    if (d.contains("findings")) line += "; findings: " + Counts(d["findings"]);
    out << line << "\n";
  }
}

// Compares `file` with `subject`; a line for the user, false on a mismatch.
bool CheckFile(const std::string& file, const AttestationSubject* subject, const std::string& what,
               std::ostream& out, std::ostream& err) {
  if (subject == nullptr) {
    err << "sovaudit: error: " << EscapeControl(file) << ": not a subject of the attestation ("
        << what << ")\n";
    return false;
  }
  Expected<std::string> hex = Sha256File(file);
  if (!hex) throw Error(Location{file}, "cannot read: " + hex.error());
  if (*hex != subject->sha256) {
    err << "sovaudit: error: " << EscapeControl(file) << ": sha256 " << *hex
        << " differs from the attested " << subject->sha256 << " of '"
        << EscapeControl(subject->name) << "' (changed since the audit)\n";
    return false;
  }
  out << what << " " << EscapeControl(file) << ": matches sha256:" << subject->sha256 << "\n";
  return true;
}

}  // namespace

void AddWeightsAttestOptions(CLI::App* cmd, WeightsAttestOptions& o) {
  cmd->add_option("--attest", o.attest_key,
                  "Sign a SLSA verification summary (VSA) of this check with this PEM EC private "
                  "key, PASSED or FAILED, for audit --evidence (see sovaudit-attestation(1))")
      ->type_name("KEY");
  cmd->add_option("--attestation", o.attestation, "Where --attest writes the VSA (atomically)")
      ->type_name("FILE");
  cmd->add_option("--resource-uri", o.resource_uri,
                  "Where the weights are, for the VSA (default: file://HOST/ABSOLUTE-PATH)")
      ->type_name("URI");
}

void WriteWeightsAttestation(const WeightsAttestOptions& o, const std::string& model,
                             WeightsVerification v, std::ostream& err) {
  if (o.attest_key.empty()) return;
  v.resource_uri = o.resource_uri.empty() ? FileResourceUri(model) : o.resource_uri;
  WriteFileAtomically(o.attestation, SignVsa(v, o.attest_key));
  err << "sovaudit: note: wrote " << EscapeControl(o.attestation) << ", "
      << (v.passed ? "PASSED" : "FAILED") << " for sha256:" << v.digest << "\n";
}

// Checked before any hashing: the pair goes together.
void CheckWeightsAttestOptions(const WeightsAttestOptions& o) {
  if (o.attest_key.empty() != o.attestation.empty()) {
    throw Error("--attest KEY and --attestation FILE go together");
  }
  if (!o.resource_uri.empty() && o.attest_key.empty()) throw Error("--resource-uri goes with --attest");
}

void AddAttestation(CLI::App& app, AttestationCommandOptions& o) {
  CLI::App* group = app.add_subcommand(
      "attestation", "Check a signed audit attestation (sovaudit audit --attest)");
  group->require_subcommand(1);
  CLI::App* cmd = group->add_subcommand(
      "verify",
      "Verify an audit attestation's signature, check that the report and inputs given are the "
      "bytes it names, and print what it attests");
  cmd->add_option("attestation", o.attestation, "The attestation (a Sigstore bundle)")
      ->required()
      ->type_name("FILE");
  cmd->add_option("--public-key", o.public_key, "PEM public key of the signer")->type_name("FILE");
  cmd->add_option("--certificate-chain", o.certificate_chain,
                  "PEM certificates trusted as anchors of the signer's certificate")
      ->type_name("FILE");
  cmd->add_option("--report", o.report, "The JSON report: must be the attested bytes")
      ->type_name("FILE");
  cmd->add_option("--input", o.inputs,
                  "An input of the audit, named as in the report's inputs: must be the attested "
                  "bytes (repeatable)")
      ->type_name("FILE");
}

int RunAttestationVerifyCommand(const AttestationCommandOptions& o, std::ostream& out,
                                std::ostream& err) {
  if (o.public_key.empty() == o.certificate_chain.empty()) {
    throw Error("attestation verify needs exactly one of --public-key or --certificate-chain");
  }
  oms::VerifyKey key;
  key.public_key = o.public_key;
  for (const std::string& c : o.certificate_chain) key.certificate_chain.emplace_back(c);
  AuditAttestation a = ReadAuditAttestation(o.attestation, key);
  if (!a.signature.ok) {
    err << "sovaudit: error: " << EscapeControl(o.attestation) << ": signature does not verify: "
        << EscapeControl(a.signature.message) << "\n";
    return kExitIntegrity;
  }
  const json& p = a.predicate;
  out << "attestation " << EscapeControl(o.attestation) << ": signature verified, signed by "
      << EscapeControl(a.signature.signer) << "\n";
  std::string version = Str(Member(p, "tool"), "version");
  out << "audit by sovaudit " << EscapeControl(version) << " as of " << EscapeControl(Str(p, "as_of")) << ", report '"
      << EscapeControl(a.report_name) << "' sha256:" << a.subjects.front().sha256 << ", "
      << a.subjects.size() - 1 << " more subjects (inputs and verified models)\n";
  PrintDeployments(p, out);
  bool ok = true;
  if (!o.report.empty()) ok &= CheckFile(o.report, &a.subjects.front(), "report", out, err);
  for (const std::string& in : o.inputs) {
    const AttestationSubject* s = FindSubject(a, in);
    if (s == &a.subjects.front()) s = nullptr;  // the report is not an input
    ok &= CheckFile(in, s, "input", out, err);
  }
  return ok ? kExitOk : kExitIntegrity;
}

}  // namespace sov
