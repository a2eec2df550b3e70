#include "src/evidence/plan.h"

#include <cctype>
#include <ctime>
#include <sstream>

#include <nlohmann/json.hpp>

#include "src/evidence/statement.h"
#include "src/parse/json_text.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr size_t kMaxPlanLine = 64u << 20;  // a line carries a bundle and certificates

// The root digest a signature bundle's statement names, or "".
std::string SignedDigest(const std::string& bundle, const std::string& file) {
  oms::Envelope env = oms::ReadEnvelope(bundle, file);
  json st = json::parse(env.payload, nullptr, false);
  if (!st.is_object() || !st.contains("subject") || !st["subject"].is_array() || st["subject"].empty()) return "";
  return AsciiLower(st["subject"][0].value("/digest/sha256"_json_pointer, std::string()));
}

std::string Field(const json& j, const char* key, const Location& at) {
  if (!j.contains(key)) return "";
  if (!j[key].is_string()) throw Error(at, std::string("'") + key + "' is not a string");
  return j[key].get<std::string>();
}

}  // namespace

std::vector<PlanEntry> PlanDeployment(const Deployment& d, InputReader& inputs) {
  std::vector<PlanEntry> out;
  for (const DeployedModel& m : d.models) {
    const Weights& w = m.weights;
    if (w.availability == "api" || w.path.empty() || (w.sha256.empty() && w.signature.empty())) continue;
    PlanEntry e;
    e.deployment = d.name;
    e.model = m.id;
    e.weights = w.path;
    e.sha256 = w.sha256;
    if (e.sha256.empty()) {
      auto read = [&](const std::string& ref) { return inputs.Read(InputRef::Parse(ref)).bytes; };
      e.signature_bundle = read(w.signature);
      if (!w.public_key.empty()) e.public_key_pem = read(w.public_key);
      for (const std::string& c : w.certificate_chain) e.certificate_chain_pem += read(c);
      e.identity = w.identity;
      e.issuer = w.identity_provider;
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
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    Location at{file, n, 1};
    if (line.size() > kMaxPlanLine) throw Error(at, "line too long");
    json j;
    try {
      j = parse::ParseJson(line, file);
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
    e.sha256 = AsciiLower(Field(j, "sha256", at));
    e.signature_bundle = Field(j, "signature_bundle", at);
    e.public_key_pem = Field(j, "public_key_pem", at);
    e.certificate_chain_pem = Field(j, "certificate_chain_pem", at);
    e.identity = Field(j, "identity", at);
    e.issuer = Field(j, "issuer", at);
    if (e.deployment.empty() || e.model.empty() || e.weights.empty()) {
      throw Error(at, "a plan line needs 'deployment', 'model' and 'weights'");
    }
    if (e.sha256.empty() == e.signature_bundle.empty()) {
      throw Error(at, "a plan line needs exactly one of 'sha256' and 'signature_bundle'");
    }
    if (!e.signature_bundle.empty() &&
        (!e.public_key_pem.empty()) + (!e.certificate_chain_pem.empty()) + (!e.identity.empty()) != 1) {
      throw Error(at, "a signature needs exactly one of 'public_key_pem', 'certificate_chain_pem' and 'identity'");
    }
    out.push_back(std::move(e));
  }
  return out;
}

bool InShard(size_t i, size_t index, size_t count) { return count > 0 && i % count == index; }

Expected<WeightsVerification> VerifyPlanEntry(const PlanEntry& e, const fs::path& base, const fs::path& scratch,
                                              oms::Device device) {
  fs::path weights = fs::path(e.weights).is_absolute() ? fs::path(e.weights) : base / e.weights;
  std::error_code ec;
  if (!fs::exists(weights, ec)) return Unexpected{"the weights are not at " + weights.string()};
  WeightsVerification v;
  v.subject_name = weights.lexically_normal().filename().string();
  if (v.subject_name.empty()) v.subject_name = weights.lexically_normal().parent_path().filename().string();
  v.resource_uri = FileResourceUri(weights);
  if (!e.sha256.empty()) {
    Expected<std::string> hex = Sha256File(weights);
    if (!hex) return Unexpected{hex.error()};
    v.method = "sha256";
    v.digest = e.sha256;
    v.passed = *hex == e.sha256;
    return v;
  }
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
  oms::VerifyResult r = oms::Verify(weights, sig, key, options);
  v.passed = r.ok;
  v.digest = !r.root_digest.empty() ? r.root_digest : SignedDigest(e.signature_bundle, e.model);
  if (v.digest.empty()) return Unexpected{"the signature names no root digest to attest"};
  return v;
}

std::string SignVsa(WeightsVerification v, const fs::path& key) {
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
  return name + ".json";
}

}  // namespace sov
