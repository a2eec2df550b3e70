#pragma once
// RFC 8785 (JSON Canonicalization Scheme) for the values Rekor signs: objects, arrays, strings,
// integers, booleans and null. Members are sorted by their names' UTF-16 code units; strings are
// escaped as ECMAScript's JSON.stringify does; no whitespace.

#include <string>

#include <nlohmann/json.hpp>

namespace sov::sigstore {

// Throws sov::Error (exit 2) for a non-integral number (never part of what Rekor signs) or a
// string that is not UTF-8.
std::string CanonicalJson(const nlohmann::json& value);

}  // namespace sov::sigstore
