// The sections of a `kind: Deployment` manifest (manifest.md, v1).

#include <filesystem>
#include <cctype>

#include "src/load/hints.h"
#include "src/load/load_state.h"
#include "src/load/merge.h"
#include "src/net/hub.h"
#include "src/net/url.h"
#include "src/util/input.h"
#include "src/util/text.h"
#include "src/util/encoding.h"

namespace sov::load {
namespace {

bool HasKey(const YAML::Node& map, std::string_view key) {
  for (const auto& kv : map) {
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return true;
  }
  return false;
}

template <typename T>
bool NeverSame(const T&, const T&) {
  return false;
}

void ParseMetadata(LoadState& st, const std::string& file, const YAML::Node& node) {
  Fields f(file, node, "metadata", {"name", "owner", "business_unit", "description", "use"});
  st.dep.name = f.String("name", true);
  st.dep.loc = f.ValueLoc("name");
  st.dep.owner = f.Id("owner", true);
  st.Ref(RefKind::kOrganization, st.dep.owner, f.ValueLoc("owner"));
  st.dep.business_unit = f.String("business_unit");
  st.dep.description = f.String("description");
  st.dep.commercial_use = f.Enum("use", {"commercial", "non-commercial"}) != "non-commercial";
}

void ParseSovereignty(LoadState& st, const std::string& file, const YAML::Node& node) {
  Fields f(file, node, "sovereignty", {"home", "claim"});
  std::vector<Location> locs;
  st.dep.home = f.StringList("home", true, &locs);
  st.dep.home_loc = f.ValueLoc("home");
  if (st.dep.home.empty()) {
    throw Error(st.dep.home_loc, "'home' must name at least one country or group");
  }
  for (size_t i = 0; i < st.dep.home.size(); ++i) {
    const std::string& code = st.dep.home[i];
    if (st.catalog.Group(code) != nullptr) continue;
    if (!st.catalog.IsCountry(code)) {
      std::vector<std::string> groups = st.catalog.GroupNames();
      throw Error(locs[i], "unknown country code or group '" + EscapeControl(code) +
                               "' in 'home' (ISO 3166-1 alpha-2, or one of " +
                               Join(groups, ", ") + ")" + HomeHint(st.catalog, code));
    }
  }
  if (!f.Has("claim")) return;
  Fields c(file, f.Get("claim"), "claim", {"layer", "by", "source"});
  Claim& claim = st.dep.claim;
  claim.present = true;
  claim.loc = c.loc();
  std::string layer = c.String("layer", true);
  if (layer.size() != 1 || layer[0] < '0' || layer[0] > '5') {
    throw Error(c.ValueLoc("layer"),
                "'layer' must be an integer from 0 to 5, not '" + EscapeControl(layer) + "'");
  }
  claim.layer = layer[0] - '0';
  claim.by = c.Id("by", true);
  st.Ref(RefKind::kOrganization, claim.by, c.ValueLoc("by"));
  claim.source = c.String("source");
}

Weights ParseWeights(LoadState& st, const std::string& file, const YAML::Node& node) {
  Fields f(file, node, "weights",
           {"availability", "path", "signature", "sha256", "public_key", "certificate_chain",
            "identity", "identity_provider", "source"});
  Weights w;
  w.loc = f.loc();
  w.availability = f.Enum("availability", {"local", "api"}, true);
  auto path = [&](std::string_view key) {
    return f.Has(key) ? ResolvePath(st, file, f.String(key), f.ValueLoc(key)) : std::string();
  };
  w.path = path("path");
  if (IsUrl(w.path)) {
    throw Error(f.ValueLoc("path"), "'path' must name local weights, which the audit hashes where "
                                    "it runs: '" + EscapeControl(w.path) + "' is a URL (a manifest "
                                    "fetched from a URL cannot name local weights; 'source' names "
                                    "where a hub serves them)");
  }
  if (f.Has("source")) {
    w.source = f.String("source");
    bool ok = w.source.rfind("https://", 0) == 0 && net::IsHubResolveUrl(w.source);
    if (ok) {
      try {
        ok = net::ParseRemoteRef(w.source).sha256.empty() &&
             w.source.find('#') == std::string::npos;
      } catch (const Error&) {
        ok = false;
      }
    }
    if (!ok) {
      throw Error(f.ValueLoc("source"),
                  "'source' must be a hub URL https://<host>/<repo>/resolve/<revision>/<file> "
                  "(no fragment), not '" + EscapeControl(w.source) + "'");
    }
  }
  if (f.Has("signature") && f.Has("sha256")) {
    throw Error(f.KeyLoc("sha256"), "give either 'signature' or 'sha256', not both");
  }
  w.signature = path("signature");
  if (f.Has("sha256")) {
    std::optional<std::string> hex = Sha256HexDigits(f.String("sha256"));
    if (!hex) {
      throw Error(f.ValueLoc("sha256"), "'sha256' must be 64 hexadecimal digits, not '" +
                                            EscapeControl(f.String("sha256")) + "'");
    }
    w.sha256 = *hex;
    std::error_code ec;
    if (!w.path.empty() && std::filesystem::is_directory(w.path, ec)) {
      throw Error(f.KeyLoc("sha256"),
                  "'sha256' pins the whole-file SHA-256 of one file (sha256sum FILE), but '" +
                      EscapeControl(f.String("path")) +
                      "' is a folder, which has no whole-file digest: sign the folder "
                      "(sovaudit sign) and give 'signature', or point 'path' at the one file");
    }
  }
  if (f.Has("public_key") && f.Has("certificate_chain")) {
    throw Error(f.KeyLoc("certificate_chain"),
                "give either 'public_key' or 'certificate_chain', not both");
  }
  // A keyless signature is pinned by who signed it: both the identity and its OIDC issuer.
  for (const char* key : {"identity", "identity_provider"}) {
    const char* other = std::string_view(key) == "identity" ? "identity_provider" : "identity";
    if (!f.Has(key)) continue;
    if (!f.Has("signature")) {
      throw Error(f.KeyLoc(key), std::string("'") + key + "' pins the signer of a keyless "
                                 "'signature'; these weights give no 'signature'");
    }
    if (!f.Has(other)) {
      throw Error(f.KeyLoc(key), std::string("a keyless signature needs both 'identity' and "
                                             "'identity_provider'; '") + other + "' is missing");
    }
    for (const char* method : {"public_key", "certificate_chain"}) {
      if (f.Has(method)) {
        throw Error(f.KeyLoc(key), std::string("give either '") + method + "' or '" + key +
                                       "' (a keyless signature), not both");
      }
    }
    if (f.String(key).empty()) {
      throw Error(f.ValueLoc(key), std::string("'") + key + "' must not be empty");
    }
  }
  w.identity = f.Has("identity") ? f.String("identity") : std::string();
  w.identity_provider = f.Has("identity_provider") ? f.String("identity_provider") : std::string();
  w.public_key = path("public_key");
  std::vector<Location> locs;
  std::vector<std::string> chain = f.StringList("certificate_chain", false, &locs);
  for (size_t i = 0; i < chain.size(); ++i) {
    w.certificate_chain.push_back(ResolvePath(st, file, chain[i], locs[i]));
  }
  return w;
}

void ParseModels(LoadState& st, const std::string& file, const YAML::Node& list) {
  std::vector<YAML::Node> items = ListOf(file, list, "models");
  if (items.empty()) throw Error(Loc(file, list), "'models' must list at least one model");
  st.dep.models.reserve(items.size());
  for (const YAML::Node& item : items) {
    Fields f(file, item, "models[]", {"id", "provenance", "serving", "weights", "evaluations"});
    DeployedModel m;
    m.id = f.Id("id", true);
    m.loc = f.loc();
    std::vector<Location> locs;
    m.serving = f.IdList("serving", false, &locs);
    st.Refs(RefKind::kInfrastructure, m.serving, locs);
    if (f.Has("weights")) m.weights = ParseWeights(st, file, f.Get("weights"));
    locs.clear();
    m.evaluations = f.IdList("evaluations", false, &locs);
    st.Refs(RefKind::kEvaluation, m.evaluations, locs);
    f.Require("provenance");
    YAML::Node prov = f.Get("provenance");
    std::string id = m.id;
    if (prov.IsScalar()) {
      m.provenance_file = ResolvePath(st, file, prov.Scalar(), f.ValueLoc("provenance"));
    }
    std::string prov_file = m.provenance_file;
    AddUnique(st.dep.models, st.models, std::move(m), "deployed model", NeverSame<DeployedModel>);
    if (prov.IsScalar()) {
      LoadProvenanceFile(st, prov_file, id, f.ValueLoc("provenance"));
    } else if (prov.IsMap() && HasKey(prov, "model")) {
      ParseProvenanceDocument(st, file, prov, id, false);
    } else if (prov.IsMap()) {
      ParseModelForm(st, file, prov, id);
    } else {
      throw Error(f.ValueLoc("provenance"),
                  "'provenance' must be a path or a mapping, not " + Describe(prov));
    }
  }
}

void ParseEvaluations(LoadState& st, const std::string& file, const YAML::Node& list) {
  for (const YAML::Node& item : ListOf(file, list, "evaluations")) {
    Fields f(file, item, "evaluations[]",
             {"id", "operator", "runs_on", "benchmarks", "judges", "results"});
    Evaluation e;
    e.id = f.Id("id", true);
    e.loc = f.loc();
    e.operator_id = f.Id("operator", true);
    st.Ref(RefKind::kOrganization, e.operator_id, f.ValueLoc("operator"));
    std::vector<Location> locs;
    e.runs_on = f.IdList("runs_on", false, &locs);
    st.Refs(RefKind::kInfrastructure, e.runs_on, locs);
    if (f.Has("benchmarks")) {
      for (const YAML::Node& b : ListOf(file, f.Get("benchmarks"), "benchmarks")) {
        Fields bf(file, b, "benchmarks[]", {"name", "owner"});
        Benchmark bench{bf.String("name", true), bf.Id("owner", true), bf.loc()};
        st.Ref(RefKind::kOrganization, bench.owner, bf.ValueLoc("owner"));
        e.benchmarks.push_back(std::move(bench));
      }
    }
    locs.clear();
    e.judges = f.IdList("judges", false, &locs);
    st.Refs(RefKind::kDeployedModel, e.judges, locs);
    if (f.Has("results")) {
      for (const YAML::Node& r : ListOf(file, f.Get("results"), "results")) {
        Fields rf(file, r, "results[]", {"model_digest", "date"});
        std::string digest = rf.String("model_digest", true);
        std::optional<std::string> hex =
            digest.rfind("sha256:", 0) == 0 ? Sha256HexDigits(digest.substr(7)) : std::nullopt;
        if (!hex) {
          throw Error(rf.ValueLoc("model_digest"),
                      "'model_digest' must be sha256:<64 hexadecimal digits>, not '" +
                          EscapeControl(rf.String("model_digest")) + "'");
        }
        e.results.push_back(EvalResult{"sha256:" + *hex, rf.Date("date", true), rf.loc()});
      }
    }
    AddUnique(st.dep.evaluations, st.evals, std::move(e), "evaluation", NeverSame<Evaluation>);
  }
}

void ParseEndpoints(LoadState& st, const std::string& file, const YAML::Node& list) {
  static const std::vector<std::string> kPurposes = {"licence", "telemetry", "inference",
                                                     "update",  "support",   "logging"};
  for (const YAML::Node& item : ListOf(file, list, "endpoints")) {
    Fields f(file, item, "endpoints[]",
             {"id", "url", "operator", "location", "region", "purpose", "required",
              "receives"});
    Endpoint e;
    e.id = f.Id("id", true);
    e.loc = f.loc();
    e.url = f.String("url", true);
    e.operator_id = f.Id("operator", true);
    st.Ref(RefKind::kOrganization, e.operator_id, f.ValueLoc("operator"));
    std::tie(e.location, e.region) = ParsePlace(st, f);
    e.purpose = f.Enum("purpose", kPurposes, true);
    e.required = f.Bool("required");
    e.receives_stated = f.Has("receives");
    std::vector<Location> locs;
    e.receives = f.IdList("receives", false, &locs);
    st.Refs(RefKind::kDataset, e.receives, locs);
    AddUnique(st.dep.endpoints, st.endpoints, std::move(e), "endpoint", NeverSame<Endpoint>);
  }
}

void ParseFlows(LoadState& st, const std::string& file, const YAML::Node& list) {
  for (const YAML::Node& item : ListOf(file, list, "flows")) {
    Fields f(file, item, "flows[]", {"from", "to", "purpose"});
    Flow flow{f.Id("from", true), f.Id("to", true), f.String("purpose"), f.loc()};
    st.Ref(RefKind::kDataset, flow.from, f.ValueLoc("from"));
    st.Ref(RefKind::kFlowTarget, flow.to, f.ValueLoc("to"));
    st.dep.flows.push_back(std::move(flow));
  }
}

void ParseContingency(LoadState& st, const std::string& file, const YAML::Node& node) {
  Fields f(file, node, "contingency", {"plan", "last_exercised", "fallback_models", "drills"});
  Contingency& c = st.dep.contingency;
  c.present = true;
  c.loc = f.loc();
  c.plan = f.String("plan");
  c.last_exercised = f.Date("last_exercised");
  std::vector<Location> locs;
  c.fallback_models = f.IdList("fallback_models", false, &locs);
  st.Refs(RefKind::kDeployedModel, c.fallback_models, locs);
  static const std::vector<std::string> kScenarios = {
      "vendor-withdrawal", "export-control", "connectivity-loss", "node-compromise",
      "rollback",          "inference-drift"};
  if (!f.Has("drills")) return;
  for (const YAML::Node& item : ListOf(file, f.Get("drills"), "drills")) {
    Fields d(file, item, "drills[]", {"scenario", "last_exercised", "record"});
    c.drills.push_back(Drill{d.Enum("scenario", kScenarios, true), d.Date("last_exercised", true),
                             d.String("record"), d.loc()});
  }
}

}  // namespace

void ParseManifest(LoadState& st, const std::string& file, const YAML::Node& doc) {
  Fields f(file, doc, "manifest",
           {"apiVersion", "kind", "metadata", "sovereignty", "organizations", "infrastructure",
            "datasets", "models", "evaluations", "endpoints", "flows", "contingency"});
  CheckHeader(f, "Deployment", true);
  f.Require("metadata");
  f.Require("sovereignty");
  f.Require("models");
  ParseMetadata(st, file, f.Get("metadata"));
  ParseSovereignty(st, file, f.Get("sovereignty"));
  // Manifest definitions first, so that they precede those of provenance files.
  if (f.Has("organizations")) ParseOrganizations(st, file, f.Get("organizations"));
  if (f.Has("infrastructure")) ParseInfrastructure(st, file, f.Get("infrastructure"));
  if (f.Has("datasets")) ParseDatasets(st, file, f.Get("datasets"));
  PrefetchProvenance(st, file, f.Get("models"));
  ParseModels(st, file, f.Get("models"));
  StopPrefetch(st);
  if (f.Has("evaluations")) ParseEvaluations(st, file, f.Get("evaluations"));
  if (f.Has("endpoints")) ParseEndpoints(st, file, f.Get("endpoints"));
  if (f.Has("flows")) ParseFlows(st, file, f.Get("flows"));
  if (f.Has("contingency")) ParseContingency(st, file, f.Get("contingency"));
}

}  // namespace sov::load
