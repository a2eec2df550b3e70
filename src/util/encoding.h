#pragma once
// Hex and base64, the encodings signature files and reports use.

#include <optional>
#include <string>
#include <string_view>

namespace sov {

// Lower-case hex of raw bytes.
std::string ToHex(std::string_view bytes);
// Throws sov::Error (exit 2) naming `what` on odd length or a non-hex character.
std::string FromHex(std::string_view hex, std::string_view what);

std::string Base64Encode(std::string_view bytes);
// A SHA-256 written as 64 hexadecimal digits, in lower case; nullopt for anything else.
std::optional<std::string> Sha256HexDigits(std::string_view s);

// RFC 3986 percent-encoding: every byte but the unreserved characters (letters, digits, - . _ ~)
// and those in `keep` as %XX (upper-case hex).
std::string PercentEncode(std::string_view s, std::string_view keep);
// Standard alphabet with padding (the URL-safe one of protobuf JSON too); whitespace is not
// allowed. Throws sov::Error (exit 2) naming `what` when the text is not valid base64.
std::string Base64Decode(std::string_view text, std::string_view what);

}  // namespace sov
