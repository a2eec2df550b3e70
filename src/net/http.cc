#include "src/net/http.h"

#include <curl/curl.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

#include "src/util/error.h"
#include "src/util/handles.h"
#include "src/util/text.h"

namespace sov::net {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// What one request gave: a transport error (code != CURLE_OK) or an answer.
struct Attempt {
  CURLcode code = CURLE_OK;
  std::string error_detail;  // libcurl's error buffer
  bool too_large = false;
  HttpResponse response;
  std::string reason;        // the status line's reason phrase
  std::string redirect;      // where a 3xx answer points, absolute
};

struct Sink {
  Attempt* attempt;
  uint64_t max_bytes;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  size_t len = size * n;
  std::string& body = sink->attempt->response.body;
  if (body.size() + len > sink->max_bytes) {
    sink->attempt->too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  body.append(data, len);
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* attempt = static_cast<Attempt*>(user);
  size_t len = size * n;
  std::string line(data, len);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {  // a new answer (after 100 Continue): start over
    attempt->response.headers.clear();
    size_t sp1 = line.find(' ');
    size_t sp2 = sp1 == std::string::npos ? sp1 : line.find(' ', sp1 + 1);
    attempt->reason = sp2 == std::string::npos ? "" : line.substr(sp2 + 1);
    return len;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos || line.size() > 8192) return len;
  std::string name = AsciiLower(line.substr(0, colon));
  size_t start = line.find_first_not_of(" \t", colon + 1);
  attempt->response.headers[name] = start == std::string::npos ? "" : line.substr(start);
  return len;
}

// One easy handle per thread, reset before each request: reset keeps its connection and TLS
// session caches, so the hundreds of files a remote manifest names reuse one connection.
CURL* ThreadHandle() {
  thread_local CurlEasy handle(curl_easy_init());
  if (handle) curl_easy_reset(handle.get());
  return handle.get();
}

Attempt Perform(const std::string& url, bool head, const HttpOptions& o) {
  GlobalInit();
  Attempt a;
  CURL* c = ThreadHandle();
  if (c == nullptr) throw Error(Location{url}, "cannot start libcurl", kExitEnvironment);
  char errbuf[CURL_ERROR_SIZE] = {0};
  Sink sink{&a, o.max_bytes};
  std::string ua = UserAgent();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // followed by hand, each hop checked
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_PROXY_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_PROXY_SSL_VERIFYHOST, 2L);
  if (!o.ca_bundle.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_bundle.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o.connect_timeout_s);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, o.timeout_s);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, ua.c_str());
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_bytes));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &a);
  if (head) curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  a.code = curl_easy_perform(c);
  a.error_detail = errbuf;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.response.status);
  char* redirect = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &redirect) == CURLE_OK && redirect) {
    a.redirect = redirect;
  }
  a.response.url = url;
  return a;
}

[[noreturn]] void Fail(const std::string& url, const std::string& what) {
  throw Error(Location{url}, what, kExitEnvironment);
}

// The transport error of `a` in words.
std::string Describe(const Attempt& a, const std::string& url, const HttpOptions& o) {
  std::string detail = a.error_detail.empty() ? curl_easy_strerror(a.code) : a.error_detail;
  detail = EscapeControl(detail);
  switch (a.code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return "DNS: cannot resolve the host (" + detail + ")";
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "DNS: cannot resolve the proxy (" + detail + ")";
    case CURLE_COULDNT_CONNECT:
      return "cannot connect (" + detail + ")";
    case CURLE_OPERATION_TIMEDOUT:
      return "timed out (connect timeout " + std::to_string(o.connect_timeout_s) +
             " s, total timeout " + std::to_string(o.timeout_s) + " s; " + detail + ")";
    case CURLE_PEER_FAILED_VERIFICATION:
      return "TLS: the server's certificate is not trusted (" + detail +
             "); --ca-bundle names the CAs to trust";
    case CURLE_SSL_CACERT_BADFILE:
      return "TLS: cannot read the CA bundle '" + EscapeControl(o.ca_bundle) + "' (" + detail +
             ")";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
      return "TLS: handshake failed (" + detail + ")";
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_WRITE_ERROR:
      if (a.code == CURLE_FILESIZE_EXCEEDED || a.too_large) {
        return "the answer is larger than the size cap of " + FormatBytes(o.max_bytes) +
               " (--max-download)";
      }
      return "cannot store the answer (" + detail + ")";
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "only https is allowed (" + detail + ")";
    default:
      return "request failed (" + detail + ")";
  }
}

bool Retryable(const Attempt& a) {
  if (a.code == CURLE_OPERATION_TIMEDOUT) return true;
  return a.code == CURLE_OK && a.response.status >= 500 && a.response.status <= 599;
}

// One hop with its retries: the last attempt's result.
Attempt WithRetries(const std::string& url, bool head, const HttpOptions& o) {
  for (int attempt = 0;; ++attempt) {
    Attempt a = Perform(url, head, o);
    if (!Retryable(a) || attempt >= o.retries) return a;
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(o.backoff_ms) << attempt));
  }
}

HttpResponse Request(const std::string& first, bool head, const HttpOptions& o) {
  const char* verb = head ? "HEAD: " : "GET: ";
  std::string url = first;
  for (int hop = 0;; ++hop) {
    Attempt a = WithRetries(url, head, o);
    std::string where = verb;  // the error's location names the URL
    if (a.code != CURLE_OK) Fail(url, where + Describe(a, url, o));
    long status = a.response.status;
    bool redirect = status >= 300 && status <= 399 && !a.redirect.empty();
    if (redirect && !head) {
      std::string scheme = AsciiLower(a.redirect.substr(0, a.redirect.find(':')));
      if (scheme != "https") {
        Fail(url, where + "redirect to '" + EscapeControl(a.redirect) +
                      "' refused: never from https to " + EscapeControl(scheme));
      }
      if (hop + 1 > o.max_redirects) {
        Fail(url, where + "more than " + std::to_string(o.max_redirects) + " redirects");
      }
      url = a.redirect;
      continue;
    }
    if (status >= 200 && status <= 299) return std::move(a.response);
    if (head && status >= 300 && status <= 399) {
      a.response.location = a.redirect;
      return std::move(a.response);
    }
    std::string reason = a.reason.empty() ? "" : " " + EscapeControl(a.reason);
    std::string tries = Retryable(a) && o.retries > 0
                            ? " (after " + std::to_string(o.retries + 1) + " attempts)"
                            : "";
    Fail(url, where + "HTTP " + std::to_string(status) + reason + tries);
  }
}

}  // namespace

HttpResponse HttpGet(const std::string& url, const HttpOptions& options) {
  return Request(url, false, options);
}

HttpResponse HttpHead(const std::string& url, const HttpOptions& options) {
  return Request(url, true, options);
}

std::string UserAgent() {
  const curl_version_info_data* v = curl_version_info(CURLVERSION_NOW);
  return std::string("sovaudit/") + SOVAUDIT_VERSION + " (libcurl/" + v->version + ")";
}

std::string FormatBytes(uint64_t n) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  double v = static_cast<double>(n);
  while (v >= 1024 && u < 4 && static_cast<uint64_t>(v) % 1024 == 0) {
    v /= 1024;
    ++u;
  }
  if (u == 0) return std::to_string(n) + (n == 1 ? " byte" : " bytes");
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %s", v, units[u]);
  return buf;
}

}  // namespace sov::net
