#pragma once
// A real HTTPS (or plain HTTP) server on 127.0.0.1 for the remote-input tests, run on a thread
// of the test process: it serves each connection on a thread of its own, answers its one request
// with what the test's handler returns (called from those threads), and counts connections, so that a test can prove that none was made.
// Its certificate comes from a throwaway CA made with the openssl command (MakeTestPki).

#include <openssl/ssl.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace sov::test {

struct HttpRequest {
  std::string method, target;
  std::map<std::string, std::string> headers;  // names lower-case
};

struct HttpReply {
  int status = 200;
  std::string reason = "OK";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int delay_ms = 0;                // wait before answering
  bool content_length = true;      // false: the body ends when the connection closes
};

using Handler = std::function<HttpReply(const HttpRequest&)>;

// A CA, a certificate for 127.0.0.1 and localhost signed by it (with its key), and a second CA
// that signed nothing. Empty `ca` when the openssl command failed (see `log`).
struct TestPki {
  std::filesystem::path ca, other_ca, cert, key;
  std::string log;
};
TestPki MakeTestPki(const std::filesystem::path& dir);

class TestServer {
 public:
  // TLS with pki's certificate, or plain HTTP when pki is null.
  TestServer(Handler handler, const TestPki* pki);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  bool ok() const { return listen_fd_ >= 0; }
  int port() const { return port_; }
  // "https://127.0.0.1:<port><path>" (http:// for a plain server).
  std::string Url(const std::string& path) const;
  int connections() const { return connections_.load(); }
  std::vector<HttpRequest> requests() const;

 private:
  void Loop();
  void Serve(int fd);

  Handler handler_;
  SSL_CTX* ctx_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mu_;
  std::vector<HttpRequest> requests_;
  std::thread thread_;
};

// A TCP listener that records the first line each client sends (a proxy's CONNECT request),
// answers "HTTP/1.1 403 Forbidden" and closes.
class TestProxy {
 public:
  TestProxy();
  ~TestProxy();
  int port() const { return port_; }
  std::vector<std::string> lines() const;

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
  std::thread thread_;
};

}  // namespace sov::test
