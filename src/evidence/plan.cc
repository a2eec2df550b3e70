#include "src/evidence/plan.h"

#include <cctype>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "src/evidence/statement.h"
#include "src/parse/json_text.h"
#include "src/util/encoding.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"
#include "src/verify/weights.h"

namespace sov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr size_t kMaxPlanLine = 64u << 20;     // a line carries a bundle and certificates
constexpr size_t kMaxPlanLines = 10'000'000;

std::string Field(const json& j, const char* key, const Location& at) {
  if (!j.contains(key)) return "";
  if (!j[key].is_string()) throw Error(at, std::string("'") + key + "' is not a string");
  return j[key].get<std::string>();
}

// `path` relative to the working directory, lexically; "" when it leaves it.
std::string Relative(const std::string& path) {
  if (path.empty()) return "";
  fs::path p = fs::path(path).lexically_normal();
  if (p.is_absolute()) {
    std::error_code ec;
    p = p.lexically_relative(fs::current_path(ec));
  }
  if (p.empty() || *p.begin() == "..") return "";
  return p.string();
}

// A relative path below `base`, or "" (absolute, or leaving it).
fs::path Below(const fs::path& base, const std::string& rel) {
  fs::path p = fs::path(rel).lexically_normal();
  if (rel.empty() || p.is_absolute() || p.empty() || *p.begin() == "..") return {};
  return base / p;
}

PlanEntry ParseLine(const std::string& line, const Location& at, std::set<std::pair<std::string, std::string>>& seen) {
  if (line.size() > kMaxPlanLine) throw Error(at, "line too long");
  json j;
  try {
    j = parse::ParseJson(line, at.file);
  } catch (const Error& e) {
    throw Error(at, e.what());
  }
  if (!j.is_object() || Field(j, "schema", at) != kPlanSchema) {
    throw Error(at, std::string("not a line of a verification plan (\"schema\": \"") + kPlanSchema + "\")");
  }
  PlanEntry e;
  e.deployment = Field(j, "deployment", at);
  e.model = Field(j, "model", at);
  e.weights = Field(j, "weights", at);
  e.signature = Field(j, "signature", at);
  std::string sha = Field(j, "sha256", at);
  e.signature_bundle = Field(j, "signature_bundle", at);
  e.public_key_pem = Field(j, "public_key_pem", at);
  e.certificate_chain_pem = Field(j, "certificate_chain_pem", at);
  e.identity = Field(j, "identity", at);
  e.issuer = Field(j, "issuer", at);
  if (e.deployment.empty() || e.model.empty() || e.weights.empty()) {
    throw Error(at, "a plan line needs 'deployment', 'model' and 'weights'");
  }
  if (Below("base", e.weights).empty() || (!e.signature.empty() && Below("base", e.signature).empty())) {
    throw Error(at, "'weights' and 'signature' must be relative paths that stay below --base");
  }
  if (sha.empty() == e.signature_bundle.empty()) {
    throw Error(at, "a plan line needs exactly one of 'sha256' and 'signature_bundle'");
  }
  if (!sha.empty()) {
    std::optional<std::string> hex = Sha256HexDigits(sha);
    if (!hex) throw Error(at, "'sha256' must be 64 hexadecimal digits");
    e.sha256 = *hex;
  }
  if (!e.signature_bundle.empty() &&
      (!e.public_key_pem.empty()) + (!e.certificate_chain_pem.empty()) + (!e.identity.empty()) != 1) {
    throw Error(at, "a signature needs exactly one of 'public_key_pem', 'certificate_chain_pem' and 'identity'");
  }
  if (!seen.insert({e.deployment, e.model}).second) {
    throw Error(at, "model '" + EscapeControl(e.model) + "' of '" + EscapeControl(e.deployment) + "' is planned twice");
  }
  return e;
}

}  // namespace

std::vector<PlanEntry> PlanDeployment(const Deployment& d, InputReader& inputs, std::vector<std::string>* skipped) {
  std::vector<PlanEntry> out;
  for (const DeployedModel& m : d.models) {
    const Weights& w = m.weights;
    if (w.availability == "api" || w.path.empty() || (w.sha256.empty() && w.signature.empty())) continue;
    auto skip = [&](const std::string& why) {
      if (skipped != nullptr) skipped->push_back("'" + m.id + "' of '" + d.name + "': " + why);
    };
    PlanEntry e;
    e.deployment = d.name;
    e.model = m.id;
    e.weights = Relative(w.path);
    e.signature = Relative(w.signature);
    e.sha256 = w.sha256;
    if (e.weights.empty() || (!w.signature.empty() && !IsUrl(w.signature) && e.signature.empty())) {
      skip("its weights or signature lie outside the working directory, which the plan's paths start from");
      continue;
    }
    if (e.sha256.empty()) {
      if ((!w.public_key.empty()) + (!w.certificate_chain.empty()) + (!w.identity.empty()) != 1) {
        skip("its signature names no public_key, certificate_chain or identity to check it with");
        continue;
      }
      try {
        auto read = [&](const std::string& ref) { return inputs.Read(InputRef::Parse(ref)).bytes; };
        e.signature_bundle = read(w.signature);
        if (!w.public_key.empty()) e.public_key_pem = read(w.public_key);
        for (const std::string& c : w.certificate_chain) e.certificate_chain_pem += read(c);
      } catch (const Error& why) {
        if (why.exit_code() != kExitInput) throw;
        skip(why.Describe());
        continue;
      }
      e.identity = w.identity;
      e.issuer = w.identity_provider;
      if (IsUrl(w.signature)) e.signature.clear();  // fetched: not in the weights folder
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string PlanLine(const PlanEntry& e) {
  json j = {{"schema", kPlanSchema}, {"deployment", e.deployment}, {"model", e.model}, {"weights", e.weights}};
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) j[key] = v;
  };
  put("signature", e.signature);
  put("sha256", e.sha256);
  put("signature_bundle", e.signature_bundle);
  put("public_key_pem", e.public_key_pem);
  put("certificate_chain_pem", e.certificate_chain_pem);
  put("identity", e.identity);
  put("issuer", e.issuer);
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<PlanEntry> ParsePlan(const std::string& text, const std::string& file) {
  std::vector<PlanEntry> out;
  std::set<std::pair<std::string, std::string>> seen;
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (!line.empty()) out.push_back(ParseLine(line, Location{file, n, 1}, seen));
  }
  return out;
}

std::vector<PlanEntry> ReadPlanFile(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw Error(Location{file.string()}, "no such file (or not a regular file)");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(Location{file.string()}, "cannot open for reading");
  std::vector<PlanEntry> out;
  std::set<std::pair<std::string, std::string>> seen;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (out.size() >= kMaxPlanLines) throw Error(Location{file.string(), n, 1}, "too many lines");
    if (!line.empty()) out.push_back(ParseLine(line, Location{file.string(), n, 1}, seen));
  }
  return out;
}

