// src/load's entry points (LoadDeployment, PeekKind, ValidateFile) and the file-level work
// under them: reading and parsing whole files, resolving and containing the paths that
// manifests name, and reading provenance files.

#include "src/load/loader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <system_error>

#include "src/import/emit.h"
#include "src/import/import.h"
#include "src/load/load_state.h"
#include "src/net/url.h"
#include "src/util/fs.h"
#include "src/util/input.h"
#include "src/util/text.h"

namespace fs = std::filesystem;

namespace sov::load {
namespace {

// True when `abs` (absolute, lexically normal) lies in st.root_abs and no symlink below the
// root leads out of it. Each directory is checked once per load (one lstat), so thousands of
// paths stay cheap.
bool StaysInside(LoadState& st, const fs::path& abs) {
  fs::path rel = abs.lexically_relative(st.root_abs);
  if (rel.empty()) return false;
  if (rel == ".") return true;
  if (*rel.begin() == "..") return false;
  fs::path prefix = st.root_abs;
  for (const fs::path& part : rel) {
    if (part.empty() || part == ".") continue;
    prefix /= part;
    auto [it, inserted] = st.dir_within.try_emplace(prefix.string(), true);
    if (inserted) {
      std::error_code ec;
      if (fs::is_symlink(fs::symlink_status(prefix, ec))) {
        it->second = IsWithin(st.root_abs, prefix);
      }
    }
    if (!it->second) return false;
  }
  return true;
}

// Positions inside the YAML that the importer wrote mean nothing in the original file: what
// came from `file` is located at the file alone.
void ForgetPositions(LoadState& st, const std::string& file) {
  auto forget = [&file](Location& loc) {
    if (loc.file == file) loc = Location{file};
  };
  for (Organization& o : st.dep.organizations) forget(o.loc);
  for (Dataset& d : st.dep.datasets) forget(d.loc);
  for (auto& [id, n] : st.dep.nodes) {
    forget(n.loc);
    forget(n.licence.loc);
    forget(n.training.loc);
  }
  for (PendingRef& r : st.refs) forget(r.loc);
  for (auto& [id, locs] : st.base_locs) {
    for (Location& loc : locs) forget(loc);
  }
}

// Parses the YAML the importer made of `file`; an error in it names `file` and no position.
std::string ParseImported(LoadState& st, const std::string& file, const YAML::Node& doc,
                          const std::string& expect_id) {
  std::string id;
  try {
    id = ParseProvenanceDocument(st, file, doc, expect_id, true);
  } catch (const Error& e) {
    if (e.location().file != file) throw;
    throw Error(Location{file}, std::string(e.what()) + " (in the provenance imported from it; "
                                "see 'sovaudit import " + EscapeControl(file) + "')");
  }
  ForgetPositions(st, file);
  return id;
}


}  // namespace

YAML::Node ParseTopLevel(const std::string& text, const std::string& file) {
  YAML::Node doc = ParseBounded(text, file);
  if (!doc.IsDefined() || doc.IsNull()) {
    throw Error(Location{file, 1, 1}, "empty file: expected a YAML mapping");
  }
  if (!doc.IsMap()) {
    throw Error(Loc(file, doc), "expected a YAML mapping at the top level, not " +
                                    Describe(doc));
  }
  return doc;
}

std::string ResolvePath(LoadState& st, const std::string& file, const std::string& value,
                        const Location& loc) {
  if (value.empty()) throw Error(loc, "empty path");
  // A URL stays a URL; in a document fetched from a URL, a relative path is relative to that
  // URL (never a local file: a remote document cannot make the audit read the auditor's disk).
  if (IsUrl(value) || IsUrl(file)) {
    std::string url = IsUrl(value) ? value : net::ResolveUrl(file, value);
    try {
      net::ParseRemoteRef(url);
    } catch (const Error& e) {
      throw Error(loc, e.what());
    }
    return url;
  }
  fs::path p(value);
  fs::path resolved;
  if (p.is_absolute()) {
    if (!st.options.allow_outside) {
      throw Error(loc, "absolute path '" + EscapeControl(value) +
                           "' is not allowed: paths are relative to the file that names them "
                           "(--allow-outside permits it)");
    }
    resolved = p.lexically_normal();
  } else {
    resolved = (fs::path(file).parent_path() / p).lexically_normal();
    if (resolved.empty()) resolved = ".";
    if (!st.options.allow_outside) {
      std::error_code ec;
      fs::path abs = fs::absolute(resolved, ec).lexically_normal();
      if (ec || !StaysInside(st, abs)) {
        std::error_code loop;
        (void)fs::canonical(abs, loop);
        if (loop == std::errc::too_many_symbolic_link_levels) {
          throw Error(loc, "path '" + EscapeControl(value) + "' is a loop of symbolic links");
        }
        throw Error(loc, "path '" + EscapeControl(value) +
                             "' leaves the manifest's folder tree (--allow-outside permits it)");
      }
    }
  }
  std::string out = resolved.string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

void LoadProvenanceFile(LoadState& st, const std::string& path, const std::string& expect_id,
                        const Location& loc) {
  // Paths are already normalised and relative to the working directory.
  std::error_code ec;
  std::string key = IsUrl(path) ? path : fs::absolute(path, ec).lexically_normal().string();
  if (ec) key = path;
  auto seen = st.provenance_files.find(key);
  if (seen != st.provenance_files.end()) {
    if (seen->second != expect_id) {
      throw Error(loc, "provenance file '" + EscapeControl(path) + "' describes model '" +
                           seen->second + "', not '" + expect_id + "'");
    }
    return;
  }
  // Held by pointer so that handing it back to the prefetcher moves the last reference.
  std::unique_ptr<YAML::Node> doc;
  std::optional<Prefetched> pre = TakePrefetched(st, path);
  bool prefetched = pre.has_value();
  if (!IsProvenanceYaml(path)) {
    std::error_code exists_ec;
    if (!IsUrl(path) && !fs::is_regular_file(path, exists_ec)) {
      throw Error(loc, "cannot read provenance file '" + EscapeControl(path) +
                           "': no such file (or not a regular file)");
    }
    doc = std::make_unique<YAML::Node>(ImportProvenance(st, path, expect_id));
  } else if (pre) {
    if (pre->read_error) {
      throw Error(loc, "cannot read provenance file '" + EscapeControl(path) + "': " +
                           pre->read_error->what(), pre->read_error->exit_code());
    }
    if (pre->parse_error) std::rethrow_exception(pre->parse_error);
    doc = std::make_unique<YAML::Node>(pre->doc);
    st.dep.input_sha256[path] = pre->sha256;
    pre.reset();
  } else {
    Input in;
    try {
      in = st.inputs.Read(InputRef::Parse(path));
    } catch (const Error& e) {
      throw Error(loc, "cannot read provenance file '" + EscapeControl(path) + "': " + e.what(),
                  e.exit_code());
    }
    doc = std::make_unique<YAML::Node>(ParseTopLevel(in.bytes, path));
    st.dep.input_sha256[path] = in.record.sha256;
  }
  st.dep.input_files.push_back(path);
  std::string id;
  if (IsProvenanceYaml(path)) {
    id = ParseProvenanceDocument(st, path, *doc, expect_id, true);
  } else {
    id = ParseImported(st, path, *doc, expect_id);
  }
  st.provenance_files.emplace(key, id);
  if (prefetched) RetirePrefetched(st, std::move(doc));
}

bool IsProvenanceYaml(const std::string& path) {
  // A URL's query and pin are not part of its file name.
  std::string name = InputRef::Parse(path).name();
  std::string ext = AsciiLower(fs::path(name).extension().string());
  return ext == ".yaml" || ext == ".yml";
}

YAML::Node ImportProvenance(const LoadState& st, const std::string& path,
                            const std::string& expect_id) {
  import::ImportOptions options;
  options.model_id = expect_id;
  options.inputs = &st.inputs;
  import::ProvenanceDoc doc = import::Import(path, st.catalog, options);
  return ParseTopLevel(import::EmitProvenanceYaml(doc), path);
}

}  // namespace sov::load

namespace sov {
namespace {

void InitState(load::LoadState& st, const std::string& path) {
  st.dep.file = path;
  st.dep.input_files.push_back(path);
  st.root = fs::path(path).parent_path();
  if (st.root.empty()) st.root = ".";
  std::error_code ec;
  st.root_abs = fs::absolute(st.root, ec).lexically_normal();
  if (ec) throw Error(Location{path}, "cannot resolve folder: " + ec.message());
  // lexically_normal keeps a trailing separator ("a/b/"); drop it for prefix comparisons.
  if (!st.root_abs.has_filename()) st.root_abs = st.root_abs.parent_path();
}

Deployment LoadParsed(const std::string& path, const YAML::Node& doc, const Catalog& catalog,
                      const LoadOptions& options) {
  load::LoadState st(catalog, options);
  InitState(st, path);
  load::ParseManifest(st, path, doc);
  load::Resolve(st);
  return std::move(st.dep);
}

// The top-level `kind` scalar of a mapping, or "".
std::string KindOf(const YAML::Node& doc) {
  for (const auto& kv : doc) {
    if (kv.first.IsScalar() && kv.first.Scalar() == "kind") {
      return kv.second.IsScalar() ? kv.second.Scalar() : std::string();
    }
  }
  return "";
}

}  // namespace

Deployment LoadDeployment(const std::string& path, const Catalog& catalog,
                          const LoadOptions& options) {
  FileReader local;
  InputReader& inputs = options.inputs != nullptr ? *options.inputs : local;
  Input in = inputs.Read(InputRef::Parse(path));
  YAML::Node doc = load::ParseTopLevel(in.bytes, path);
  Deployment d = LoadParsed(path, doc, catalog, options);
  d.input_sha256[path] = in.record.sha256;
  return d;
}

namespace {

// The value of a `kind:` line at column 0, or "" when there is none. In block-style YAML such a
// line can only be the top-level key (a block scalar's lines are indented), so a directory of
// 10,000 provenance files is scanned without parsing each one.
std::string KindLine(const std::string& text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    if (line.rfind("kind:", 0) != 0) continue;
    std::string_view v = line.substr(5);
    size_t hash = v.find(" #");
    if (hash != std::string_view::npos) v = v.substr(0, hash);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) {
      v.remove_suffix(1);
    }
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
      v = v.substr(1, v.size() - 2);
    }
    return std::string(v);
  }
  return "";
}

}  // namespace

