#pragma once
// Remote input references: "https://host[:port]/path[?query][#sha256=<hex>]" (README, "Remote
// inputs"). Parsed with libcurl's URL API, so that what is checked here is what is fetched.

#include <string>

namespace sov::net {

struct RemoteRef {
  std::string url;     // normalised, without the fragment
  std::string sha256;  // the pin: 64 lower-case hex digits from "#sha256=", or ""
  std::string host;    // lower-case, for messages
};

// Throws Error (exit 2, located at `ref`) for anything but an absolute https URL with a host:
// http and other schemes, user names or passwords in the URL (they would end up in reports),
// spaces or control characters, and a fragment other than sha256=<64 hex digits>.
RemoteRef ParseRemoteRef(const std::string& ref);

// `rel`, as written in the document fetched from `base` (a URL), resolved against it as a
// browser would (RFC 3986); an absolute URL is returned as it is. The fragment of `rel` (its
// pin) is kept. Throws Error (exit 2) when the result is not a valid URL.
std::string ResolveUrl(const std::string& base, const std::string& rel);

// `url` with `suffix` appended to its path (before any query): where the detached signature
// of a remote input is looked for ("<url>.sig").
std::string AppendToPath(const std::string& url, const std::string& suffix);

}  // namespace sov::net
