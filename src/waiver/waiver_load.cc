// Reading waiver files. The file's frame (YAML, kind, the list) must be right or the run stops
// (exit 2); each entry is checked on its own, and a malformed entry is kept with its problem so
// that it becomes a SOV-W.2 finding instead of silently waiving nothing.
#include <yaml-cpp/yaml.h>

#include "src/parse/yaml_reader.h"
#include "src/util/date.h"
#include "src/util/fs.h"
#include "src/util/text.h"
#include "src/waiver/waiver.h"

namespace sov {
namespace {

// The scalar under `key` when there is one, without any check: used to target the SOV-W.2
// finding of an entry that fails the strict checks.
std::string Lenient(const YAML::Node& entry, const char* key) {
  if (!entry.IsMap()) return "";
  YAML::Node v = entry[key];
  return v && v.IsScalar() ? v.Scalar() : "";
}

WaiverResult ParseEntry(const std::string& file, const YAML::Node& entry) {
  WaiverResult w;
  w.location = parse::Loc(file, entry);
  w.rule = Lenient(entry, "rule");
  w.subject = Lenient(entry, "subject");
  w.deployment = Lenient(entry, "deployment");
  w.owner = Lenient(entry, "owner");
  w.reason = Lenient(entry, "reason");
  w.expires = Lenient(entry, "expires");
  w.reference = Lenient(entry, "reference");
  try {
    parse::Fields f(file, entry, "a waiver",
                   {"rule", "subject", "deployment", "owner", "reason", "expires", "reference"});
    w.rule = f.String("rule", true);
    w.subject = f.String("subject", true);
    w.deployment = f.String("deployment");
    w.owner = f.String("owner", true);
    w.reason = f.String("reason", true);
    w.expires = f.Date("expires", true);
    w.reference = f.String("reference");
    for (const char* key : {"rule", "subject", "owner", "reason"}) {
      if (f.String(key).find_first_not_of(" \t") == std::string::npos) {
        throw Error(f.ValueLoc(key), std::string("'") + key + "' of a waiver must not be empty");
      }
    }
  } catch (const Error& e) {
    w.state = "invalid";
    w.problem = e.what();
    if (e.location().line > 0) w.location = e.location();
  }
  return w;
}

}  // namespace

std::vector<WaiverResult> ParseWaivers(const std::string& text, const std::string& file) {
  YAML::Node doc = parse::ParseBounded(text, file);
  if (!doc || doc.IsNull()) throw Error(Location{file}, "empty waiver file: expected 'kind: Waivers'");
  parse::Fields top(file, doc, "a waiver file", {"apiVersion", "kind", "metadata", "waivers"});
  std::string api = top.String("apiVersion", true);
  if (api != "sovaudit/v1") {
    throw Error(top.ValueLoc("apiVersion"),
                "unsupported apiVersion '" + EscapeControl(api) + "' (expected sovaudit/v1)");
  }
  std::string kind = top.String("kind", true);
  if (kind != "Waivers") {
    throw Error(top.ValueLoc("kind"), "kind is '" + EscapeControl(kind) +
                                          "', expected 'Waivers' for a --waivers file");
  }
  std::vector<WaiverResult> waivers;
  if (!top.Has("waivers")) return waivers;
  std::vector<YAML::Node> entries = parse::ListOf(file, top.Get("waivers"), "waivers");
  if (entries.size() > kMaxWaivers) {
    throw Error(top.ValueLoc("waivers"), "more than " + std::to_string(kMaxWaivers) +
                                             " waivers in one file");
  }
  for (const YAML::Node& entry : entries) waivers.push_back(ParseEntry(file, entry));
  return waivers;
}

std::vector<WaiverResult> LoadWaivers(const std::string& path, InputReader& inputs) {
  return ParseWaivers(inputs.Read(InputRef::Parse(path)).bytes, path);
}

}  // namespace sov
