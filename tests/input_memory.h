#pragma once
// An InputReader over a map of byte strings (tests only): the loader, the importer and the
// audit can run over inputs that exist nowhere on disk, and a test can see how often each was
// read. A remote ref ("https://…") is served like any other, recorded with its url and
// "sha256" as how it was pinned.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/input.h"

namespace sov::test {

class MemoryReader final : public InputReader {
 public:
  void Add(const std::string& ref, std::string bytes) { files_[ref] = std::move(bytes); }

  Input Read(const InputRef& ref, std::uintmax_t max_bytes = kMaxTextInput) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = files_.find(ref.str());
    if (it == files_.end()) throw Error(Location{ref.str()}, "no such file");
    if (it->second.size() > max_bytes) throw Error(Location{ref.str()}, "larger than the limit");
    ++reads_[ref.str()];
    Input in{it->second, {ref.str(), "", Sha256Hex(it->second), "", ""}};
    if (ref.is_url()) {
      in.record.url = ref.name();
      in.record.pinned_by = "sha256";
    }
    records_[ref.str()] = in.record;
    return in;
  }
  std::filesystem::path LocalCopy(const InputRef& ref) override {
    throw Error(Location{ref.str()}, "the in-memory reader has no local copies");
  }
  std::vector<InputRecord> Records() const override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<InputRecord> out;
    for (const auto& [ref, r] : records_) out.push_back(r);
    return out;
  }
  // The bytes held for `ref` (not counted as a read).
  std::string Bytes(const std::string& ref) const {
    std::lock_guard<std::mutex> lock(mu_);
    return files_.at(ref);
  }
  // How many times `ref` was read.
  int Reads(const std::string& ref) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = reads_.find(ref);
    return it == reads_.end() ? 0 : it->second;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> files_;
  std::map<std::string, int> reads_;
  std::map<std::string, InputRecord> records_;
};

}  // namespace sov::test
