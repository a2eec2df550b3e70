#pragma once
// One function per command; cli.cc parses arguments into these option structs.

#include <cstdint>
#include <functional>
#include <optional>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/oms_args.h"
#include "src/report/report.h"

namespace CLI {
class App;
}

#include "src/evidence/vsa.h"
#include "src/util/input.h"

namespace sov {

struct AuditCommandOptions {
  std::vector<std::string> paths;
  std::vector<std::string> formats;  // paired in order with outputs; the rest go to stdout
  std::vector<std::string> outputs;
  int require_layer = -1;            // -1: no gate
  int target_layer = 0;              // 0: none (then --require-layer's N, when 1..5)
  bool fail_on_overclaim = false;
  std::string fail_on;               // severity (lower case), or ""
  std::string as_of;                 // YYYY-MM-DD, or "" for today (UTC)
  std::string baseline;              // --baseline PREVIOUS.json, or ""
  std::string title;                 // --title: the summary's organisation, or ""
  std::string details = "summary";   // --details summary | full
  bool no_verify = false;
  std::string device = "auto";       // auto | cpu | gpu: where OMS-signed weights are hashed
  std::string trust_config;          // Sigstore trusted root for keyless signatures, or ""
  std::vector<std::string> rule_packs;
  std::vector<std::string> waiver_files;  // --waivers
  bool allow_outside = false;
  std::string color = "auto";        // auto | always | never
  // --attest KEY [--signing-certificate C --certificate-chain C...] --attestation OUT: the
  // audit attestation (src/evidence) over the JSON report written with --output.
  std::string attest_key, attest_certificate, attestation;
  std::vector<std::string> attest_chain;
  std::vector<std::string> evidence, evidence_keys;  // --evidence, --evidence-key
  int evidence_max_age = 30;                         // --evidence-max-age DAYS
  std::string min_evidence;                          // --min-evidence KIND, or ""
  std::string plan_verification;                     // --plan-verification OUT, or ""
  bool out_is_tty = false;
  std::optional<PolicyConfig> config;  // the config file read, for the report's policy
  // The hub check of weights.source (src/net/hub.h); empty under --offline.
  std::function<std::optional<std::string>(const std::string& url)> hub;
};

struct ValidateCommandOptions {
  std::vector<std::string> paths;
  bool allow_outside = false;
};

struct RulesCommandOptions {
  std::vector<std::string> rule_packs;
  std::string format = "text";  // text | json
  std::string rule_id;          // explain only
};

// --attest KEY --attestation OUT [--resource-uri URI] of verify and digest: a SLSA VSA of the
// weights checked (src/evidence/vsa.h), signed with the key.
struct WeightsAttestOptions {
  std::string attest_key, attestation, resource_uri;
};

// sovaudit verify MODEL --signature SIG (--public-key K | --certificate-chain C...)
struct VerifyCommandOptions : OmsCommonOptions, WeightsAttestOptions {
  std::string signature;
  std::string public_key;
  std::vector<std::string> certificate_chain;  // trust anchors
  bool ignore_unsigned_files = false;
  std::string cert_time = "leaf";              // leaf (the reference tool's) | now
  // Keyless (Sigstore) bundles: who must have signed, and the trusted root (empty: embedded).
  std::string identity, identity_provider, trust_config;
};

// sovaudit sign MODEL --private-key K [--signing-certificate C --certificate-chain C...]
struct SignCommandOptions : OmsCommonOptions {
  std::string private_key;
  std::string signing_certificate;
  std::vector<std::string> certificate_chain;  // intermediates, after the leaf
  std::string method = "files";                // files | shards
  uint64_t shard_size = 1'000'000'000;
  std::string signature = "model.sig";         // as the reference tool: in the current directory
};

// sovaudit digest MODEL [--method files|shards] [--shard-size N]
struct DigestCommandOptions : OmsCommonOptions, WeightsAttestOptions {
  std::string method = "files";
  uint64_t shard_size = 1'000'000'000;
  std::string expect;  // --expect HEX: the sha256 pin the file must have (with --attest)
};

// sovaudit graph MANIFEST [--format dot|json] [--output FILE]
struct GraphCommandOptions {
  std::string manifest;          // a manifest, or a directory holding exactly one
  std::string format = "dot";    // dot | json
  std::string output;            // "" or "-": stdout
  bool allow_outside = false;
};

// sovaudit import FILE [--from auto|hf-card|cyclonedx|spdx|gguf|safetensors] [--output FILE]
// [--id ID]
struct ImportCommandOptions {
  std::string file;
  std::string from = "auto";
  std::string output;  // "" or "-": stdout
  std::string id;      // the model id; "" derives one from the file
};

// sovaudit catalog licences|models|regions|jurisdictions [--format text|json] [FILTER]
struct CatalogCommandOptions {
  std::string kind;              // licences (or licenses), models, regions, jurisdictions
  std::string filter;            // case-insensitive substring of ids, aliases and names
  std::string format = "text";   // text | json
};

// Each returns the exit code; throws sov::Error for input and environment errors.
int RunAuditCommand(const AuditCommandOptions& o, InputReader& inputs, std::ostream& out,
                    std::ostream& err);
int RunValidateCommand(const ValidateCommandOptions& o, InputReader& inputs, std::ostream& out,
                       std::ostream& err);
int RunRulesCommand(const RulesCommandOptions& o, InputReader& inputs, std::ostream& out,
                    std::ostream& err);
int RunExplainCommand(const RulesCommandOptions& o, InputReader& inputs, std::ostream& out,
                      std::ostream& err);
int RunVerifyCommand(const VerifyCommandOptions& o, InputReader& inputs, std::ostream& out,
                     std::ostream& err);
int RunSignCommand(const SignCommandOptions& o, std::ostream& out, std::ostream& err);
int RunDigestCommand(const DigestCommandOptions& o, std::ostream& out, std::ostream& err);
int RunImportCommand(const ImportCommandOptions& o, InputReader& inputs, std::ostream& out,
                     std::ostream& err);
int RunGraphCommand(const GraphCommandOptions& o, InputReader& inputs, std::ostream& out,
                    std::ostream& err);
// sovaudit attestation verify ATT (--public-key K | --certificate-chain C...) [--report FILE]
// [--input FILE...]
struct AttestationCommandOptions {
  std::string attestation;
  std::string public_key;
  std::vector<std::string> certificate_chain;
  std::string report;
  std::vector<std::string> inputs;
};
// Registers --attest, --attestation and --resource-uri on verify or digest.
void AddWeightsAttestOptions(CLI::App* cmd, WeightsAttestOptions& o);
// Writes the VSA of `v` (the verifier's version, time and resource URI filled here) signed with
// o.attest_key to o.attestation, atomically; a note on `err`. Nothing without --attest.
// Throws Error (exit 2) when --attest and --attestation do not go together.
void WriteWeightsAttestation(const WeightsAttestOptions& o, const std::string& model,
                             WeightsVerification v, std::ostream& err);

void CheckWeightsAttestOptions(const WeightsAttestOptions& o);

// sovaudit verify-plan PLAN --attestation-dir DIR --attest KEY [--shard I/N] [--base DIR]
struct VerifyPlanCommandOptions {
  std::string plan, attestation_dir, attest_key, shard, base = ".";
  std::string device = "auto";
};
void AddVerifyPlan(CLI::App& app, VerifyPlanCommandOptions& o);
// Exit 0 when every model of the shard verified, 3 when one did not, 2 for a malformed plan or
// weights that are not there (nothing attested for them).
int RunVerifyPlanCommand(const VerifyPlanCommandOptions& o, std::ostream& out, std::ostream& err);

// Registers `attestation verify` on `app` (cmd_attestation.cc).
void AddAttestation(CLI::App& app, AttestationCommandOptions& o);
// Exit 0 when the signature verifies and every file given matches its subject, 3 otherwise,
// 2 for a malformed attestation or usage.
int RunAttestationVerifyCommand(const AttestationCommandOptions& o, std::ostream& out,
                                std::ostream& err);

// Registers `catalog` on `app` (its options and help live with the command).
void AddCatalog(CLI::App& app, CatalogCommandOptions& o);
// After every command is added: one value per occurrence of each repeatable option (but those
// the spec gives several), and each command's own --help footer (command_help.cc).
void FinishCommands(CLI::App& app);
// Exit 1 (as grep) when FILTER matches no entry; an unknown catalogue is an input error (2).
int RunCatalogCommand(const CatalogCommandOptions& o, std::ostream& out, std::ostream& err);

// sovaudit diff OLD.json NEW.json [--format text|json|markdown] [--output FILE]
// [--fail-on-regression] [--color auto|always|never]
struct DiffCommandOptions {
  std::string old_report;        // a JSON audit report ("schema": "sovaudit/report/v1")
  std::string new_report;
  std::string format = "text";   // text | json | markdown
  std::string output;            // "" or "-": stdout
  bool fail_on_regression = false;
  std::string color = "auto";    // auto | always | never
  bool out_is_tty = false;
};

// Exit 1 with --fail-on-regression when the diff has a regression (src/diff/diff.h), each
// explained on err; throws sov::Error for unreadable or invalid reports (2) and an output file
// that cannot be written (4).
int RunDiffCommand(const DiffCommandOptions& o, InputReader& inputs, std::ostream& out,
                   std::ostream& err);

}  // namespace sov
