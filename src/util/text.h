#pragma once
// Small string helpers with no domain knowledge.

#include <string>
#include <string_view>
#include <vector>

namespace sov {

// ASCII case mapping (ids, codes, hex digests); other bytes are kept as they are.
std::string AsciiLower(std::string_view s);
std::string AsciiUpper(std::string_view s);

// Levenshtein distance between a and b.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a likely typo
// (distance <= max(2, len/3)), else "".
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// For ids, which are often shortened or extended ("lioncity" for "lioncity-ai"): ClosestMatch,
// else the candidate of which `word` is a prefix or which is a prefix of `word` (both at least
// 3 characters), the nearest in length (the first of equals); "" when none.
std::string ClosestId(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" from ClosestId, or "".
std::string DidYouMeanId(std::string_view word, const std::vector<std::string>& candidates);

// Replaces control characters (and invalid UTF-8 bytes) by \xNN escapes, so text from inputs
// never drives a terminal.
std::string EscapeControl(std::string_view s);

std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// A library message without its leading "[tag] " ("[json.exception.parse_error.101] parse
// error at ..." -> "parse error at ..."); other text as it is.
std::string WithoutBracketTag(std::string message);

// The offset of the first byte of `s` that is not part of well-formed UTF-8 (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or std::string_view::npos.
size_t FirstInvalidUtf8(std::string_view s);
// The length of the well-formed UTF-8 sequence at s[i] (1 to 4), or 0 when there is none.
size_t Utf8SequenceAt(std::string_view s, size_t i);

}  // namespace sov
