#pragma once
// What every attestation sovaudit writes shares: an in-toto Statement v1 as a DSSE payload.

namespace sov {

inline constexpr const char* kStatementType = "https://in-toto.io/Statement/v1";
inline constexpr const char* kInTotoPayloadType = "application/vnd.in-toto+json";

}  // namespace sov
