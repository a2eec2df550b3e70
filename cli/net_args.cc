#include "cli/net_args.h"

#include <cctype>
#include <filesystem>

#include "src/util/error.h"
#include "src/util/input.h"
#include "src/util/text.h"

namespace sov {

void AddNetworkOptions(CLI::App* cmd, NetCommandOptions& o) {
  const char* group = "Remote inputs (https:// URLs)";
  cmd->add_flag("--offline", o.offline,
                "Open no socket at all: any URL input is an error, the hub check is skipped")
      ->group(group);
  cmd->add_flag("--allow-unpinned", o.allow_unpinned,
                "Accept URL inputs that have neither a #sha256= pin nor a signature from a "
                "--trust-key (recorded as unpinned in the report)")
      ->group(group);
  cmd->add_option("--trust-key", o.trust_keys,
                  "PEM public key whose OMS signature at <URL>.sig vouches for an unpinned URL "
                  "input (repeatable)")
      ->type_name("KEY")
      ->group(group);
  cmd->add_option("--cache-dir", o.cache_dir,
                  "Content-addressed download cache (default: $XDG_CACHE_HOME/sovaudit or "
                  "~/.cache/sovaudit); pinned inputs found there are not fetched again")
      ->type_name("DIR")
      ->group(group);
  cmd->add_option("--ca-bundle", o.ca_bundle,
                  "PEM file of the CAs to trust instead of the system's (verification stays on)")
      ->type_name("FILE")
      ->group(group);
  cmd->add_option("--connect-timeout", o.connect_timeout_s, "Seconds to connect (default 10)")
      ->check(CLI::Range(1, 3600))
      ->type_name("SECONDS")
      ->group(group);
  cmd->add_option("--timeout", o.timeout_s, "Seconds for a whole request (default 120)")
      ->check(CLI::Range(1, 86400))
      ->type_name("SECONDS")
      ->group(group);
  cmd->add_option("--retries", o.retries,
                  "Retries after a 5xx answer or a timeout, with backoff (default 2)")
      ->check(CLI::Range(0, 10))
      ->type_name("N")
      ->group(group);
  cmd->add_option("--max-download", o.max_download,
                  "Largest body accepted (default 64MiB; suffixes k, M, G)")
      ->type_name("SIZE")
      ->group(group);
}

bool ParseSize(const std::string& text, uint64_t* bytes) {
  size_t i = 0;
  uint64_t n = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    uint64_t d = static_cast<uint64_t>(text[i] - '0');
    if (n > (UINT64_MAX - d) / 10) return false;
    n = n * 10 + d;
    ++i;
  }
  if (i == 0) return false;
  std::string suffix;
  for (; i < text.size(); ++i) {
    suffix += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
  }
  int shift = 0;
  if (suffix.empty() || suffix == "b") {
    shift = 0;
  } else if (suffix == "k" || suffix == "kb" || suffix == "kib") {
    shift = 10;
  } else if (suffix == "m" || suffix == "mb" || suffix == "mib") {
    shift = 20;
  } else if (suffix == "g" || suffix == "gb" || suffix == "gib") {
    shift = 30;
  } else {
    return false;
  }
  if (n == 0 || n > (UINT64_MAX >> shift)) return false;
  *bytes = n << shift;
  return true;
}

net::NetOptions ToNetOptions(const NetCommandOptions& o) {
  net::NetOptions n;
  n.offline = o.offline;
  n.allow_unpinned = o.allow_unpinned;
  n.trust_keys = o.trust_keys;
  n.cache_dir = o.cache_dir;
  n.http.ca_bundle = o.ca_bundle;
  std::error_code ec;
  if (!o.ca_bundle.empty() && (IsUrl(o.ca_bundle) || !std::filesystem::is_regular_file(o.ca_bundle, ec))) {
    throw Error(Location{o.ca_bundle}, "--ca-bundle: not a local file (the CAs to trust must be "
                                       "at hand before anything is fetched)");
  }
  n.http.connect_timeout_s = o.connect_timeout_s;
  n.http.timeout_s = o.timeout_s;
  n.http.retries = o.retries;
  if (!ParseSize(o.max_download, &n.http.max_bytes)) {
    throw Error("--max-download: '" + EscapeControl(o.max_download) +
                "' is not a size (e.g. 64MiB, 500k, 1048576)");
  }
  return n;
}

}  // namespace sov
