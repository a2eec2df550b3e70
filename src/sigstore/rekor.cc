// Rekor entries: the body against the envelope (dsse 0.0.1, intoto 0.0.2, hashedrekord 0.0.2),
// the SET, the RFC 6962 inclusion proof and the signed checkpoint (a C2SP signed note).

#include <openssl/pem.h>

#include "src/crypto/crypto.h"
#include "src/sigstore/canonical_json.h"
#include "src/sigstore/checks.h"
#include "src/sigstore/merkle.h"
#include "src/util/error.h"

namespace sov::sigstore {
namespace {

using nlohmann::json;

// The PEM text of a DER certificate, as Rekor v1 records verifiers (base64 of this text).
std::string CertificatePem(std::string_view der) {
  X509Ptr cert = ParseCertificateDer(der, "signing certificate");
  Bio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), cert.get());
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

// A member by path, or nullptr when some step is missing or not an object.
const json* At(const json& root, std::initializer_list<const char*> path) {
  const json* v = &root;
  for (const char* k : path) {
    if (!v->is_object()) return nullptr;
    auto it = v->find(k);
    if (it == v->end()) return nullptr;
    v = &*it;
  }
  return v;
}

std::string StringAt(const json& root, std::initializer_list<const char*> path) {
  const json* v = At(root, path);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

// A verifier recorded as base64 of PEM (Rekor v1) matches the leaf when it decodes to the
// same certificate.
bool SameCertificate(const std::string& recorded_b64, std::string_view leaf_der) {
  std::string pem;
  try {
    pem = Base64Decode(recorded_b64, "verifier");
  } catch (const Error&) {
    return false;
  }
  return pem == CertificatePem(leaf_der);
}

// A signature recorded in a body: base64 of the raw signature, or (intoto 0.0.2, which
// base64-encodes the envelope's base64 text once more) base64 of its base64.
bool SameSignature(const std::string& recorded, std::string_view signature) {
  std::string once = Base64Encode(signature);
  return recorded == once || recorded == Base64Encode(once);
}

std::string CheckDsse001(const json& spec, std::string_view payload, std::string_view signature,
                         std::string_view leaf_der) {
  if (StringAt(spec, {"payloadHash", "algorithm"}) != "sha256") return "the body's payloadHash is not sha256";
  std::string want = ToHex(Sha256Raw(payload));
  if (StringAt(spec, {"payloadHash", "value"}) != want) {
    return "the body's payloadHash " + StringAt(spec, {"payloadHash", "value"}) +
           " is not the SHA-256 of the envelope's payload (" + want + ")";
  }
  const json* sigs = At(spec, {"signatures"});
  if (!sigs || !sigs->is_array() || sigs->size() != 1) return "the body does not record exactly one signature";
  if (!SameSignature(StringAt((*sigs)[0], {"signature"}), signature)) {
    return "the body records another signature than the envelope's";
  }
  if (!SameCertificate(StringAt((*sigs)[0], {"verifier"}), leaf_der)) {
    return "the body records another verifier than the bundle's certificate";
  }
  return "";
}

std::string CheckIntoto002(const json& spec, std::string_view payload, std::string_view signature,
                           std::string_view leaf_der) {
  const json* content = At(spec, {"content"});
  if (!content) return "the body has no spec.content";
  if (StringAt(*content, {"payloadHash", "algorithm"}) != "sha256") return "the body's payloadHash is not sha256";
  std::string want = ToHex(Sha256Raw(payload));
  if (StringAt(*content, {"payloadHash", "value"}) != want) {
    return "the body's payloadHash " + StringAt(*content, {"payloadHash", "value"}) +
           " is not the SHA-256 of the envelope's payload (" + want + ")";
  }
  const json* sigs = At(*content, {"envelope", "signatures"});
  if (!sigs || !sigs->is_array() || sigs->size() != 1) return "the body does not record exactly one signature";
  if (!SameSignature(StringAt((*sigs)[0], {"sig"}), signature)) {
    return "the body records another signature than the envelope's";
  }
  if (!SameCertificate(StringAt((*sigs)[0], {"publicKey"}), leaf_der)) {
    return "the body records another verifier than the bundle's certificate";
  }
  return "";
}

std::string CheckHashedRekord002(const json& spec, std::string_view payload_type,
                                 std::string_view payload, std::string_view signature,
                                 std::string_view leaf_der) {
  const json* hr = At(spec, {"hashedRekordV002"});
  if (!hr) return "the body has no spec.hashedRekordV002";
  std::string alg = StringAt(*hr, {"data", "algorithm"});
  std::string pae = Pae(payload_type, payload);
  std::string digest;
  if (alg == "SHA2_256") {
    digest = Sha256Raw(pae);
  } else if (alg == "SHA2_384" || alg == "SHA2_512") {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(pae.data(), pae.size(), md, &n, alg == "SHA2_384" ? EVP_sha384() : EVP_sha512(), nullptr);
    digest.assign(reinterpret_cast<char*>(md), n);
  } else {
    return "the body's data.algorithm '" + alg + "' is not SHA2_256, SHA2_384 or SHA2_512";
  }
  if (StringAt(*hr, {"data", "digest"}) != Base64Encode(digest)) {
    return "the body's data.digest is not the " + alg + " digest of the envelope's PAE";
  }
  if (StringAt(*hr, {"signature", "content"}) != Base64Encode(signature)) {
    return "the body records another signature than the envelope's";
  }
  if (StringAt(*hr, {"signature", "verifier", "x509Certificate", "rawBytes"}) != Base64Encode(leaf_der)) {
    return "the body records another verifier than the bundle's certificate";
  }
  return "";
}

struct Note {
  std::string text;  // the signed bytes: everything before the blank line, newline included
  struct Line {
    std::string name, hint, sig;
  };
  std::vector<Line> sigs;
};

// Parses a C2SP signed note; "" or why.
std::string ParseNote(std::string_view env, Note* note) {
  size_t split = env.find("\n\n");
  if (split == std::string_view::npos) return "the checkpoint has no blank line before its signatures";
  note->text = std::string(env.substr(0, split + 1));
  std::string_view rest = env.substr(split + 2);
  static constexpr std::string_view kDash = "\xE2\x80\x94 ";  // em dash and a space
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) return "the checkpoint's last signature line has no newline";
    std::string_view line = rest.substr(0, nl);
    rest = rest.substr(nl + 1);
    if (line.substr(0, kDash.size()) != kDash) return "a checkpoint signature line does not start with an em dash";
    line.remove_prefix(kDash.size());
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos || sp == 0) return "a checkpoint signature line has no name";
    std::string raw;
    try {
      raw = Base64Decode(line.substr(sp + 1), "checkpoint signature");
    } catch (const Error&) {
      return "a checkpoint signature is not base64";
    }
    if (raw.size() < 5) return "a checkpoint signature is shorter than 5 bytes";
    note->sigs.push_back({std::string(line.substr(0, sp)), raw.substr(0, 4), raw.substr(4)});
  }
  if (note->sigs.empty()) return "the checkpoint has no signature";
  return "";
}

}  // namespace