std::string PeekKind(const std::string& path) {
  try {
    std::string text = ReadTextFile(path);
    std::string kind = KindLine(text);
    if (!kind.empty()) return kind;
    YAML::Node doc = YAML::Load(text);  // flow-style documents: parse to find out
    return doc.IsMap() ? KindOf(doc) : std::string();
  } catch (...) {
    return "";
  }
}

namespace {

// A top-level `key: value` of block-style YAML, found without parsing.
struct TopKey {
  std::string value;
  int line = 0;
};

// The top-level keys of a block-style YAML text (lines at column 0), values unquoted.
std::map<std::string, TopKey> TopLevelKeys(const std::string& text) {
  std::map<std::string, TopKey> keys;
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size() && keys.size() < 64) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.empty() || std::strchr(" \t#-{}[]\"'.%", line.front()) != nullptr) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string value = KindLine("kind:" + std::string(line.substr(colon + 1)));
    keys.emplace(std::string(line.substr(0, colon)), TopKey{value, line_no});
  }
  return keys;
}

}  // namespace

std::string PortfolioKind(const std::string& path) {
  static const std::vector<std::string> kKinds = {"Deployment", "ModelProvenance", "RulePack",
                                                  "Waivers"};
  std::string text;
  try {
    text = ReadTextFile(path);
  } catch (const Error&) {
    return "";  // unreadable or not text: not sovaudit's to judge here
  }
  std::map<std::string, TopKey> keys = TopLevelKeys(text);
  if (keys.empty()) {
    // Flow style: parse to find the keys (a file that does not parse is not ours).
    try {
      YAML::Node doc = YAML::Load(text);
      if (!doc.IsMap()) return "";
      for (const auto& kv : doc) {
        if (!kv.first.IsScalar()) continue;
        keys.emplace(kv.first.Scalar(),
                     TopKey{kv.second.IsScalar() ? kv.second.Scalar() : "", 0});
      }
    } catch (...) {
      return "";
    }
  }
  auto api = keys.find("apiVersion");
  auto kind = keys.find("kind");
  std::string kind_value = kind == keys.end() ? "" : kind->second.value;
  bool known = std::find(kKinds.begin(), kKinds.end(), kind_value) != kKinds.end();
  if (api != keys.end() && api->second.value == "sovaudit/v1") {
    if (known) return kind_value;
    if (kind == keys.end()) {
      throw Error(Location{path, api->second.line, api->second.line ? 1 : 0},
                  "says 'apiVersion: sovaudit/v1' but has no 'kind': a portfolio loses no "
                  "manifest, so add 'kind: Deployment' (or the file's kind) or move the file");
    }
    throw Error(Location{path, kind->second.line, kind->second.line ? 1 : 0},
                "unknown kind '" + EscapeControl(kind_value) + "'" +
                    DidYouMean(kind_value, kKinds) + " (one of " + Join(kKinds, ", ") + ")");
  }
  if (api != keys.end() && api->second.value.rfind("sovaudit/", 0) == 0) {
    throw Error(Location{path, api->second.line, api->second.line ? 1 : 0},
                "unsupported apiVersion '" + EscapeControl(api->second.value) +
                    "' (this sovaudit reads sovaudit/v1)");
  }
  if (api == keys.end() && keys.count("sovereignty") && keys.count("models")) {
    throw Error(Location{path},
                "has top-level 'sovereignty' and 'models' like a deployment manifest but no "
                "'apiVersion: sovaudit/v1' and 'kind: Deployment': add them, or move the file "
                "out of the folder audited");
  }
  return api == keys.end() && known ? kind_value : "";
}

