// Sigstore bundle and in-toto Statement JSON for OMS (nlohmann::json).

#include "src/oms/bundle.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

#include "src/crypto/crypto.h"
#include "src/parse/json_reader.h"
#include "src/sigstore/keyless.h"
#include "src/util/text.h"
#include "src/oms/serialize.h"
#include "src/util/error.h"

namespace sov::oms {
namespace {

using nlohmann::json;
using ordered_json = nlohmann::ordered_json;
using Reader = parse::JsonReader;

uint64_t ShardSize(const json& v, const Reader& r) {
  if (v.is_number_unsigned() && v.get<uint64_t>() > 0) return v.get<uint64_t>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d >= 1 && d < 1.8e19 && std::floor(d) == d) return static_cast<uint64_t>(d);
  }
  r.Fail("predicate.serialization.shard_size is not a positive integer: " + v.dump());
}

bool BoolLike(const json& v, const Reader& r, const std::string& where) {
  if (v.is_boolean()) return v.get<bool>();
  // Some pre-1.0 writers stored it as a string.
  if (v.is_string() && (v == "true" || v == "True")) return true;
  if (v.is_string() && (v == "false" || v == "False")) return false;
  r.Fail(where + " is not a boolean");
}

void ParseV1Predicate(const json& root, const Reader& r, Statement& st) {
  const json& subjects = r.Array(root, "subject", "statement");
  if (subjects.size() != 1) r.Fail("expected exactly one subject, got " + std::to_string(subjects.size()));
  st.subject_name = r.String(subjects[0], "name", "subject[0]");
  st.subject_digest = r.String(r.Get(subjects[0], "digest", "subject[0]"), "sha256", "subject[0].digest");
  const json& predicate = r.Get(root, "predicate", "statement");
  const json& ser = r.Get(predicate, "serialization", "predicate");
  std::string method = r.String(ser, "method", "predicate.serialization");
  Manifest& m = st.manifest;
  if (method == "files") {
    m.method = SerializationOptions::kFiles;
  } else if (method == "shards") {
    m.method = SerializationOptions::kShards;
    m.shard_size = ShardSize(r.Get(ser, "shard_size", "predicate.serialization"), r);
  } else {
    r.Fail("unsupported serialization method '" + method + "' (supported: files, shards)");
  }
  m.hash_type = r.String(ser, "hash_type", "predicate.serialization");
  if (ser.contains("allow_symlinks")) {
    st.allow_symlinks = BoolLike(ser["allow_symlinks"], r, "predicate.serialization.allow_symlinks");
  }
  if (ser.contains("ignore_paths")) {
    st.has_ignore_paths = true;
    for (const json& p : r.Array(ser, "ignore_paths", "predicate.serialization")) {
      if (!p.is_string()) r.Fail("predicate.serialization.ignore_paths holds a non-string");
      st.ignore_paths.push_back(p.get<std::string>());
    }
  }
  const json& resources = r.Array(predicate, "resources", "predicate");
  for (size_t i = 0; i < resources.size(); ++i) {
    std::string where = "predicate.resources[" + std::to_string(i) + "]";
    m.resources.push_back({r.String(resources[i], "name", where),
                           r.String(resources[i], "algorithm", where),
                           r.String(resources[i], "digest", where)});
  }
}

void ParseLegacyPredicate(const json& root, const Reader& r, Statement& st) {
  st.legacy = true;
  st.manifest.method = SerializationOptions::kFiles;
  st.manifest.hash_type = "sha256";
  const json& subjects = r.Array(root, "subject", "statement");
  for (size_t i = 0; i < subjects.size(); ++i) {
    std::string where = "subject[" + std::to_string(i) + "]";
    std::string name = r.String(subjects[i], "name", where);
    std::string digest = r.String(r.Get(subjects[i], "digest", where), "sha256", where + ".digest");
    st.manifest.resources.push_back({name, "sha256", digest});
  }
}

}  // namespace

Bundle ParseBundle(std::string_view json_text, const std::string& file) {
  const Location loc{file};
  Reader r(loc, "signature bundle: ");
  json root = parse::ParseJsonAt(json_text, loc, "signature bundle: ");
  std::string media = r.String(root, "mediaType", "bundle");
  // The Sigstore bundle versions there are (v0.3 in both spellings); a later version may
  // change what the fields mean, so it is refused rather than read as if it were v0.3.
  static const char* kKnownMedia[] = {"application/vnd.dev.sigstore.bundle.v0.3+json",
                                      "application/vnd.dev.sigstore.bundle+json;version=0.3",
                                      "application/vnd.dev.sigstore.bundle+json;version=0.2",
                                      "application/vnd.dev.sigstore.bundle+json;version=0.1"};
  if (media.rfind("application/vnd.dev.sigstore.bundle", 0) != 0) {
    r.Fail("mediaType '" + media + "' is not a Sigstore bundle");
  }
  if (std::find(std::begin(kKnownMedia), std::end(kKnownMedia), media) == std::end(kKnownMedia)) {
    r.Fail("mediaType '" + media + "' is a Sigstore bundle version this tool does not know "
           "(v0.1 to v0.3)");
  }
  Bundle b;
  const json& vm = r.Get(root, "verificationMaterial", "bundle");
  if (sigstore::IsKeyless(vm)) {
    b.material = Bundle::Material::kKeyless;
    b.keyless = sigstore::ParseKeylessMaterial(vm, r);
    b.keyless.media_type = media;
  } else if (vm.contains("publicKey")) {
    const json& pk = vm["publicKey"];
    if (pk.contains("rawBytes")) {
      b.material = Bundle::Material::kKeyRawBytes;
      b.raw_public_key = r.Base64(pk, "rawBytes", "verificationMaterial.publicKey");
      if (pk.contains("keyDetails") && pk["keyDetails"].is_string()) b.key_details = pk["keyDetails"];
    } else {
      b.material = Bundle::Material::kKeyHint;
      if (pk.contains("hint")) b.key_hint = r.String(pk, "hint", "verificationMaterial.publicKey");
    }
  } else if (vm.contains("x509CertificateChain")) {
    b.material = Bundle::Material::kCertificateChain;
    const json& certs = r.Array(vm["x509CertificateChain"], "certificates",
                                "verificationMaterial.x509CertificateChain");
    if (certs.empty()) r.Fail("x509CertificateChain.certificates is empty");
    for (size_t i = 0; i < certs.size(); ++i) {
      b.certificates.push_back(
          r.Base64(certs[i], "rawBytes", "x509CertificateChain.certificates[" + std::to_string(i) + "]"));
    }
  } else {
    r.Fail("verificationMaterial has neither publicKey nor x509CertificateChain");
  }
  const json& env = r.Get(root, "dsseEnvelope", "bundle");
  b.payload_type = r.String(env, "payloadType", "dsseEnvelope");
  b.payload = r.Base64(env, "payload", "dsseEnvelope");
  const json& sigs = r.Array(env, "signatures", "dsseEnvelope");
  if (sigs.size() != 1) r.Fail("expected exactly one DSSE signature, got " + std::to_string(sigs.size()));
  b.signature = r.Base64(sigs[0], "sig", "dsseEnvelope.signatures[0]");
  return b;
}