const LogKey* FindLog(const std::vector<LogKey>& logs, std::string_view key_id) {
  for (const LogKey& l : logs) {
    if (l.key_id == key_id) return &l;
  }
  return nullptr;
}

std::string CheckEntryBody(const TlogEntry& e, std::string_view payload_type,
                           std::string_view payload, std::string_view signature,
                           std::string_view leaf_der) {
  json body;
  try {
    body = json::parse(e.body);
  } catch (const json::exception&) {
    return "the canonicalized body is not JSON";
  }
  if (!body.is_object()) return "the canonicalized body is not a JSON object";
  std::string kind = StringAt(body, {"kind"}), version = StringAt(body, {"apiVersion"});
  if (kind != e.kind || version != e.version) {
    return "the body is " + kind + " " + version + " but the entry says " + e.kind + " " + e.version;
  }
  const json* spec = At(body, {"spec"});
  if (!spec || !spec->is_object()) return "the body has no spec";
  if (kind == "dsse" && version == "0.0.1") return CheckDsse001(*spec, payload, signature, leaf_der);
  if (kind == "intoto" && version == "0.0.2") return CheckIntoto002(*spec, payload, signature, leaf_der);
  if (kind == "hashedrekord" && version == "0.0.2") {
    return CheckHashedRekord002(*spec, payload_type, payload, signature, leaf_der);
  }
  return "unsupported entry kind " + kind + " " + version +
         " for a DSSE envelope (supported: dsse 0.0.1, intoto 0.0.2, hashedrekord 0.0.2)";
}

std::string CheckSet(const TlogEntry& e, const LogKey& log) {
  json promise = {{"body", e.body_base64},
                  {"integratedTime", e.integrated_time},
                  {"logID", ToHex(e.log_key_id)},
                  {"logIndex", e.log_index}};
  Pkey key = ParseSpki(log.public_key);
  if (!key) return "the log's public key in the trusted root cannot be read";
  if (!VerifyWithKey(key.get(), CanonicalJson(promise), e.set)) {
    return "the signed entry timestamp does not verify with the log's key over body, integratedTime " +
           std::to_string(e.integrated_time) + " and logIndex " + std::to_string(e.log_index);
  }
  return "";
}

std::string CheckInclusionProof(const TlogEntry& e) {
  std::string why;
  std::string root = RootFromInclusionProof(static_cast<uint64_t>(e.proof_log_index),
                                            static_cast<uint64_t>(e.tree_size), LeafHash(e.body),
                                            e.hashes, &why);
  if (root.empty()) return why;
  if (root != e.root_hash) {
    return "the proof leads to root " + ToHex(root) + ", not the entry's rootHash " + ToHex(e.root_hash);
  }
  return "";
}

std::string CheckCheckpoint(const TlogEntry& e, const LogKey& log) {
  Note note;
  if (std::string why = ParseNote(e.checkpoint, &note); !why.empty()) return why;
  // origin \n size \n base64 root \n [other lines]
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = note.text.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(note.text.substr(start, nl - start));
  }
  if (lines.size() < 3 || lines[0].empty()) return "the checkpoint does not have origin, size and root lines";
  if (lines[1] != std::to_string(e.tree_size)) {
    return "the checkpoint's tree size " + lines[1] + " is not the proof's " + std::to_string(e.tree_size);
  }
  std::string root;
  try {
    root = Base64Decode(lines[2], "checkpoint root hash");
  } catch (const Error&) {
    return "the checkpoint's root hash is not base64";
  }
  if (root != e.root_hash) return "the checkpoint's root hash is not the proof's rootHash";
  Pkey key = ParseSpki(log.public_key);
  if (!key) return "the log's public key in the trusted root cannot be read";
  std::string_view hint = std::string_view(log.key_id).substr(0, 4);
  // Every line with the log's key hint is tried: a witness whose hint collides cannot hide it.
  std::string failed;
  for (const Note::Line& s : note.sigs) {
    if (s.hint != hint) continue;  // witnesses and other logs
    if (VerifyWithKey(key.get(), note.text, s.sig)) return "";
    failed = s.name;
  }
  if (!failed.empty()) return "the checkpoint signature by " + failed + " does not verify with the log's key";
  return "the checkpoint carries no signature by the log (key hint " + ToHex(hint) + ")";
}

}  // namespace sov::sigstore
