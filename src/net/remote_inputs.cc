#include "src/net/remote_inputs.h"

#include <system_error>

#include "src/net/cache.h"
#include "src/net/url.h"
#include "src/oms/oms.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace fs = std::filesystem;

namespace sov::net {
namespace {

constexpr uint64_t kMaxSignatureBytes = 16u << 20;

}  // namespace

RemoteInputs::RemoteInputs(NetOptions options) : options_(std::move(options)) {
  if (options_.cache_dir.empty()) options_.cache_dir = DefaultCacheDir();
  for (const std::string& key : options_.trust_keys) {
    if (IsUrl(key) && ParseRemoteRef(key).sha256.empty()) {
      throw Error(Location{key}, "--trust-key: a key fetched from a URL must be pinned "
                                 "(#sha256=<hex>): a key cannot vouch for itself");
    }
  }
}

const RemoteInputs::Entry& RemoteInputs::Get(const std::string& ref) {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  auto found = entries_.find(ref);
  if (found != entries_.end()) return found->second;
  auto failed = failures_.find(ref);
  if (failed != failures_.end()) throw failed->second;
  try {
    return Fetch(ref);
  } catch (const Error& e) {
    failures_.emplace(ref, e);
    throw;
  }
}

const RemoteInputs::Entry& RemoteInputs::Fetch(const std::string& ref) {
  RemoteRef r = ParseRemoteRef(ref);
  std::string shown = EscapeControl(r.url);
  if (options_.offline) {
    throw Error(Location{ref}, "a URL, and --offline allows no network: use a local copy");
  }
  if (options_.cache_dir.empty()) {
    throw Error(Location{ref}, "no folder for downloads: set --cache-dir (neither XDG_CACHE_HOME "
                               "nor HOME is set)", kExitEnvironment);
  }
  ContentCache cache(options_.cache_dir);
  Entry e;
  e.record.ref = ref;
  e.record.url = r.url;
  if (!r.sha256.empty()) {
    e.record.pinned_by = "sha256";
    e.record.sha256 = r.sha256;
    if (std::optional<fs::path> hit = cache.Find(r.sha256)) {
      e.local = *hit;
      return entries_.emplace(ref, std::move(e)).first->second;
    }
  } else if (options_.trust_keys.empty() && !options_.allow_unpinned) {
    throw Error(Location{ref}, "a URL that is not pinned: name it as '" + shown +
                                   "#sha256=<hex>' (sha256sum prints the digest), sign it for a "
                                   "--trust-key (an OMS bundle at <URL>.sig), or pass "
                                   "--allow-unpinned");
  }
  HttpResponse got = HttpGet(r.url, options_.http);
  std::string hex = Sha256Hex(got.body);
  if (!r.sha256.empty() && hex != r.sha256) {
    throw Error(Location{ref}, "does not match its pin: the server sent bytes with sha256 " + hex +
                                   ", the pin is " + r.sha256 + " (changed or tampered)",
                kExitIntegrity);
  }
  e.local = cache.Store(hex, got.body);
  e.record.sha256 = hex;
  if (r.sha256.empty()) CheckSignature(r.url, e.local, e.record);
  return entries_.emplace(ref, std::move(e)).first->second;
}

void RemoteInputs::CheckSignature(const std::string& url, const fs::path& local,
                                  RemoteInputRecord& record) {
  record.pinned_by = "none";
  if (options_.trust_keys.empty()) return;  // --allow-unpinned
  std::string sig_url = AppendToPath(url, ".sig");
  HttpOptions http = options_.http;
  http.max_bytes = std::min<uint64_t>(http.max_bytes, kMaxSignatureBytes);
  HttpResponse sig;
  try {
    sig = HttpGet(sig_url, http);
  } catch (const Error& e) {
    if (options_.allow_unpinned) return;
    throw Error(e.location(), std::string("the signature of unpinned '") + EscapeControl(url) +
                                  "' cannot be fetched: " + e.what(), e.exit_code());
  }
  fs::path sig_local = ContentCache(options_.cache_dir).Store(Sha256Hex(sig.body), sig.body);
  std::string problems;
  for (const std::string& key_ref : options_.trust_keys) {
    oms::VerifyKey key;
    key.public_key = LocalInputPath(key_ref);
    oms::VerifyOptions vo;
    vo.threads = 1;
    vo.device = oms::Device::kCpu;
    oms::VerifyResult v;
    try {
      v = oms::Verify(local, sig_local, key, vo);
    } catch (const Error& e) {
      throw Error(Location{sig_url}, "signature of '" + EscapeControl(url) + "': " + e.what(),
                  e.exit_code());
    }
    if (v.ok) {
      record.pinned_by = "signature";
      record.signer = v.signer;
      return;
    }
    problems += (problems.empty() ? "" : "; ") + key_ref + ": " + v.message;
  }
  throw Error(Location{url}, "'" + EscapeControl(url) + "' is not vouched for by its signature '" +
                                 EscapeControl(sig_url) + "' under any --trust-key (" +
                                 EscapeControl(problems) + ")", kExitIntegrity);
}

std::string RemoteInputs::ReadText(const std::string& ref, std::uintmax_t max_bytes) {
  const Entry& e = Get(ref);
  std::error_code ec;
  std::uintmax_t size = fs::file_size(e.local, ec);
  if (ec) throw Error(Location{ref}, "the downloaded copy is gone: " + ec.message(), kExitEnvironment);
  if (size > max_bytes) {
    throw Error(Location{ref}, "is " + std::to_string(size) + " bytes, larger than the limit of " +
                                   std::to_string(max_bytes));
  }
  return ReadTextFile(e.local, max_bytes);
}

fs::path RemoteInputs::LocalCopy(const std::string& ref) { return Get(ref).local; }

std::vector<RemoteInputRecord> RemoteInputs::Fetched() const {
  std::lock_guard<std::recursive_mutex> lock(mu_);
  std::vector<RemoteInputRecord> out;
  for (const auto& [ref, e] : entries_) out.push_back(e.record);
  return out;
}

}  // namespace sov::net
