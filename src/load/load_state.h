#pragma once
// Private to src/load: the state of one LoadDeployment/ValidateFile call. Parsing fills the
// Deployment and records every id reference; resolution (resolve.cc) checks them afterwards
// with hash maps, so that a forward reference is fine and lookups stay O(1).

#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/catalog/catalog.h"
#include "src/load/loader.h"
#include "src/parse/yaml_reader.h"
#include "src/model/stack.h"

namespace sov::load {

// The bounded YAML reader (src/parse) as load uses it everywhere.
using parse::CheckId;
using parse::Describe;
using parse::Fields;
using parse::kMaxDepth;
using parse::kMaxNodesVisited;
using parse::kMaxString;
using parse::kMaxThirdPartyString;
using parse::ListOf;
using parse::Loc;
using parse::ParseBounded;
using parse::ScalarOf;

enum class RefKind {
  kOrganization,
  kInfrastructure,
  kDataset,
  kEvaluation,
  kDeployedModel,
  kFlowTarget,  // infrastructure, endpoint or deployed model
};

struct PendingRef {
  RefKind kind;
  std::string id;
  Location loc;
};

// A provenance file read and parsed ahead of the schema pass, or why that failed.
struct Prefetched {
  YAML::Node doc;
  std::string sha256;               // of the text parsed
  std::optional<Error> read_error;  // reading failed
  std::exception_ptr parse_error;   // ParseTopLevel failed
};

// Reads and parses provenance files on worker threads, in the order the schema pass will ask
// for them, at most a window of files ahead of it: memory stays bounded by the window however
// many files a deployment names (prefetch.cc).
class Prefetcher;

struct LoadState {
  LoadState(const Catalog& c, const LoadOptions& o);
  ~LoadState();


  const Catalog& catalog;
  LoadOptions options;
  FileReader local_inputs;  // when options.inputs is null
  InputReader& inputs;      // every file of the load is read through it
  Deployment dep;
  std::filesystem::path root;      // the manifest's folder: paths may not leave it
  std::filesystem::path root_abs;  // the same, absolute and lexically normal
  std::unordered_map<std::string, bool> dir_within;  // memo for symlink checks below root
  // Standalone provenance validation: references into the deployment are not checked.
  bool standalone = false;
  // Set while a document with `imported_from` (written by sovaudit import) is parsed: what a
  // third-party file does not state may be absent there (developer, relation, organisation
  // jurisdiction, dataset owner) and stays unknown.
  bool imported = false;

  std::vector<PendingRef> refs;
  std::unordered_map<std::string, size_t> orgs, infra, datasets, evals, models, endpoints;
  std::unordered_map<std::string, std::vector<Location>> base_locs;  // node id -> base values
  std::unordered_map<std::string, Location> parent_locs;             // org id -> parent value
  // dataset id -> the position of each `residency` entry, checked against home once it is known
  std::unordered_map<std::string, std::vector<Location>> residency_locs;
  std::unordered_map<std::string, std::string> provenance_files;     // canonical path -> model
  // Provenance files read and parsed ahead on other threads (prefetch.cc); null when the
  // manifest names too few files to be worth it.
  std::unique_ptr<Prefetcher> prefetch;