bool InShard(size_t i, size_t index, size_t count) { return count > 0 && i % count == index; }

PlanOutcome VerifyPlanEntry(const PlanEntry& e, const fs::path& base, const fs::path& scratch, oms::Device device) {
  PlanOutcome out;
  const fs::path weights = Below(base, e.weights);
  const fs::path signature = Below(base, e.signature);
  if (weights.empty() || (!e.signature.empty() && signature.empty())) {
    out.problem = "its paths leave --base";
    return out;
  }
  if (!WeightsPresent(weights, signature)) {
    out.problem = "the weights are not here (" + weights.string() + ")";
    return out;
  }
  WeightsVerification v;
  v.subject_name = weights.lexically_normal().filename().string();
  if (v.subject_name.empty()) v.subject_name = weights.lexically_normal().parent_path().filename().string();
  v.resource_uri = FileResourceUri(weights);
  if (!e.sha256.empty()) {
    Expected<std::string> hex = Sha256File(weights);
    if (!hex) {
      out.problem = hex.error();
      return out;
    }
    v.method = "sha256";
    v.digest = e.sha256;
    v.passed = *hex == e.sha256;
    out.vsa = v;
    return out;
  }
  try {
    fs::path sig = scratch / "signature.json";
    WriteFileAtomically(sig, e.signature_bundle);
    oms::VerifyKey key;
    if (!e.public_key_pem.empty()) {
      key.public_key = scratch / "key.pem";
      WriteFileAtomically(key.public_key, e.public_key_pem);
      v.method = "oms-key";
      v.key_fingerprint = PublicKeyFingerprint(e.public_key_pem, e.model + " (plan)");
    } else if (!e.certificate_chain_pem.empty()) {
      key.certificate_chain.push_back(scratch / "anchors.pem");
      WriteFileAtomically(key.certificate_chain.back(), e.certificate_chain_pem);
      v.method = "oms-certificate";
      v.anchors = AnchorFingerprints(e.certificate_chain_pem, e.model + " (plan)");
    } else {
      key.keyless = oms::KeylessPolicy{e.identity, e.issuer, ""};
      v.method = "oms-keyless";
      v.identity = e.identity;
      v.issuer = e.issuer;
    }
    oms::VerifyOptions options;
    options.device = device;
    // The signature's own file, when it lies in the model folder, is not part of the model.
    if (!signature.empty()) options.ignore_paths.push_back(signature);
    oms::VerifyResult r = oms::Verify(weights, sig, key, options);
    if (r.root_digest.empty()) {
      // Nothing verified names a digest: attesting the one the bundle claims would let whoever
      // wrote the plan have a FAILED result signed for any pin.
      out.problem = "the signature does not verify: " + r.message + " (nothing attested)";
      out.integrity = true;
      return out;
    }
    v.passed = r.ok;
    v.digest = r.root_digest;
    out.vsa = v;
  } catch (const Error& why) {
    if (why.exit_code() == kExitEnvironment) throw;
    out.problem = why.Describe();
  }
  return out;
}

std::string SignVsa(WeightsVerification v, const fs::path& key) {
  std::optional<std::string> hex = Sha256HexDigits(v.digest);
  if (!hex || *hex != v.digest) throw Error("refusing to attest '" + EscapeControl(v.digest) + "': not a SHA-256");
  v.verifier_version = SOVAUDIT_VERSION;
  v.time_verified = FormatTime(static_cast<int64_t>(std::time(nullptr)));
  oms::SignOptions signer;
  signer.private_key = key;
  return oms::SignEnvelope(kInTotoPayloadType, VsaStatementJson(v), signer);
}

std::string VsaFileName(const PlanEntry& e) {
  std::string name = e.deployment + "--" + e.model;
  for (char& c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) c = '_';
  }
  if (name.size() > 160) name.resize(160);
  std::string tag = Sha256Hex(e.deployment + '\0' + e.model + '\0' + e.weights).substr(0, 12);
  return name + "-" + tag + ".json";
}

}  // namespace sov
