#pragma once
// The audit attestation (spec/evidence.md): an in-toto Statement v1 whose subjects are the JSON
// report of a run, every input it read and every model whose weights it verified, and whose
// predicate is what the run found, signed as a DSSE envelope in a Sigstore bundle v0.3 with the
// keys and certificate chains of OMS signing (src/oms). Anyone holding the public key (or the
// chain's anchors) can tell that a report, and the inputs named in it, are the ones sovaudit
// produced and read, under the policy recorded.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/oms/oms.h"
#include "src/report/report.h"

namespace sov {

// The predicateType of sovaudit's audit attestation, version 1.
inline constexpr const char* kAuditPredicateType = "https://sovaudit.dev/attestation/audit/v1";

// One subject of a statement: its name and the hex SHA-256 of its bytes.
struct AttestationSubject {
  std::string name;
  std::string sha256;
};

// The statement for `report`, whose JSON rendering was written to a file called `report_name`
// (its file name only) with SHA-256 `report_sha256` (hex). Subjects: the report first, then
// every input (name as in the report's `inputs`), then every verified model
// (`models/<deployment>/<id>`, the digest its pin covers). Compact JSON, sorted keys.
std::string AuditStatementJson(const Report& report, const std::string& report_name,
                               const std::string& report_sha256);

// An audit attestation read back and checked.
struct AuditAttestation {
  oms::VerifyResult signature;  // ok when the DSSE signature verifies under the given key
  std::vector<AttestationSubject> subjects;  // in statement order; the report first
  std::string report_name;                   // the predicate's report.name
  nlohmann::json predicate;
};

// Verifies the signature of the attestation at `path` with `key`, then reads its statement.
// Throws Error (exit 2, at `path`) for a malformed bundle or statement, or one that is not an
// audit attestation of a version this sovaudit reads. A signature that does not verify is
// returned with signature.ok false (statement fields empty): nothing unsigned is read.
AuditAttestation ReadAuditAttestation(const std::filesystem::path& path, const oms::VerifyKey& key);

// The subject named `name`, or nullptr.
const AttestationSubject* FindSubject(const AuditAttestation& a, const std::string& name);

}  // namespace sov
