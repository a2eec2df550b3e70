// An LD_PRELOAD shim for tests/no_network/no_socket.sh: any attempt to open a socket or resolve
// a name ends the process at once with exit status 99 and a line on stderr, so a test can tell
// "opened no socket" from "failed for another reason". Not part of the product.
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace {

[[noreturn]] void Caught(const char* what) {
  const char prefix[] = "no_socket: the process called ";
  (void)!write(2, prefix, sizeof prefix - 1);
  (void)!write(2, what, std::strlen(what));
  (void)!write(2, "\n", 1);
  _exit(99);
}

}  // namespace

extern "C" {

int socket(int, int, int) { Caught("socket()"); }
int socketpair(int, int, int, int*) { Caught("socketpair()"); }
int connect(int, const struct sockaddr*, socklen_t) { Caught("connect()"); }
int getaddrinfo(const char*, const char*, const struct addrinfo*, struct addrinfo**) {
  Caught("getaddrinfo()");
}
struct hostent* gethostbyname(const char*) { Caught("gethostbyname()"); }

}  // extern "C"