  void Ref(RefKind kind, const std::string& id, const Location& loc) {
    if (!id.empty()) refs.push_back(PendingRef{kind, id, loc});
  }
  void Refs(RefKind kind, const std::vector<std::string>& ids, const std::vector<Location>& locs) {
    for (size_t i = 0; i < ids.size(); ++i) refs.push_back(PendingRef{kind, ids[i], locs[i]});
  }
};

// --- parse_common.cc: the definitions a manifest and a provenance file share.

// Each adds its entries to st.dep, rejecting duplicates: the same id twice in one file is an
// error; in two files it is fine when both definitions are equal, an error naming both
// places otherwise.
void ParseOrganizations(LoadState& st, const std::string& file, const YAML::Node& list);
void ParseInfrastructure(LoadState& st, const std::string& file, const YAML::Node& list);
void ParseDatasets(LoadState& st, const std::string& file, const YAML::Node& list);

// `location: CC` or `region: provider:region` (exactly one) of an infrastructure element or
// endpoint mapping; returns {country, region as written or ""}. Throws at the offending value.
std::pair<std::string, std::string> ParsePlace(const LoadState& st, const Fields& f);

// An ISO 3166-1 alpha-2 code known to the catalogue; throws at `loc` otherwise.
void CheckCountry(const LoadState& st, const std::string& code, const Location& loc,
                  std::string_view what);

// --- provenance.cc

// A whole provenance document (top-level mapping of a file, or an inline one): `model`,
// `lineage`, extra organisations, datasets and infrastructure. Returns the model's id.
// `default_id` (may be "") is used when `model.id` is absent; `require_header` demands
// apiVersion and kind. Throws when the model's id differs from `expect_id` (unless "").
std::string ParseProvenanceDocument(LoadState& st, const std::string& file,
                                    const YAML::Node& doc, const std::string& expect_id,
                                    bool require_header);
// A provenance `model` mapping on its own (the inline form); id defaults to `default_id`.
std::string ParseModelForm(LoadState& st, const std::string& file, const YAML::Node& node,
                           const std::string& default_id);

// --- manifest.cc

// The sections of a `kind: Deployment` document; provenance files are read as models name
// them. Fills st.dep.
void ParseManifest(LoadState& st, const std::string& file, const YAML::Node& doc);

// --- loader.cc

// Parses a whole input file's text: a YAML mapping at the top level. Throws for an empty file,
// a top level that is not a mapping, and everything ParseBounded rejects.
YAML::Node ParseTopLevel(const std::string& text, const std::string& file);

// `value` (as written in `file`) made relative to the working directory and normalised.
// Throws at `loc` for an absolute path or one leaving st.root unless allow_outside.
std::string ResolvePath(LoadState& st, const std::string& file, const std::string& value,
                        const Location& loc);
// Reads and parses a provenance file named at `loc` (once per deployment), and adds it to
// the deployment. Throws for third-party formats, unreadable files and schema errors.
void LoadProvenanceFile(LoadState& st, const std::string& path, const std::string& expect_id,
                        const Location& loc);

// True when `path` names sovaudit provenance YAML (.yaml or .yml); other files are third-party
// provenance, read through src/import.
bool IsProvenanceYaml(const std::string& path);

// The YAML `sovaudit import` writes for third-party provenance file `path` (model id
// `expect_id`), parsed. Positions in it are those of that YAML, under the original file name.
YAML::Node ImportProvenance(const LoadState& st, const std::string& path,
                            const std::string& expect_id);

// --- prefetch.cc

// Starts reading and parsing, on worker threads, every provenance file that the `models` list
// of a manifest names by path (st.prefetch). Never throws: errors are kept and raised by
// LoadProvenanceFile in manifest order, so the first error reported does not depend on timing.
void PrefetchProvenance(LoadState& st, const std::string& file, const YAML::Node& models);

// The prefetched file at `path` (resolved as by ResolvePath), waiting for it when a worker is
// still parsing it; nullopt when it was not prefetched. Each file is handed out once.
std::optional<Prefetched> TakePrefetched(LoadState& st, const std::string& path);

// Gives a document returned by TakePrefetched back, once the schema pass is done with it, for a
// worker to destroy.
void RetirePrefetched(LoadState& st, std::unique_ptr<YAML::Node> doc);

// Stops the workers and drops what they parsed that nobody took.
void StopPrefetch(LoadState& st);

// --- resolve.cc

// Checks every recorded reference, expands catalogue lineage, checks lineage rules and
// rejects lineage and parent cycles.
void Resolve(LoadState& st);

// The top-level apiVersion/kind check shared by manifests and provenance files.
void CheckHeader(const Fields& f, std::string_view kind, bool required);

}  // namespace sov::load
