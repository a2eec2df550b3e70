#include "src/net/url.h"

#include <curl/curl.h>

#include <cctype>
#include <memory>

#include "src/util/error.h"
#include "src/util/handles.h"
#include "src/util/text.h"
#include "src/util/encoding.h"

namespace sov::net {
namespace {

using UrlHandle = CurlUrl;

struct CurlString {
  char* s = nullptr;
  ~CurlString() { curl_free(s); }
};

// One part of the URL, or "" when it has none.
std::string Part(CURLU* u, CURLUPart part) {
  CurlString out;
  if (curl_url_get(u, part, &out.s, 0) != CURLUE_OK || out.s == nullptr) return "";
  return out.s;
}

[[noreturn]] void Bad(const std::string& ref, const std::string& why) {
  throw Error(Location{ref}, "remote input '" + EscapeControl(ref) + "': " + why);
}

UrlHandle Parse(const std::string& ref) {
  for (unsigned char c : ref) {
    if (c <= ' ' || c == 0x7f) Bad(ref, "a URL may not hold spaces or control characters");
  }
  UrlHandle u(curl_url());
  if (!u) throw Error(Location{ref}, "out of memory", kExitEnvironment);
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, ref.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK) Bad(ref, std::string("not a valid URL (") + curl_url_strerror(rc) + ")");
  return u;
}

}  // namespace

RemoteRef ParseRemoteRef(const std::string& ref) {
  UrlHandle u = Parse(ref);
  std::string scheme = Part(u.get(), CURLUPART_SCHEME);
  scheme = AsciiLower(scheme);
  if (scheme != "https") {
    Bad(ref, "only https:// URLs are fetched (plain " + scheme +
                 " could be altered on the way without anyone noticing)");
  }
  if (!Part(u.get(), CURLUPART_USER).empty() || !Part(u.get(), CURLUPART_PASSWORD).empty()) {
    Bad(ref, "credentials in a URL are refused: they would be copied into reports");
  }
  RemoteRef out;
  out.host = Part(u.get(), CURLUPART_HOST);
  if (out.host.empty()) Bad(ref, "the URL names no host");
  out.host = AsciiLower(out.host);
  curl_url_set(u.get(), CURLUPART_HOST, out.host.c_str(), 0);  // one spelling per server
  std::string fragment = Part(u.get(), CURLUPART_FRAGMENT);
  if (!fragment.empty()) {
    const std::string key = "sha256=";
    std::optional<std::string> hex =
        fragment.rfind(key, 0) == 0 ? Sha256HexDigits(fragment.substr(key.size())) : std::nullopt;
    if (!hex) {
      Bad(ref, "the only fragment understood is the pin '#sha256=<64 hexadecimal digits>', not '#" +
                   EscapeControl(fragment) + "'");
    }
    out.sha256 = *hex;
    curl_url_set(u.get(), CURLUPART_FRAGMENT, nullptr, 0);
  }
  out.url = Part(u.get(), CURLUPART_URL);
  return out;
}

std::string ResolveUrl(const std::string& base, const std::string& rel) {
  if (rel.find("://") != std::string::npos) return rel;
  UrlHandle u = Parse(base);
  curl_url_set(u.get(), CURLUPART_FRAGMENT, nullptr, 0);
  for (unsigned char c : rel) {
    if (c < ' ' || c == 0x7f) Bad(rel, "a URL may not hold control characters");
  }
  CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, rel.c_str(), 0);
  if (rc != CURLUE_OK) {
    Bad(rel, "cannot be resolved against '" + EscapeControl(base) + "' (" +
                 curl_url_strerror(rc) + ")");
  }
  return Part(u.get(), CURLUPART_URL);
}

std::string AppendToPath(const std::string& url, const std::string& suffix) {
  UrlHandle u = Parse(url);
  std::string path = Part(u.get(), CURLUPART_PATH) + suffix;
  curl_url_set(u.get(), CURLUPART_PATH, path.c_str(), 0);
  curl_url_set(u.get(), CURLUPART_FRAGMENT, nullptr, 0);
  return Part(u.get(), CURLUPART_URL);
}

}  // namespace sov::net
