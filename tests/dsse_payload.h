#pragma once
// The in-toto statement inside a Sigstore bundle's DSSE envelope, decoded without sovaudit's
// own reader: what the attestation and evidence tests assert against.

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "src/util/encoding.h"
#include "tests/run_binary.h"

namespace sov::test {

inline nlohmann::json StatementIn(const nlohmann::json& bundle) {
  return nlohmann::json::parse(Base64Decode(bundle["dsseEnvelope"]["payload"].get<std::string>(), "payload"));
}

inline nlohmann::json StatementOf(const std::filesystem::path& bundle_file) {
  return StatementIn(nlohmann::json::parse(SlurpFile(bundle_file)));
}

}  // namespace sov::test
