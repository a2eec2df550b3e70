#pragma once
// The network options every command that reads inputs takes (README, "Remote inputs"):
// --offline, --allow-unpinned, --trust-key, --cache-dir, --ca-bundle, --connect-timeout,
// --timeout, --retries, --max-download.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "src/net/remote_inputs.h"

namespace sov {

struct NetCommandOptions {
  bool offline = false;
  bool allow_unpinned = false;
  std::vector<std::string> trust_keys;
  std::string cache_dir;
  std::string ca_bundle;
  long connect_timeout_s = 10;
  long timeout_s = 120;
  int retries = 2;
  std::string max_download = "64MiB";
};

void AddNetworkOptions(CLI::App* cmd, NetCommandOptions& o);

// The options as src/net takes them. Throws Error (exit 2) for a --max-download that is not a
// size ("64MiB", "500k", "1048576").
net::NetOptions ToNetOptions(const NetCommandOptions& o);

// "64MiB" -> 67108864: a number with an optional binary suffix (k, M, G, with or without "iB"
// or "B"; case-insensitive). Returns false for anything else, zero or an overflow.
bool ParseSize(const std::string& text, uint64_t* bytes);

}  // namespace sov
