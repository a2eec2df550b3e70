#include "cli/config.h"

#include <set>
#include <vector>

#include "src/parse/yaml_reader.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/input.h"
#include "src/util/text.h"

namespace sov {
namespace fs = std::filesystem;

namespace {

constexpr uintmax_t kMaxConfigBytes = 1 << 20;

// Options whose values are paths: taken relative to the config file's folder.
bool IsPathOption(const CLI::Option& opt) {
  static const std::set<std::string> kTypes = {"FILE", "PATH", "KEY", "SIG", "CA", "CERT", "OUT",
                                               "DIR"};
  static const std::set<std::string> kPositionals = {"paths", "model", "manifest", "file", "old",
                                                     "new"};
  return kTypes.count(opt.get_type_name()) > 0 || kPositionals.count(opt.get_name()) > 0;
}

std::string KeyOf(const CLI::Option& opt) {
  if (opt.get_positional()) return opt.get_name();
  std::vector<std::string> names = opt.get_lnames();
  return names.empty() ? "" : names.front();
}

// The option a config key names: a long option ("require-layer") or a positional ("paths").
CLI::Option* FindOption(CLI::App& cmd, const std::string& key) {
  for (CLI::Option* opt : cmd.get_options()) {
    if (opt->get_positional() ? opt->get_name() == key : opt->check_lname(key)) return opt;
  }
  return nullptr;
}

// A discovered file naming an option that lowers assurance: refused, with the way to opt in.
void RefuseWeakening(const std::string& file, const YAML::Node& key_node,
                     const std::string& command, const CLI::Option& opt) {
  std::string key = KeyOf(opt);
  if (!LowersAssurance(key)) return;
  throw Error(parse::Loc(file, key_node),
              "'" + command + "." + key + "' lowers assurance and is honoured only from a file "
              "given with --config; run with --config " + file + " to accept it, or remove the "
              "key");
}

std::vector<std::string> KeysOf(CLI::App& cmd) {
  std::vector<std::string> keys;
  for (CLI::Option* opt : cmd.get_options()) {
    std::string k = KeyOf(*opt);
    if (!k.empty() && k != "help") keys.push_back(k);
  }
  return keys;
}

std::vector<std::string> Values(const std::string& file, const YAML::Node& node,
                                const std::string& key) {
  if (node.IsScalar()) return {node.Scalar()};
  if (!node.IsSequence()) {
    throw Error(parse::Loc(file, node),
                "'" + key + "' must be a value or a list of values, not " + parse::Describe(node));
  }
  std::vector<std::string> values;
  for (const YAML::Node& v : node) values.push_back(parse::ScalarOf(file, v, key));
  return values;
}

void ApplySection(CLI::App& cmd, const std::string& file, const YAML::Node& section,
                  bool selected, ConfigOrigin origin) {
  const std::string name = cmd.get_name();
  if (!section.IsMap()) {
    throw Error(parse::Loc(file, section), "the '" + name + "' section must be a mapping of "
                                          "option names to values, not " +
                                          parse::Describe(section));
  }
  fs::path base = fs::path(file).parent_path();
  // What the command line gave, before any config value is set.
  std::set<const CLI::Option*> given;
  for (CLI::Option* opt : cmd.get_options()) {
    if (opt->count() > 0) given.insert(opt);
  }
  bool pairs_given = given.count(FindOption(cmd, "format")) + given.count(FindOption(cmd, "output"));
  for (const auto& kv : section) {
    std::string key = parse::ScalarOf(file, kv.first, "an option name");
    if (key.rfind("--", 0) == 0) key = key.substr(2);
    CLI::Option* opt = key == "help" ? nullptr : FindOption(cmd, key);
    if (opt == nullptr) {
      throw Error(parse::Loc(file, kv.first), "'" + name + "' has no option '" +
                                                 EscapeControl(key) + "'" +
                                                 DidYouMean(key, KeysOf(cmd)));
    }
    std::vector<std::string> values = Values(file, kv.second, key);
    if (origin == ConfigOrigin::kDiscovered) RefuseWeakening(file, kv.first, name, *opt);
    if (!selected || given.count(opt) || kv.second.IsNull()) continue;  // the command line wins
    if ((key == "format" || key == "output") && pairs_given) {
      continue;  // formats and outputs pair up: the command line's pairs replace the config's
    }
    if (IsPathOption(*opt)) {
      for (std::string& v : values) {
        // A shipped rule pack (builtin:deai) is a name, not a path.
        if (v != "-" && !v.empty() && !IsUrl(v) && v.rfind("builtin:", 0) != 0 &&
            fs::path(v).is_relative()) {
          v = (base / v).lexically_normal().string();
        }
      }
    }
    try {
      opt->add_result(values);
      opt->run_callback();
    } catch (const CLI::Error& e) {
      throw Error(parse::Loc(file, kv.second), "'" + name + "." + key + "': " + e.what());
    }
  }
}

}  // namespace

std::string FindConfigFile(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(start, ec), ec);
  if (ec) return "";
  fs::path up = ".";
  for (;;) {
    if (fs::is_regular_file(dir / kConfigFileName, ec)) {
      return (up / kConfigFileName).lexically_normal().string();
    }
    if (!dir.has_parent_path() || dir.parent_path() == dir) return "";
    dir = dir.parent_path();
    up /= "..";
  }
}

bool LowersAssurance(const std::string& key) {
  static const std::set<std::string> kKeys = {
      "no-verify", "ignore-unsigned-files", "allow-unpinned", "allow-outside", "allow-symlinks",
      "ca-bundle", "trust-key",             "rules",          "waivers",       "cert-time",
      // verify's trust anchors: a vendor's file must not choose the key its weights verify with
      "public-key", "certificate-chain",
      // keyless: a vendor's file must not choose the signer or the root it is checked against
      "identity", "identity-provider", "trust-config"};
  return kKeys.count(key) > 0;
}

PolicyConfig ApplyConfig(CLI::App& app, const std::string& file, ConfigOrigin origin) {
  std::string text = ReadTextFile(file, kMaxConfigBytes);
  PolicyConfig info{file, Sha256Hex(text), origin == ConfigOrigin::kDiscovered};
  YAML::Node doc = parse::ParseBounded(text, file);
  if (!doc || doc.IsNull()) return info;
  if (!doc.IsMap()) {
    throw Error(parse::Loc(file, doc), "a config file must be a mapping of command names to "
                                      "their options, not " + parse::Describe(doc));
  }
  std::vector<CLI::App*> subs = app.get_subcommands([](CLI::App*) { return true; });
  std::vector<std::string> commands;
  for (CLI::App* sub : subs) commands.push_back(sub->get_name());
  std::set<std::string> seen;
  for (const auto& kv : doc) {
    std::string name = parse::ScalarOf(file, kv.first, "a command name");
    CLI::App* cmd = nullptr;
    for (CLI::App* sub : subs) {
      if (sub->get_name() == name) cmd = sub;
    }
    if (cmd == nullptr) {
      throw Error(parse::Loc(file, kv.first), "unknown command '" + EscapeControl(name) + "'" +
                                                 DidYouMean(name, commands));
    }
    if (!seen.insert(name).second) {
      throw Error(parse::Loc(file, kv.first), "command '" + name + "' appears twice");
    }
    ApplySection(*cmd, file, kv.second, cmd->parsed(), origin);
  }
  return info;
}

}  // namespace sov
