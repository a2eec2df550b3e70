#include "cli/cli.h"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <ostream>

#include "cli/commands.h"
#include "cli/config.h"
#include "cli/net_args.h"
#include "reports/render.h"
#include "src/net/hub.h"
#include "src/sigstore/trusted_root.h"
#include "src/util/error.h"
#include "src/util/text.h"

namespace sov {
namespace {

const char* kSeverities = "critical|high|medium|low|info";

// "sovaudit 0.x" and the Sigstore trusted root built in, so an air-gapped site can compare it
// with the one it trusts.
std::string VersionText() {
  const sigstore::TrustedRoot& root = sigstore::ProductionRoot();
  return std::string("sovaudit ") + SOVAUDIT_VERSION +
         "\nSigstore trusted root (built in): public-good instance, newest key valid from " +
         sigstore::ProductionRootDate() + ", sha256:" + root.sha256;
}

void AddAudit(CLI::App& app, AuditCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "audit",
      "Audit deployment manifests against the five-layer maturity model. A directory is "
      "searched recursively for files with 'kind: Deployment' (a portfolio).");
  cmd->add_option("paths", o.paths, "Manifests or directories (default: .)");
  cmd->add_option("--format,-f", o.formats,
                  "Report format: text (default), json, sarif (code scanning), junit (CI test "
                  "reports), markdown (pull-request comment) or html (one self-contained page); "
                  "repeat with --output for several reports in one run")
      ->check(CLI::IsMember(ReportFormatNames()))
      ->type_name("FORMAT");
  cmd->add_option("--output,-o", o.outputs, "Write the report to FILE (atomically) instead of "
                  "stdout; pairs with the --format of the same position")
      ->type_name("FILE");
  cmd->add_option("--require-layer", o.require_layer,
                  "Exit 1 unless every deployment reaches layer N; implies --target-layer N "
                  "when no target is given")
      ->check(CLI::Range(0, 5))
      ->type_name("N");
  cmd->add_option("--target-layer", o.target_layer,
                  "The layer aimed for (1-5): findings of higher layers do not count for "
                  "--fail-on (except SOV-C.1, SOV-W.* and a failing SOV-3.5), are SARIF notes "
                  "and skipped JUnit tests, and the next-layer plan stops there; not below "
                  "--require-layer")
      ->check(CLI::Range(1, 5))
      ->type_name("N");
  cmd->add_flag("--fail-on-overclaim", o.fail_on_overclaim,
                "Exit 1 when a claimed layer is above the achieved layer (SOV-C.1)");
  cmd->add_option("--fail-on", o.fail_on,
                  std::string("Exit 1 when a finding of this severity or above fails or is "
                              "unknown (") +
                      kSeverities + ", any case)")
      ->transform(CLI::IsMember({"critical", "high", "medium", "low", "info"}, CLI::ignore_case))
      ->type_name("SEVERITY");
  cmd->add_option("--as-of", o.as_of, "Audit date, YYYY-MM-DD (default: today, UTC)")
      ->type_name("DATE");
  cmd->add_option("--baseline", o.baseline,
                  "The JSON report of the previous audit: the change since it (layers gained "
                  "and lost, new and fixed findings, as `sovaudit diff` counts them) goes into "
                  "the summary and every deployment of the text, Markdown and HTML reports")
      ->type_name("FILE");
  cmd->add_option("--title", o.title,
                  "The organisation the executive summary names (default: the owners' names "
                  "from metadata.owner)")
      ->type_name("TEXT");
  cmd->add_option("--details", o.details,
                  "How much the text, Markdown and HTML reports show of each deployment: "
                  "summary (default: findings folded into one row per rule and outcome) or full "
                  "(also every finding and every model; HTML: in the appendix)")
      ->check(CLI::IsMember({"summary", "full"}));
  cmd->add_flag("--no-verify", o.no_verify,
                "Do not hash weight files; SOV-3.5 becomes unknown");
  cmd->add_option("--device", o.device,
                  "Where to hash OMS-signed weights: auto (default), cpu or gpu (exit 4 when no "
                  "GPU can be used)")
      ->check(CLI::IsMember({"auto", "cpu", "gpu"}));
  cmd->add_option("--trust-config,--trust_config", o.trust_config,
                  "Check keyless (Sigstore) weight signatures against this trusted root or "
                  "ClientTrustConfig instead of the public-good root built in")
      ->type_name("FILE");
  cmd->add_option("--rules", o.rule_packs,
                  "Apply a rule pack (repeatable): a file, or builtin:deai, the pack shipped for "
                  "edge fleets and federated training")
      ->type_name("PATH");
  cmd->add_option("--waivers", o.waiver_files,
                  "Apply the waivers in FILE (kind: Waivers; repeatable): a matching fail or "
                  "unknown finding becomes waived; expired or malformed waivers are findings "
                  "(SOV-W.1, SOV-W.2)")
      ->type_name("FILE");
  cmd->add_flag("--allow-outside", o.allow_outside,
                "Let paths in manifests leave the manifest's folder tree");
  cmd->add_option("--evidence", o.evidence,
                  "SLSA verification summaries of weights checked where they live (verify or "
                  "digest --attest; files, or folders of *.json; repeatable): a trusted, fresh "
                  "PASSED one for a model's pin passes SOV-3.5 without the weights here, a FAILED "
                  "one exits 3")
      ->type_name("PATH");
  cmd->add_option("--evidence-key", o.evidence_keys,
                  "PEM public key whose signed evidence is trusted (repeatable)")
      ->type_name("KEY");
  cmd->add_option("--evidence-max-age", o.evidence_max_age,
                  "Evidence verified more than DAYS before the audit date is stale (default 30)")
      ->check(CLI::Range(0, 100000))
      ->type_name("DAYS");
  cmd->add_option("--plan-verification", o.plan_verification,
                  "Write the verification plan: one line per model with local, pinned weights "
                  "(deployment, model, weights path, pin, signature and key), for verify-plan "
                  "where the weights live")
      ->type_name("OUT");
  cmd->add_option("--min-evidence", o.min_evidence,
                  "A passing finding that rests on weaker evidence becomes unknown: declared "
                  "(the default: any), documented, attested or verified")
      ->check(CLI::IsMember({"declared", "documented", "attested", "verified"}));
  cmd->add_option("--attest", o.attest_key,
                  "Sign an audit attestation with this PEM EC private key: an in-toto statement "
                  "over the JSON report (--format json --output FILE), every input and every "
                  "verified model, written to --attestation (see sovaudit-attestation(1))")
      ->type_name("KEY");
  cmd->add_option("--signing-certificate", o.attest_certificate,
                  "With --attest: sign with the certificate method, this PEM certificate "
                  "holding the key's public key as the leaf")
      ->type_name("FILE");
  cmd->add_option("--certificate-chain", o.attest_chain,
                  "With --signing-certificate: intermediate certificates to include (repeatable)")
      ->type_name("FILE");
  cmd->add_option("--attestation", o.attestation,
                  "Where --attest writes the attestation (a Sigstore bundle, atomically, only "
                  "when the audit produced its reports)")
      ->type_name("FILE");
  cmd->add_option("--color", o.color, "Colour in the text report: auto (on a TTY unless "
                  "NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

void AddValidate(CLI::App& app, ValidateCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check manifests, provenance files and waiver files against the schema only");
  cmd->add_option("paths", o.paths, "Manifests, provenance files, waiver files or directories")
      ->required();
  cmd->add_flag("--allow-outside", o.allow_outside,
                "Let paths in manifests leave the manifest's folder tree");
}

void AddRules(CLI::App& app, RulesCommandOptions& rules, RulesCommandOptions& explain) {
  CLI::App* cmd = app.add_subcommand("rules", "List the rules: id, layer, severity, title");
  cmd->add_option("--rules", rules.rule_packs, "Apply a rule pack first (repeatable): a file, or builtin:deai")
      ->type_name("PATH");
  cmd->add_option("--format,-f", rules.format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  CLI::App* ex = app.add_subcommand("explain", "Print one rule whole: rationale, check, "
                                               "remediation, references");
  ex->add_option("rule", explain.rule_id, "Rule id, e.g. SOV-3.3")->required();
  ex->add_option("--rules", explain.rule_packs, "Apply a rule pack first (repeatable): a file, or builtin:deai")
      ->type_name("PATH");
}

// Options every OMS command takes. Spellings of the reference tool (model_signing) are accepted
// as aliases, so its command lines work unchanged.
void AddOmsCommon(CLI::App* cmd, OmsCommonOptions& o) {
  cmd->add_option("model", o.model, "Model folder, or a single file")->required();
  cmd->add_option("--ignore-paths", o.ignore_paths,
                  "Leave out a file or folder: relative to the current directory or absolute, "
                  "as the reference tool takes them (repeatable)")
      ->type_name("PATH");
  cmd->add_flag("--allow-symlinks,--allow_symlinks", o.allow_symlinks,
                "Follow symlinks in the model (otherwise they are an error)");
  cmd->add_option("--threads", o.threads, "Hashing threads (default: every core)")
      ->check(CLI::Range(0, 4096))
      ->type_name("N");
  cmd->add_option("--device", o.device,
                  "Where to hash: auto (default: the GPU for many small shards when one is "
                  "usable, else the CPU), cpu, or gpu (exit 4 when no GPU can be used)")
      ->check(CLI::IsMember({"auto", "cpu", "gpu"}));
  cmd->add_flag("--verbose,-v", o.verbose, "Say on stderr where hashing ran (CPU or GPU) and why");
  cmd->add_flag("--quiet,-q", o.quiet,
                "No progress bar (otherwise shown on a terminal stderr for runs over a second)");
}

void AddMethod(CLI::App* cmd, std::string& method, uint64_t& shard_size) {
  cmd->add_option("--method", method, "Serialisation: files (default) or shards")
      ->check(CLI::IsMember({"files", "shards"}));
  cmd->add_option("--shard-size", shard_size,
                  "Bytes per shard with --method shards (default 1000000000, as the reference)")
      ->check(CLI::PositiveNumber)
      ->type_name("N");
}

void AddVerify(CLI::App& app, VerifyCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "verify", "Verify an OpenSSF model signing (OMS) signature over a model folder or file");
  AddOmsCommon(cmd, o);
  cmd->add_option("--signature", o.signature, "The signature bundle (model.sig)")
      ->required()
      ->type_name("SIG");
  auto* key = cmd->add_option("--public-key,--public_key", o.public_key,
                              "PEM public key, for a key-signed bundle")
                  ->type_name("KEY");
  auto* chain = cmd->add_option("--certificate-chain,--certificate_chain", o.certificate_chain,
                                "PEM files of trusted CA certificates, for a certificate-signed "
                                "bundle")
                    ->type_name("CA");
  auto* identity = cmd->add_option("--identity", o.identity,
                                   "Keyless bundles: the signer's identity, exactly as in the "
                                   "Fulcio certificate (an email, or a workflow URI)")
                       ->type_name("ID");
  auto* provider = cmd->add_option("--identity-provider,--identity_provider",
                                   o.identity_provider,
                                   "Keyless bundles: the OIDC issuer that vouched for the "
                                   "identity, exactly (e.g. https://accounts.google.com)")
                       ->type_name("URL");
  auto* trust = cmd->add_option("--trust-config,--trust_config", o.trust_config,
                                "Keyless bundles: a Sigstore trusted root or ClientTrustConfig "
                                "(default: the public-good root built in; see --version)")
                    ->type_name("FILE");
  identity->needs(provider);
  provider->needs(identity);
  trust->needs(identity);
  for (CLI::Option* k : {identity, provider}) {
    key->excludes(k);
    chain->excludes(k);
  }
  key->excludes(chain);
  cmd->add_flag("--ignore-unsigned-files,--ignore_unsigned_files", o.ignore_unsigned_files,
                "Files the signature does not list are skipped, not an error");
  cmd->add_option("--cert-time", o.cert_time,
                  "When the certificate chain must be valid: leaf (default: at the leaf's "
                  "notBefore, as the reference tool) or now (as the OMS spec)")
      ->check(CLI::IsMember({"leaf", "now"}));
  AddWeightsAttestOptions(cmd, o);
}

void AddSign(CLI::App& app, SignCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "sign", "Sign a model folder or file: write an OpenSSF model signing (OMS) bundle");
  AddOmsCommon(cmd, o);
  cmd->add_option("--private-key,--private_key", o.private_key,
                  "PEM EC private key (P-256, P-384 or P-521)")
      ->required()
      ->type_name("KEY");
  auto* cert = cmd->add_option("--signing-certificate,--signing_certificate",
                               o.signing_certificate,
                               "PEM certificate of the private key: sign with a certificate "
                               "chain instead of a bare key")
                   ->type_name("CERT");
  cmd->add_option("--certificate-chain,--certificate_chain", o.certificate_chain,
                  "PEM files of the intermediates to include after the leaf")
      ->type_name("CERT")
      ->needs(cert);
  AddMethod(cmd, o.method, o.shard_size);
  cmd->add_option("--signature", o.signature,
                  "Where to write the bundle (default: model.sig in the current directory)")
      ->type_name("OUT");
}

void AddDigest(CLI::App& app, DigestCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand("digest", "Print a model's OMS root digest, sha256:<hex>");
  AddOmsCommon(cmd, o);
  AddMethod(cmd, o.method, o.shard_size);
  AddWeightsAttestOptions(cmd, o);
  cmd->add_option("--expect", o.expect,
                  "With --attest, for a single file: the sha256 pin it must have (hex); the VSA "
                  "is FAILED, and the exit 3, when it differs")
      ->type_name("HEX");
}

void AddGraph(CLI::App& app, GraphCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "graph", "Draw a deployment's lineage, control and data-flow graph (Graphviz DOT or "
               "JSON); domestic nodes green, foreign red, unknown grey");
  cmd->add_option("manifest", o.manifest, "The deployment manifest (or a directory holding one)")
      ->required();
  cmd->add_option("--format,-f", o.format, "dot (default; render with 'dot -Tsvg') or json")
      ->check(CLI::IsMember({"dot", "json"}));
  cmd->add_option("--output,-o", o.output, "Write to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  cmd->add_flag("--allow-outside", o.allow_outside,
                "Let paths in manifests leave the manifest's folder tree");
}

void AddImport(CLI::App& app, ImportCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "import", "Convert third-party provenance (Hugging Face model card, CycloneDX ML-BOM, "
                "SPDX 3 JSON-LD, GGUF, safetensors) to sovaudit provenance YAML; what could not "
                "be mapped is listed on stderr");
  cmd->add_option("file", o.file, "The file to import")->required();
  cmd->add_option("--from", o.from, "Its format: auto (default: detected by content), hf-card, "
                  "cyclonedx, spdx, gguf or safetensors")
      ->check(CLI::IsMember({"auto", "hf-card", "cyclonedx", "spdx", "gguf", "safetensors"}));
  cmd->add_option("--output,-o", o.output, "Write to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  cmd->add_option("--id", o.id, "The model's id (default: from the model's name or the file)")
      ->type_name("ID");
}

