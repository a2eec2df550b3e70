#include "src/net/remote_inputs.h"

#include <stdlib.h>

#include <cctype>
#include <cerrno>
#include <cstring>
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

// The file name a URL names: the last segment of its path, percent-decoded.
std::string UrlFileName(const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  std::string last = path.substr(path.find_last_of('/') + 1);
  std::string out;
  for (size_t i = 0; i < last.size(); ++i) {
    if (last[i] == '%' && i + 2 < last.size() && std::isxdigit(static_cast<unsigned char>(last[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(last[i + 2]))) {
      out += static_cast<char>(std::stoi(last.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += last[i];
    }
  }
  return out;
}

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

RemoteInputs::~RemoteInputs() {
  if (!private_dir_.empty()) {
    std::error_code ec;
    fs::remove_all(private_dir_, ec);
  }
}

RemoteInputs::Slot& RemoteInputs::Get(const std::string& ref) {
  std::shared_ptr<Slot> slot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::shared_ptr<Slot>& s = slots_[ref];
    if (!s) s = std::make_shared<Slot>();
    slot = s;
  }
  // The first caller fetches with no lock held, so other inputs download at the same time;
  // callers of the same input wait here for its result. A trust key fetched while a signature
  // is checked is another input, so the recursion cannot wait on itself.
  std::call_once(slot->once, [&] {
    std::optional<Entry> entry;
    std::optional<Error> error;
    try {
      entry = Fetch(ref);
    } catch (const Error& e) {
      error = e;
    }
    std::lock_guard<std::mutex> lock(mu_);  // Fetched() reads entries under it
    slot->entry = std::move(entry);
    slot->error = std::move(error);
  });
  if (slot->error) throw *slot->error;
  return *slot;  // slots_ keeps it alive: entries are never removed
}

RemoteInputs::Entry RemoteInputs::Fetch(const std::string& ref) {
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
    // A hit counts only when the bytes read now hash to the pin: the cache is shared, so what
    // it holds is re-checked, not trusted.
    if (std::optional<fs::path> hit = cache.Find(r.sha256)) {
      std::optional<std::string> bytes;
      try {
        bytes = ReadTextFile(*hit, options_.http.max_bytes);
      } catch (const Error&) {  // gone or grown since Find: fetch it
      }
      if (bytes && Sha256Hex(*bytes) == r.sha256) {
        e.bytes = std::move(*bytes);
        return e;
      }
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
  e.record.sha256 = hex;
  if (r.sha256.empty()) CheckSignature(r.url, got.body, e.record);
  cache.Store(hex, got.body);  // for the next run; this one uses the bytes in memory
  e.bytes = std::move(got.body);
  return e;
}

fs::path RemoteInputs::PrivateDir() {
  std::lock_guard<std::mutex> lock(mu_);
  if (private_dir_.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "sovaudit-inputs-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {  // mode 0700: this run's alone
      throw Error(std::string("cannot make a private folder for downloaded inputs: ") +
                      std::strerror(errno), kExitEnvironment);
    }
    private_dir_ = tmpl;
  }
  return private_dir_;
}

fs::path RemoteInputs::PrivateCopy(const std::string& name, const std::string& bytes) {
  fs::path p = PrivateDir() / name;
  WriteFileAtomically(p, bytes);
  return p;
}

void RemoteInputs::CheckSignature(const std::string& url, const std::string& bytes,
                                  InputRecord& record) {
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
  // oms::Verify reads files: the fetched bytes and their signature, as private copies. The
  // file keeps the URL's name, which the signed statement must name too.
  const std::string name = UrlFileName(url);
  if (name.empty() || name == "." || name == ".." || name.find_first_of(std::string("/\0", 2)) != std::string::npos) {
    throw Error(Location{url}, "names no file, so no signature can name it", kExitIntegrity);
  }
  fs::path local = PrivateDir() / (Sha256Hex(bytes) + ".signed") / name;
  std::error_code ec;
  fs::create_directories(local.parent_path(), ec);
  WriteFileAtomically(local, bytes);
  fs::path sig_local = PrivateCopy(Sha256Hex(sig.body) + ".sig", sig.body);
  std::string problems;
  for (const std::string& key_ref : options_.trust_keys) {
    oms::VerifyKey key;
    key.public_key = key_ref;  // read through this reader: a URL key is pinned (constructor)
    oms::VerifyOptions vo;
    vo.inputs = this;
    vo.threads = 1;
    vo.device = oms::Device::kCpu;
    oms::VerifyResult v;
    try {
      v = oms::Verify(local, sig_local, key, vo);
    } catch (const Error& e) {
      throw Error(Location{sig_url}, "signature of '" + EscapeControl(url) + "': " + e.what(),
                  e.exit_code());
    }
    if (v.ok && v.subject_name.empty()) {
      throw Error(Location{url}, "'" + EscapeControl(sig_url) + "' names no file (a signature "
                                     "older than OMS v1.0): re-sign it", kExitIntegrity);
    }
    if (v.ok && v.subject_name != name) {
      // Content alone is not enough: a signature made for another file must not vouch for this
      // one because their bytes agree.
      throw Error(Location{url}, "'" + EscapeControl(sig_url) + "' was made for '" +
                                     EscapeControl(v.subject_name) + "', not for '" +
                                     EscapeControl(name) + "'", kExitIntegrity);
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

Input RemoteInputs::Read(const InputRef& ref, std::uintmax_t max_bytes) {
  if (!ref.is_url()) return local_.Read(ref, max_bytes);
  const Entry& e = *Get(ref.str()).entry;
  if (e.bytes.size() > max_bytes) {
    throw Error(Location{ref.str()}, "is " + std::to_string(e.bytes.size()) +
                                         " bytes, larger than the limit of " +
                                         std::to_string(max_bytes));
  }
  return Input{e.bytes, e.record};
}

fs::path RemoteInputs::LocalCopy(const InputRef& ref) {
  if (!ref.is_url()) return ref.path();
  Slot& slot = Get(ref.str());
  std::call_once(slot.copy_once, [&] { slot.local = PrivateCopy(slot.entry->record.sha256, slot.entry->bytes); });
  return slot.local;
}

std::vector<InputRecord> RemoteInputs::Records() const {
  std::map<std::string, InputRecord> all;
  for (InputRecord& r : local_.Records()) all.emplace(r.ref, std::move(r));
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [ref, slot] : slots_) {
    if (slot->entry) all[ref] = slot->entry->record;
  }
  std::vector<InputRecord> out;
  out.reserve(all.size());
  for (auto& [ref, r] : all) out.push_back(std::move(r));
  return out;
}

}  // namespace sov::net
