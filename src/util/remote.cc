#include "src/util/remote.h"

#include <atomic>

#include "src/util/error.h"
#include "src/util/text.h"

namespace sov {
namespace {

std::atomic<RemoteSource*> g_source{nullptr};

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

RemoteSource* CurrentRemoteSource() { return g_source.load(); }

ScopedRemoteSource::ScopedRemoteSource(RemoteSource* source) : previous_(g_source.load()) {
  g_source.store(source);
}

ScopedRemoteSource::~ScopedRemoteSource() { g_source.store(previous_); }

RemoteSource& RequireRemoteSource(const std::string& ref) {
  RemoteSource* source = CurrentRemoteSource();
  if (source == nullptr) {
    throw Error(Location{ref}, "a URL is not accepted here: '" + EscapeControl(ref) +
                                   "' must be a local file");
  }
  return *source;
}

std::string InputName(const std::string& ref) {
  return IsUrl(ref) ? ref.substr(0, ref.find_first_of("?#")) : ref;
}

std::filesystem::path LocalInputPath(const std::string& ref) {
  if (!IsUrl(ref)) return ref;
  return RequireRemoteSource(ref).LocalCopy(ref);
}

}  // namespace sov
