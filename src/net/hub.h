#pragma once
// The hub check (weights.source): a model hub that serves a file at
// https://<host>/<repo>/resolve/<revision>/<file> announces its SHA-256 in the X-Linked-Etag
// header of the answer to a HEAD request, as Hugging Face and its mirrors do for files stored
// in LFS. The first answer (often a redirect to a CDN) is the one read; redirects are not
// followed, except to the same hub (a repository that was renamed).

#include <optional>
#include <string>

#include "src/net/http.h"

namespace sov::net {

// True when `url` is an https URL whose path holds "/resolve/<revision>/<file>".
bool IsHubResolveUrl(const std::string& url);

// The digest `url` announces, lower-case hex; nullopt when the answer has no X-Linked-Etag or
// it is not a SHA-256 (a file the hub does not keep in LFS). Throws Error (exit 4) for network
// failures and 4xx/5xx answers, as HttpHead.
std::optional<std::string> AnnouncedSha256(const std::string& url, const HttpOptions& options);

}  // namespace sov::net
