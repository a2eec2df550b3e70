#pragma once
// The configuration file: `.sovaudit.yaml`, found in the working directory or the nearest
// parent that has one, supplies defaults for any option of any command; options given on the
// command line win (a repeatable option given there replaces the config's list). Format
// (man/sovaudit-config.5): one mapping per command, keyed by the long option names without
// dashes (positionals by their name: paths, model, manifest, file, old, new, rule).

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

#include "src/report/report.h"

namespace sov {

inline constexpr const char* kConfigFileName = ".sovaudit.yaml";

// The nearest `.sovaudit.yaml` in `start` or a parent, as a path relative to `start`
// (".sovaudit.yaml", "../../.sovaudit.yaml"); "" when there is none.
std::string FindConfigFile(const std::filesystem::path& start);

// How the config file was chosen: found walking up from the working directory (a file anyone
// who hands over a folder can place there) or named with --config FILE.
enum class ConfigOrigin { kDiscovered, kNamed };

// Options that lower the assurance of a run (skip verification, widen what is trusted, or
// change the rules and waivers): "no-verify", "ignore-unsigned-files", "allow-unpinned",
// "allow-outside", "allow-symlinks", "ca-bundle", "trust-key", "rules", "waivers",
// "cert-time". Keyed by the option's first long name.
bool LowersAssurance(const std::string& key);

// Sets, on the subcommand of `app` that was parsed, every option its section of `file` names
// and the command line did not give; paths are taken relative to the file's folder. Every
// section and key is checked, used or not; a discovered file may not name an option that
// LowersAssurance, in any section. Throws Error (exit 2) with file:line:column for an
// unreadable or malformed file, an unknown command or option, a value the option rejects, or
// such an option in a discovered file. Returns the file's path and SHA-256 for the report.
PolicyConfig ApplyConfig(CLI::App& app, const std::string& file, ConfigOrigin origin);

}  // namespace sov
