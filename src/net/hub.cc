#include "src/net/hub.h"

#include <cctype>

#include "src/net/url.h"
#include "src/util/error.h"
#include "src/util/encoding.h"

namespace sov::net {

bool IsHubResolveUrl(const std::string& url) {
  if (url.rfind("https://", 0) != 0) return false;
  size_t host_end = url.find('/', 8);
  if (host_end == std::string::npos) return false;
  std::string path = url.substr(host_end, url.find_first_of("?#", host_end) - host_end);
  size_t at = path.find("/resolve/");
  if (at == std::string::npos || at == 0) return false;
  std::string rest = path.substr(at + 9);  // <revision>/<file...>
  size_t slash = rest.find('/');
  return slash != std::string::npos && slash > 0 && slash + 1 < rest.size() &&
         rest.back() != '/';
}

namespace {

// The host of a URL, through the same parser as every remote input; "" for a bad URL.
std::string HostOf(const std::string& url) {
  try {
    return ParseRemoteRef(url).host;
  } catch (const Error&) {
    return "";
  }
}

}  // namespace

std::optional<std::string> AnnouncedSha256(const std::string& url, const HttpOptions& options) {
  HttpResponse r = HttpHead(url, options);
  // A renamed repository first redirects to its new name on the same hub, without the header:
  // follow such hops (https, same host, at most max_redirects), never the one to a CDN.
  for (int hop = 0; !r.headers.count("x-linked-etag") && !r.location.empty() &&
                    r.location.rfind("https://", 0) == 0 && !HostOf(url).empty() && HostOf(r.location) == HostOf(url) &&
                    hop < options.max_redirects;
       ++hop) {
    r = HttpHead(r.location, options);
  }
  auto it = r.headers.find("x-linked-etag");
  if (it == r.headers.end()) return std::nullopt;
  std::string v = it->second;
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return Sha256HexDigits(v);
}

}  // namespace sov::net
