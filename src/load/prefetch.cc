// Parsing YAML is most of the cost of loading a large deployment, and each provenance file is
// an independent document: worker threads read and parse them while the (sequential) schema
// pass consumes them in manifest order. Workers stay at most kWindow files ahead of the schema
// pass, so a deployment of 10,000 files never holds 10,000 parsed trees at once (yaml-cpp
// keeps roughly 0.5 KB per node).
#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include "src/load/load_state.h"
#include "src/util/fs.h"
#include "src/util/input.h"

namespace sov::load {
namespace {

// Below this many files the threads cost more than they save.
constexpr size_t kMinFilesForThreads = 8;
// How many files workers may parse ahead of the schema pass.
constexpr size_t kWindow = 256;
// Workers when the files are URLs: downloads in flight at once.
constexpr unsigned kRemoteThreads = 8;

Prefetched ReadAndParse(InputReader& inputs, const std::string& path) {
  Prefetched out;
  Input in;
  try {
    in = inputs.Read(InputRef::Parse(path));
  } catch (const Error& e) {
    out.read_error = e;
    return out;
  }
  out.sha256 = in.record.sha256;
  try {
    out.doc = ParseTopLevel(in.bytes, path);
  } catch (...) {
    out.parse_error = std::current_exception();
  }
  return out;
}

}  // namespace

class Prefetcher {
 public:
  Prefetcher(InputReader& inputs, std::vector<std::string> paths)
      : inputs_(inputs), paths_(std::move(paths)) {
    slots_.resize(paths_.size());
    index_.reserve(paths_.size());
    for (size_t i = 0; i < paths_.size(); ++i) index_.emplace(paths_[i], i);
    // Parsing wants a thread per core; fetching URLs mostly waits on the network, so remote
    // files get more workers (each download runs without a lock: src/net/remote_inputs.cc).
    unsigned threads = std::clamp(std::thread::hardware_concurrency(), 2u, 8u);
    if (std::any_of(paths_.begin(), paths_.end(), [](const std::string& p) { return IsUrl(p); })) {
      threads = std::max(threads, kRemoteThreads);
    }
    // The schema pass runs on this thread and parses a file itself when it gets there first.
    for (unsigned t = 1; t < threads; ++t) workers_.emplace_back([this] { Work(); });
  }

  ~Prefetcher() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    room_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

  std::optional<Prefetched> Take(const std::string& path) {
    auto it = index_.find(path);
    if (it == index_.end()) return std::nullopt;
    size_t i = it->second;
    std::unique_lock<std::mutex> lock(mu_);
    Slot& slot = slots_[i];
    if (slot.state == State::kTaken) return std::nullopt;
    while (slot.state != State::kDone) {
      if (slot.state == State::kWaiting) {
        // No worker has started it: parse it here rather than wait.
        ParseSlot(lock, i);
      } else if (size_t j = ClaimNext(); j < slots_.size()) {
        // A worker is parsing it: parse a later file meanwhile rather than sit idle.
        ParseSlot(lock, j);
      } else {
        done_.wait(lock);
      }
    }
    slot.state = State::kTaken;
    // reset(), not assignment: assigning a YAML::Node writes through to the shared node.
    std::optional<Prefetched> out = std::move(slot.value);
    slot.value.reset();
    consumed_ = std::max(consumed_, i + 1);
    lock.unlock();
    room_.notify_all();
    return out;
  }

  // Hands a document that the schema pass is done with to a worker to destroy: its nodes were
  // allocated there, and freeing them on this thread would contend for the worker's malloc
  // arena.
  void Retire(std::unique_ptr<YAML::Node> doc) {
    std::unique_lock<std::mutex> lock(mu_);
    if (next_ >= slots_.size()) {
      // Every file is started: the workers are finishing or gone.
      lock.unlock();
      doc.reset();
      return;
    }
    retired_.push_back(std::move(doc));
  }

 private:
  enum class State { kWaiting, kParsing, kDone, kTaken };
  struct Slot {
    State state = State::kWaiting;
    std::optional<Prefetched> value;
  };

  // The next file nobody has started, within the window; slots_.size() when there is none.
  // Called with mu_ held.
  size_t ClaimNext() {
    while (next_ < slots_.size() && slots_[next_].state != State::kWaiting) ++next_;
    if (next_ >= slots_.size() || next_ >= consumed_ + kWindow) return slots_.size();
    return next_++;
  }

  // Reads and parses slot i with mu_ released. Called with mu_ held.
  void ParseSlot(std::unique_lock<std::mutex>& lock, size_t i) {
    slots_[i].state = State::kParsing;
    lock.unlock();
    Prefetched p = ReadAndParse(inputs_, paths_[i]);
    lock.lock();
    slots_[i].value.emplace(std::move(p));
    slots_[i].state = State::kDone;
  }

  void Work() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      if (!retired_.empty()) {
        std::vector<std::unique_ptr<YAML::Node>> batch;
        batch.swap(retired_);
        lock.unlock();
        batch.clear();
        lock.lock();
        continue;
      }
      if (size_t i = ClaimNext(); i < slots_.size()) {
        ParseSlot(lock, i);
        done_.notify_all();
        continue;
      }
      if (next_ >= slots_.size() && retired_.empty()) {
        // Nothing left to parse; documents still to come are destroyed by their taker.
        return;
      }
      room_.wait(lock);
    }
  }

  InputReader& inputs_;
  const std::vector<std::string> paths_;
  std::unordered_map<std::string, size_t> index_;
  std::mutex mu_;
  std::condition_variable room_;  // the window moved, or stop
  std::condition_variable done_;  // a slot became kDone
  std::vector<Slot> slots_;
  size_t next_ = 0;      // no slot before it is kWaiting
  size_t consumed_ = 0;  // one past the highest slot taken
  std::vector<std::unique_ptr<YAML::Node>> retired_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

LoadState::LoadState(const Catalog& c, const LoadOptions& o)
    : catalog(c), options(o), inputs(o.inputs != nullptr ? *o.inputs : local_inputs) {}
LoadState::~LoadState() = default;

void PrefetchProvenance(LoadState& st, const std::string& file, const YAML::Node& models) {
  if (!models.IsSequence() || models.size() < kMinFilesForThreads) return;
  std::vector<std::string> paths;
  std::unordered_set<std::string> seen;
  for (const YAML::Node& m : models) {
    if (!m.IsMap()) continue;
    YAML::Node prov = m["provenance"];
    if (!prov.IsDefined() || !prov.IsScalar()) continue;
    try {
      // The same resolution as the schema pass; a path it rejects is left for that pass to
      // report at its position.
      std::string path = ResolvePath(st, file, prov.Scalar(), Location{file});
      // Third-party files are read by the importer, not parsed here as YAML.
      if (IsProvenanceYaml(path) && seen.insert(path).second) paths.push_back(std::move(path));
    } catch (const Error&) {
    }
  }
  if (paths.size() < kMinFilesForThreads) return;
  st.prefetch = std::make_unique<Prefetcher>(st.inputs, std::move(paths));
}

std::optional<Prefetched> TakePrefetched(LoadState& st, const std::string& path) {
  if (!st.prefetch) return std::nullopt;
  return st.prefetch->Take(path);
}

void RetirePrefetched(LoadState& st, std::unique_ptr<YAML::Node> doc) {
  if (st.prefetch) st.prefetch->Retire(std::move(doc));
}

void StopPrefetch(LoadState& st) { st.prefetch.reset(); }

}  // namespace sov::load
