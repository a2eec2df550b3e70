// sovaudit validate: schema checks only. Reports every file's first error, not just the first
// file's.
#include <algorithm>
#include <filesystem>
#include <ostream>

#include "cli/commands.h"
#include "src/catalog/catalog.h"
#include "src/load/loader.h"
#include "src/util/error.h"
#include "src/util/text.h"
#include "src/waiver/waiver.h"

namespace sov {
namespace fs = std::filesystem;

namespace {

// Files to validate: a file as given; a directory's YAML files whose kind is Deployment,
// ModelProvenance or Waivers (recursively, sorted, symlinks not followed).
// A file that looks like sovaudit's with a missing or unknown kind is an error (on `err`,
// `worst` raised), never skipped; `skipped` counts the YAML files that are not sovaudit's.
std::vector<std::string> Expand(const std::string& path, size_t* skipped, std::ostream& err,
                                int& worst) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(path, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_symlink() || !it->is_regular_file()) continue;
    std::string ext = it->path().extension().string();
    if (ext != ".yaml" && ext != ".yml") continue;
    std::string kind;
    try {
      kind = PortfolioKind(it->path().string());
    } catch (const Error& e) {
      err << "sovaudit: error: " << EscapeControl(e.Describe()) << "\n";
      worst = std::max(worst, e.exit_code());
      continue;
    }
    if (kind == "Deployment" || kind == "ModelProvenance" || kind == "Waivers") {
      files.push_back(it->path().string());
    } else if (kind.empty()) {
      ++*skipped;
    }
  }
  if (ec) throw Error(Location{path}, "cannot read directory: " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw Error(Location{path}, "no manifest or provenance file in this directory");
  return files;
}

// A waiver file: its frame throws; each malformed entry is an error here (in an audit it is a
// SOV-W.2 finding). Rule ids are not checked: a pack given to the audit may define them.
// Returns false when an entry is malformed.
bool ValidateWaivers(const std::string& file, InputReader& inputs, std::ostream& err) {
  bool ok = true;
  for (const WaiverResult& w : LoadWaivers(file, inputs)) {
    if (w.state != "invalid") continue;
    err << "sovaudit: error: " << EscapeControl(Error(w.location, w.problem).Describe()) << "\n";
    ok = false;
  }
  return ok;
}

}  // namespace

int RunValidateCommand(const ValidateCommandOptions& o, InputReader& inputs, std::ostream& out,
                       std::ostream& err) {
  LoadOptions load;
  load.allow_outside = o.allow_outside;
  load.inputs = &inputs;
  const Catalog& catalog = Catalog::Builtin();
  int worst = kExitOk;
  size_t skipped = 0;
  for (const std::string& p : o.paths) {
    for (const std::string& file : Expand(p, &skipped, err, worst)) {
      try {
        if (PeekKind(file) == "Waivers") {
          if (ValidateWaivers(file, inputs, err)) {
            out << EscapeControl(file) << ": ok\n";
          } else {
            worst = std::max(worst, static_cast<int>(kExitInput));
          }
          continue;
        }
        ValidateFile(file, catalog, load);
        out << EscapeControl(file) << ": ok\n";
      } catch (const Error& e) {
        err << "sovaudit: error: " << EscapeControl(e.Describe()) << "\n";
        worst = std::max(worst, e.exit_code());
      }
    }
  }
  if (skipped > 0) {
    err << "sovaudit: note: skipped " << skipped << " YAML file" << (skipped == 1 ? "" : "s")
        << " that " << (skipped == 1 ? "is" : "are") << " not sovaudit's (no apiVersion "
        << "sovaudit/v1)\n";
  }
  return worst;
}

}  // namespace sov
