#pragma once
// Loading: deployment manifests and provenance files (manifest.md, v1) into a Deployment.
// Every input error throws sov::Error with file:line:column and exit code 2.

#include <string>
#include <vector>

#include "src/catalog/catalog.h"
#include "src/model/stack.h"
#include "src/util/input.h"

namespace sov {

struct LoadOptions {
  bool allow_outside = false;  // --allow-outside: paths may leave the manifest's folder tree
  // Reads the manifest, provenance files and third-party cards (which may be URLs); nullptr:
  // local files only. Each file is read once, and its recorded SHA-256 is of the bytes parsed.
  InputReader* inputs = nullptr;
};

// Loads a `kind: Deployment` manifest and every provenance file it names, checks every field,
// type and id reference, expands `catalog:` lineage entries from the catalogue, and rejects
// lineage or parent cycles. Throws Error on the first problem found.
Deployment LoadDeployment(const std::string& path, const Catalog& catalog,
                          const LoadOptions& options);

// The top-level `kind` of a YAML file ("Deployment", "ModelProvenance", ...), or "" when the
// file is not a YAML mapping with a string `kind`. A `kind:` line at column 0 is taken without
// parsing the file (so a malformed manifest is still found, and reported when loaded); other
// files are parsed. Never throws.
std::string PeekKind(const std::string& path);

// The kind of a YAML file met while searching a folder (a portfolio): one of sovaudit's
// kinds ("Deployment", "ModelProvenance", "RulePack", "Waivers"), or "" for a file that is not
// sovaudit's (skipped). Portfolios lose nothing: a file that says `apiVersion: sovaudit/v1`
// with a missing or unknown kind, or that has no apiVersion but top-level `sovereignty:` and
// `models:`, throws Error naming the file (and the line of its kind or apiVersion).
std::string PortfolioKind(const std::string& path);

// `sovaudit validate`: checks one file against the schema: a Deployment fully (as
// LoadDeployment), a ModelProvenance on its own. Throws Error on the first problem.
void ValidateFile(const std::string& path, const Catalog& catalog, const LoadOptions& options);

}  // namespace sov
