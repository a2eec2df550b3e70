#include "tests/https_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace sov::test {
namespace {

int Listen(int* port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

// Waits for a connection; -1 when asked to stop.
int AcceptOrStop(int listen_fd, const std::atomic<bool>& stop) {
  while (!stop.load()) {
    pollfd p{listen_fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) return fd;
  }
  return -1;
}

void SetTimeouts(int fd) {
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// Reads from `read` until the end of the request head; false on EOF or error.
template <typename Read>
bool ReadHead(Read read, std::string* head) {
  char buf[4096];
  while (head->find("\r\n\r\n") == std::string::npos) {
    if (head->size() > (64u << 10)) return false;
    int n = read(buf, static_cast<int>(sizeof buf));
    if (n <= 0) return false;
    head->append(buf, static_cast<size_t>(n));
  }
  return true;
}

HttpRequest ParseHead(const std::string& head) {
  HttpRequest r;
  std::istringstream in(head);
  std::string line;
  std::getline(in, line);
  std::istringstream first(line);
  first >> r.method >> r.target;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t v = line.find_first_not_of(' ', colon + 1);
    r.headers[name] = v == std::string::npos ? "" : line.substr(v);
  }
  return r;
}

int Run(const std::string& cmd, std::string* log) {
  int rc = std::system((cmd + " >>" + "/dev/null 2>&1").c_str());
  if (rc != 0) *log += "failed: " + cmd + "\n";
  return rc;
}

}  // namespace

TestPki MakeTestPki(const fs::path& dir) {
  TestPki pki;
  fs::create_directories(dir);
  const std::string d = dir.string();
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes ";
  {
    std::ofstream ext(dir / "server.ext");
    ext << "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
           "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n";
  }
  std::string ca_ext = " -addext basicConstraints=critical,CA:TRUE"
                       " -addext keyUsage=critical,keyCertSign,cRLSign";
  bool ok =
      Run("openssl req -x509" + ec + "-keyout " + d + "/ca.key -out " + d + "/ca.pem -days 2" +
              " -subj '/CN=sovaudit test CA'" + ca_ext, &pki.log) == 0 &&
      Run("openssl req -x509" + ec + "-keyout " + d + "/other.key -out " + d +
              "/other-ca.pem -days 2 -subj '/CN=unrelated test CA'" + ca_ext, &pki.log) == 0 &&
      Run("openssl req" + ec + "-keyout " + d + "/server.key -out " + d +
              "/server.csr -subj /CN=127.0.0.1", &pki.log) == 0 &&
      Run("openssl x509 -req -in " + d + "/server.csr -CA " + d + "/ca.pem -CAkey " + d +
              "/ca.key -CAcreateserial -out " + d + "/server.pem -days 2 -extfile " + d +
              "/server.ext", &pki.log) == 0;
  if (!ok) return pki;
  pki.ca = dir / "ca.pem";
  pki.other_ca = dir / "other-ca.pem";
  pki.cert = dir / "server.pem";
  pki.key = dir / "server.key";
  return pki;
}

TestServer::TestServer(Handler handler, const TestPki* pki) : handler_(std::move(handler)) {
  signal(SIGPIPE, SIG_IGN);  // a client that gave up must not kill the test
  if (pki != nullptr) {
    ctx_ = SSL_CTX_new(TLS_server_method());
    if (ctx_ == nullptr ||
        SSL_CTX_use_certificate_chain_file(ctx_, pki->cert.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx_, pki->key.c_str(), SSL_FILETYPE_PEM) != 1) {
      return;
    }
  }
  listen_fd_ = Listen(&port_);
  if (listen_fd_ >= 0) thread_ = std::thread([this] { Loop(); });
}

TestServer::~TestServer() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  if (ctx_ != nullptr) SSL_CTX_free(ctx_);
}

std::string TestServer::Url(const std::string& path) const {
  return std::string(ctx_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<HttpRequest> TestServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

void TestServer::Loop() {
  std::vector<std::thread> workers;  // one per connection: a slow answer does not hold others
  for (;;) {
    int fd = AcceptOrStop(listen_fd_, stop_);
    if (fd < 0) break;
    connections_.fetch_add(1);
    SetTimeouts(fd);
    workers.emplace_back([this, fd] {
      Serve(fd);
      ::close(fd);
    });
  }
  for (std::thread& t : workers) t.join();
}

void TestServer::Serve(int fd) {
  SSL* ssl = nullptr;
  if (ctx_ != nullptr) {
    ssl = SSL_new(ctx_);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {  // e.g. the client does not trust the certificate
      SSL_free(ssl);
      ERR_clear_error();
      return;
    }
  }
  auto read = [&](char* buf, int n) {
    return ssl ? SSL_read(ssl, buf, n) : static_cast<int>(::read(fd, buf, static_cast<size_t>(n)));
  };
  auto write_all = [&](const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      int chunk = static_cast<int>(std::min<size_t>(data.size() - done, 1 << 16));
      int n = ssl ? SSL_write(ssl, data.data() + done, chunk)
                  : static_cast<int>(::write(fd, data.data() + done, static_cast<size_t>(chunk)));
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  };
  std::string head;
  if (ReadHead(read, &head)) {
    HttpRequest req = ParseHead(head);
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(req);
    }
    HttpReply reply = handler_(req);
    for (int waited = 0; waited < reply.delay_ms && !stop_.load(); waited += 20) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::string out = "HTTP/1.1 " + std::to_string(reply.status) + " " + reply.reason + "\r\n";
    if (reply.content_length) out += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
    out += "Connection: close\r\n";
    for (const auto& [name, value] : reply.headers) out += name + ": " + value + "\r\n";
    out += "\r\n";
    if (req.method != "HEAD") out += reply.body;
    if (!stop_.load()) write_all(out);
  }
  if (ssl != nullptr) {
    SSL_shutdown(ssl);
    SSL_free(ssl);
    ERR_clear_error();
  }
}

TestProxy::TestProxy() {
  listen_fd_ = Listen(&port_);
  if (listen_fd_ < 0) return;
  thread_ = std::thread([this] {
    for (;;) {
      int fd = AcceptOrStop(listen_fd_, stop_);
      if (fd < 0) return;
      SetTimeouts(fd);
      std::string head;
      auto read = [fd](char* buf, int n) {
        return static_cast<int>(::read(fd, buf, static_cast<size_t>(n)));
      };
      ReadHead(read, &head);
      {
        std::lock_guard<std::mutex> lock(mu_);
        lines_.push_back(head.substr(0, head.find("\r\n")));
      }
      std::string no = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      ssize_t ignored = ::write(fd, no.data(), no.size());
      (void)ignored;
      ::close(fd);
    }
  });
}

TestProxy::~TestProxy() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

std::vector<std::string> TestProxy::lines() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lines_;
}

}  // namespace sov::test