void ValidateFile(const std::string& path, const Catalog& catalog, const LoadOptions& options) {
  if (!load::IsProvenanceYaml(path)) {
    // Third-party provenance: validated as the provenance it imports to.
    load::LoadState st(catalog, options);
    InitState(st, path);
    st.standalone = true;
    load::ParseImported(st, path, load::ImportProvenance(st, path, ""), "");
    load::Resolve(st);
    return;
  }
  FileReader local;
  InputReader& inputs = options.inputs != nullptr ? *options.inputs : local;
  YAML::Node doc = load::ParseTopLevel(inputs.Read(InputRef::Parse(path)).bytes, path);
  std::string kind = KindOf(doc);
  if (kind == "Deployment") {
    LoadParsed(path, doc, catalog, options);
    return;
  }
  if (kind == "ModelProvenance") {
    load::LoadState st(catalog, options);
    InitState(st, path);
    st.standalone = true;
    load::ParseProvenanceDocument(st, path, doc, "", true);
    load::Resolve(st);
    return;
  }
  parse::Fields f(path, doc, "document",
                 {"apiVersion", "kind", "metadata", "sovereignty", "organizations",
                  "infrastructure", "datasets", "models", "evaluations", "endpoints", "flows",
                  "contingency", "model", "lineage"});
  f.Require("kind");
  throw Error(f.ValueLoc("kind"), "unsupported kind '" + EscapeControl(f.String("kind")) +
                                      "' (expected Deployment or ModelProvenance)" +
                                      DidYouMean(f.String("kind"),
                                                 {"Deployment", "ModelProvenance"}));
}

}  // namespace sov