void AddDiff(CLI::App& app, DiffCommandOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "diff", "Compare two JSON audit reports (from 'sovaudit audit --format json'): layers "
              "gained and lost, claims, new, worse, better and fixed findings");
  cmd->add_option("old", o.old_report, "The earlier report (JSON)")->required()->type_name("OLD");
  cmd->add_option("new", o.new_report, "The later report (JSON)")->required()->type_name("NEW");
  cmd->add_option("--format,-f", o.format, "text (default), json (schema sovaudit/diff/v1) or "
                  "markdown (for a pull-request comment)")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  cmd->add_option("--output,-o", o.output, "Write to FILE (atomically) instead of stdout")
      ->type_name("FILE");
  cmd->add_flag("--fail-on-regression", o.fail_on_regression,
                "Exit 1 when anything got worse: a deployment lost a layer or newly overclaims, "
                "or a finding is new (now fail or unknown) or worse (unknown to fail)");
  cmd->add_option("--color", o.color, "Colour in the text diff: auto (on a TTY unless "
                  "NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

}  // namespace

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           bool out_is_tty) {
  CLI::App app{"sovaudit: how sovereign is your AI? Audits deployment manifests against the "
               "five-layer sovereignty maturity model and verifies model weights.",
               "sovaudit"};
  app.set_version_flag("--version,-V", VersionText());
  app.require_subcommand(1);
  app.fallthrough();  // --config and --no-config may follow the command too
  std::string config_file;
  bool no_config = false;
  auto* config_opt = app.add_option("--config", config_file,
                                    "Read option defaults from FILE instead of the nearest "
                                    ".sovaudit.yaml in this directory or a parent")
                         ->type_name("FILE");
  app.add_flag("--no-config", no_config, "Read no config file")->excludes(config_opt);
  app.footer("Exit codes: 0 ok, 1 a gate failed, 2 invalid input or usage, 3 integrity failure "
             "(tampered weights), 4 environment error.\nOption defaults are read from the nearest "
             ".sovaudit.yaml (--config FILE names another, --no-config reads none; before or "
             "after the command; sovaudit-config(5)).\nInput files may be https:// URLs, pinned with #sha256=<hex> or "
             "signed (sovaudit-remote(7)).\nSee sovaudit(1), sovaudit-manifest(5).");

  AuditCommandOptions audit;
  ValidateCommandOptions validate;
  RulesCommandOptions rules, explain;
  AddAudit(app, audit);
  AddValidate(app, validate);
  AddRules(app, rules, explain);
  VerifyCommandOptions verify;
  SignCommandOptions sign;
  DigestCommandOptions digest;
  AddVerify(app, verify);
  AddSign(app, sign);
  AddDigest(app, digest);
  ImportCommandOptions import_opts;
  AddImport(app, import_opts);
  GraphCommandOptions graph;
  AddGraph(app, graph);
  DiffCommandOptions diff;
  AddDiff(app, diff);
  CatalogCommandOptions catalog;
  AddCatalog(app, catalog);
  AttestationCommandOptions attestation;
  AddAttestation(app, attestation);
  VerifyPlanCommandOptions verify_plan;
  AddVerifyPlan(app, verify_plan);
  // Every command that reads inputs may read them from https:// URLs; sign and digest read
  // only local files (a private key or weights are never fetched).
  NetCommandOptions net_options;
  const std::vector<std::string> networked = {"audit",  "validate", "rules", "explain",
                                              "verify", "import",   "graph", "diff"};
  for (const std::string& name : networked) {
    AddNetworkOptions(app.get_subcommand(name), net_options);
  }
  FinishCommands(app);

  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    out << VersionText() << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    err << "sovaudit: error: " << e.what() << "\nRun 'sovaudit --help' for usage.\n";
    return kExitInput;
  }

  try {
    if (!no_config) {
      // Only a file named with --config may lower assurance (LowersAssurance): a discovered
      // one may have come with the folder being audited.
      ConfigOrigin origin = config_file.empty() ? ConfigOrigin::kDiscovered : ConfigOrigin::kNamed;
      std::string file = config_file.empty() ? FindConfigFile(".") : config_file;
      if (!file.empty()) audit.config = ApplyConfig(app, file, origin);
    }
    // The reader of every input of a networked command: local files, and URLs under the
    // network options. sign and digest are given none: they read local files only.
    net::RemoteInputs remote(ToNetOptions(net_options));
    if (!net_options.offline) {
      net::HttpOptions http = remote.options().http;
      audit.hub = [http](const std::string& url) { return net::AnnouncedSha256(url, http); };
    }
    if (app.got_subcommand("audit")) {
      audit.out_is_tty = out_is_tty;
      return RunAuditCommand(audit, remote, out, err);
    }
    if (app.got_subcommand("validate")) return RunValidateCommand(validate, remote, out, err);
    if (app.got_subcommand("rules")) return RunRulesCommand(rules, remote, out, err);
    if (app.got_subcommand("explain")) return RunExplainCommand(explain, remote, out, err);
    if (app.got_subcommand("verify")) return RunVerifyCommand(verify, remote, out, err);
    if (app.got_subcommand("sign")) return RunSignCommand(sign, out, err);
    if (app.got_subcommand("digest")) return RunDigestCommand(digest, out, err);
    if (app.got_subcommand("import")) return RunImportCommand(import_opts, remote, out, err);
    if (app.got_subcommand("graph")) return RunGraphCommand(graph, remote, out, err);
    if (app.got_subcommand("catalog")) return RunCatalogCommand(catalog, out, err);
    if (app.got_subcommand("attestation")) return RunAttestationVerifyCommand(attestation, out, err);
    if (app.got_subcommand("verify-plan")) return RunVerifyPlanCommand(verify_plan, out, err);
    if (app.got_subcommand("diff")) {
      diff.out_is_tty = out_is_tty;
      return RunDiffCommand(diff, remote, out, err);
    }
  } catch (const Error& e) {
    err << "sovaudit: error: " << EscapeControl(e.Describe()) << "\n";
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    err << "sovaudit: error: out of memory\n";
    return kExitEnvironment;
  } catch (const std::exception& e) {
    // A defect: every expected failure is a sov::Error. Still exit cleanly.
    err << "sovaudit: error: internal error: " << EscapeControl(e.what()) << "\n";
    return kExitInput;
  }
  return kExitInput;
}

}  // namespace sov
