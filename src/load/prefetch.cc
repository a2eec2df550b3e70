// Parsing YAML is most of the cost of loading a large deployment, and each provenance file is
// an independent document: parse them on every core before the (sequential) schema pass.
#include <algorithm>
#include <atomic>
#include <thread>

#include "src/load/load_state.h"
#include "src/util/fs.h"

namespace sov::load {
namespace {

// Below this many files the threads cost more than they save.
constexpr size_t kMinFilesForThreads = 8;

}  // namespace

void PrefetchProvenance(LoadState& st, const std::string& file, const YAML::Node& models) {
  if (!models.IsSequence() || models.size() < kMinFilesForThreads) return;
  std::vector<std::string> paths;
  for (const YAML::Node& m : models) {
    if (!m.IsMap()) continue;
    YAML::Node prov = m["provenance"];
    if (!prov.IsDefined() || !prov.IsScalar()) continue;
    try {
      // The same resolution as the schema pass; a path it rejects is left for that pass to
      // report at its position.
      std::string path = ResolvePath(st, file, prov.Scalar(), Location{file});
      if (!st.prefetched.count(path)) {
        st.prefetched.emplace(path, LoadState::Prefetched{});
        paths.push_back(path);
      }
    } catch (const Error&) {
    }
  }
  if (paths.size() < kMinFilesForThreads) {
    for (const std::string& p : paths) st.prefetched.erase(p);
    return;
  }
  // Slots are created above; workers fill distinct ones, so the map itself is not modified.
  std::vector<LoadState::Prefetched*> slots;
  for (const std::string& p : paths) slots.push_back(&st.prefetched[p]);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < paths.size();) {
      LoadState::Prefetched& slot = *slots[i];
      std::string text;
      try {
        text = ReadTextFile(paths[i]);
      } catch (const Error& e) {
        slot.read_error = e;
        continue;
      }
      try {
        slot.doc = ParseTopLevel(text, paths[i]);
      } catch (...) {
        slot.parse_error = std::current_exception();
      }
    }
  };
  unsigned n = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < n; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
}

}  // namespace sov::load
