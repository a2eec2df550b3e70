#include "src/util/input.h"

#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov {
namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

bool IsUrl(std::string_view s) {
  return StartsWithNoCase(s, "https://") || StartsWithNoCase(s, "http://");
}

InputRef InputRef::Parse(std::string text) {
  bool url = IsUrl(text);
  return InputRef(std::move(text), url);
}

InputRef InputRef::Path(const std::filesystem::path& path) { return InputRef(path.string(), false); }

std::string InputRef::name() const {
  return is_url_ ? text_.substr(0, text_.find_first_of("?#")) : text_;
}

void RefuseUrl(const std::string& ref) {
  throw Error(Location{ref}, "a URL is not accepted here: '" + EscapeControl(ref) +
                                 "' must be a local file");
}

Input FileReader::Read(const InputRef& ref, std::uintmax_t max_bytes) {
  if (ref.is_url()) RefuseUrl(ref.str());
  Input in;
  in.bytes = ReadTextFile(ref.path(), max_bytes);
  in.record.ref = ref.str();
  in.record.sha256 = Sha256Hex(in.bytes);
  std::lock_guard<std::mutex> lock(mu_);
  records_[in.record.ref] = in.record;
  return in;
}

std::filesystem::path FileReader::LocalCopy(const InputRef& ref) {
  if (ref.is_url()) RefuseUrl(ref.str());
  return ref.path();
}

std::vector<InputRecord> FileReader::Records() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<InputRecord> out;
  out.reserve(records_.size());
  for (const auto& [ref, r] : records_) out.push_back(r);
  return out;
}

}  // namespace sov