std::string BundleJson(const Bundle& b) {
  ordered_json vm = ordered_json::object();
  switch (b.material) {
    case Bundle::Material::kKeyHint:
      vm["publicKey"] = {{"hint", b.key_hint}};
      break;
    case Bundle::Material::kKeyRawBytes:
      vm["publicKey"] = {{"rawBytes", Base64Encode(b.raw_public_key)}, {"keyDetails", b.key_details}};
      break;
    case Bundle::Material::kKeyless:
      throw Error("keyless bundles are verified, not written, by this tool");
    case Bundle::Material::kCertificateChain: {
      ordered_json certs = ordered_json::array();
      for (const std::string& der : b.certificates) {
        ordered_json cert = ordered_json::object();
        cert["rawBytes"] = Base64Encode(der);
        certs.push_back(std::move(cert));
      }
      vm["x509CertificateChain"] = {{"certificates", certs}};
      break;
    }
  }
  vm["tlogEntries"] = ordered_json::array();
  ordered_json sig = ordered_json::object();
  sig["sig"] = Base64Encode(b.signature);
  sig["keyid"] = "";
  ordered_json root;
  root["mediaType"] = std::string(kBundleMediaType);
  root["verificationMaterial"] = vm;
  ordered_json env = ordered_json::object();
  env["payload"] = Base64Encode(b.payload);
  env["payloadType"] = b.payload_type;
  env["signatures"] = ordered_json::array();
  env["signatures"].push_back(std::move(sig));
  root["dsseEnvelope"] = std::move(env);
  return root.dump();
}

Statement ParseStatement(std::string_view payload) {
  Reader r(Location{}, "signed payload: ");
  json root = parse::ParseJsonAt(payload, Location{}, "signed payload: ");
  std::string type = r.String(root, "_type", "statement");
  if (type != kStatementType) r.Fail("_type is '" + type + "', expected " + std::string(kStatementType));
  Statement st;
  st.predicate_type = r.String(root, "predicateType", "statement");
  if (st.predicate_type == kPredicateType) {
    ParseV1Predicate(root, r, st);
  } else if (st.predicate_type == kLegacyPredicateType) {
    ParseLegacyPredicate(root, r, st);
  } else {
    r.Fail("unsupported predicateType '" + st.predicate_type + "'");
  }
  const bool sharded = st.manifest.method == SerializationOptions::kShards;
  std::set<std::string> seen;
  for (const Resource& res : st.manifest.resources) {
    try {
      ParseResourceName(res.name, sharded, sharded ? st.manifest.shard_size : 0);
      FromHex(res.digest, "resource '" + res.name + "'");
    } catch (const Error& e) {
      r.Fail(e.what());
    }
    if (!seen.insert(res.name).second) r.Fail("resource '" + res.name + "' is listed twice");
  }
  return st;
}

std::string StatementJson(const std::string& subject_name, const Manifest& manifest,
                          const std::vector<std::string>& ignore_paths, bool allow_symlinks) {
  ordered_json ser;
  ser["method"] = manifest.method == SerializationOptions::kShards ? "shards" : "files";
  ser["hash_type"] = manifest.hash_type;
  if (manifest.method == SerializationOptions::kShards) ser["shard_size"] = manifest.shard_size;
  ser["allow_symlinks"] = allow_symlinks;
  ser["ignore_paths"] = ignore_paths;
  ordered_json resources = ordered_json::array();
  for (const Resource& res : manifest.resources) {
    ordered_json item = ordered_json::object();
    item["name"] = res.name;
    item["algorithm"] = res.algorithm;
    item["digest"] = res.digest;
    resources.push_back(std::move(item));
  }
  ordered_json root;
  root["_type"] = std::string(kStatementType);
  ordered_json subject = ordered_json::object();
  subject["name"] = subject_name;
  subject["digest"] = ordered_json::object();
  subject["digest"]["sha256"] = RootDigest(manifest);
  root["subject"] = ordered_json::array();
  root["subject"].push_back(std::move(subject));
  root["predicateType"] = std::string(kPredicateType);
  root["predicate"] = ordered_json::object();
  root["predicate"]["serialization"] = std::move(ser);
  root["predicate"]["resources"] = std::move(resources);
  return root.dump(2, ' ', /*ensure_ascii=*/true);
}

}  // namespace sov::oms
