#pragma once
// HTTPS requests through libcurl, the one place sovaudit opens sockets. Every request: https
// only (also after redirects, which are followed here, at most five, never to http), TLS peer
// and host verification always on (the system's CA store, or --ca-bundle), proxy variables
// honoured as libcurl reads them (https_proxy, HTTPS_PROXY, all_proxy, no_proxy), a connect
// and a total timeout, a size cap, retries with exponential backoff on 5xx answers and
// timeouts only, and the User-Agent "sovaudit/<version>".

#include <cstdint>
#include <map>
#include <string>

namespace sov::net {

struct HttpOptions {
  std::string ca_bundle;         // PEM file of trusted CAs; "" for the system store
  long connect_timeout_s = 10;   // --connect-timeout
  long timeout_s = 120;          // --timeout: the whole request, per attempt
  uint64_t max_bytes = 64ull << 20;  // --max-download: a larger body is an error
  int retries = 2;               // --retries: attempts after the first (5xx, timeouts)
  int backoff_ms = 500;          // before retry k: backoff_ms * 2^k
  int max_redirects = 5;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-case; the last value wins
  std::string url;                              // after redirects
  std::string location;                         // a 3xx answer's target, absolute, or ""
};

// GET `url`, following redirects. A 2xx answer is returned; everything else throws Error with
// exit 4 saying what failed: "DNS", "TLS", "HTTP <status>", "timed out", "larger than", a
// refused redirect. Location of the error: `url`.
HttpResponse HttpGet(const std::string& url, const HttpOptions& options);

// HEAD `url` without following redirects: the first answer (2xx or 3xx) is returned, with its
// headers; 4xx and 5xx (after retries) throw as HttpGet.
HttpResponse HttpHead(const std::string& url, const HttpOptions& options);

// "sovaudit/<version> (libcurl/<version>)".
std::string UserAgent();

// "64 MiB", "3 KiB", "1000 bytes": the largest unit that divides n exactly.
std::string FormatBytes(uint64_t n);

}  // namespace sov::net
