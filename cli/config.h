#pragma once
// The configuration file: `.sovaudit.yaml`, found in the working directory or the nearest
// parent that has one, supplies defaults for any option of any command; options given on the
// command line win (a repeatable option given there replaces the config's list). Format
// (man/sovaudit-config.5): one mapping per command, keyed by the long option names without
// dashes (positionals by their name: paths, model, manifest, file, old, new, rule).

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

namespace sov {

inline constexpr const char* kConfigFileName = ".sovaudit.yaml";

// The nearest `.sovaudit.yaml` in `start` or a parent, as a path relative to `start`
// (".sovaudit.yaml", "../../.sovaudit.yaml"); "" when there is none.
std::string FindConfigFile(const std::filesystem::path& start);

// Sets, on the subcommand of `app` that was parsed, every option its section of `file` names
// and the command line did not give; paths are taken relative to the file's folder. Every
// section and key is checked, used or not. Throws Error (exit 2) with file:line:column for an
// unreadable or malformed file, an unknown command or option, or a value the option rejects.
void ApplyConfig(CLI::App& app, const std::string& file);

}  // namespace sov
