// RemoteInputs fetches different inputs at the same time (no lock held across a download) and
// each input once: the server's handler for /a waits until a request for /b has arrived, which
// only a client fetching both at once can satisfy; then many threads asking for one input make
// one request.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "src/net/remote_inputs.h"
#include "tests/remote_fixture.h"

namespace sov::test {
namespace {

class RemoteParallel : public RemoteTest {
 protected:
  net::RemoteInputs Inputs() const {
    net::NetOptions o;
    o.allow_unpinned = true;
    o.cache_dir = dir_.path() / "cache";
    o.http.ca_bundle = pki_->ca.string();
    return net::RemoteInputs(o);
  }
};

TEST_F(RemoteParallel, TwoInputsDownloadAtTheSameTime) {
  std::mutex mu;
  std::condition_variable cv;
  bool b_arrived = false;
  std::atomic<bool> a_saw_b{false};
  TestServer server(
      [&](const HttpRequest& req) {
        std::unique_lock<std::mutex> lock(mu);
        if (req.target == "/b") {
          b_arrived = true;
          cv.notify_all();
          return Body("b");
        }
        // /a answers only once /b is being fetched, or after 5 s.
        a_saw_b = cv.wait_for(lock, std::chrono::seconds(5), [&] { return b_arrived; });
        return Body("a");
      },
      pki_);
  net::RemoteInputs remote = Inputs();
  std::string a, b;
  std::thread ta([&] { a = remote.Read(InputRef::Parse(server.Url("/a")), 1 << 20).bytes; });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // /a is in flight first
  std::thread tb([&] { b = remote.Read(InputRef::Parse(server.Url("/b")), 1 << 20).bytes; });
  ta.join();
  tb.join();
  EXPECT_EQ(a, "a");
  EXPECT_EQ(b, "b");
  EXPECT_TRUE(a_saw_b) << "/b was fetched only after /a: downloads ran one at a time";
}

TEST_F(RemoteParallel, ManyReadersOfOneInputMakeOneRequest) {
  std::atomic<int> requests{0};
  TestServer server(
      [&](const HttpRequest&) {
        ++requests;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return Body("shared");
      },
      pki_);
  net::RemoteInputs remote = Inputs();
  std::vector<std::thread> readers;
  std::atomic<int> right{0};
  for (int i = 0; i < 8; ++i) {
    readers.emplace_back([&] {
      if (remote.Read(InputRef::Parse(server.Url("/one")), 1 << 20).bytes == "shared") ++right;
    });
  }
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(right, 8);
  EXPECT_EQ(requests, 1);
  EXPECT_EQ(remote.Records().size(), 1u);
}

}  // namespace
}  // namespace sov::test
