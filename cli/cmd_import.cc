// sovaudit import: third-party provenance (formats.md) to sovaudit provenance YAML on stdout
// (or atomically to --output); what could not be mapped is listed on stderr, one note a line.
#include <ostream>
#include <string>

#include "cli/commands.h"
#include "src/catalog/catalog.h"
#include "src/import/emit.h"
#include "src/import/import.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov {
namespace {

bool IsId(const std::string& id) {
  if (id.empty()) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '/' && c != '-'))) return false;
  }
  return true;
}

}  // namespace

int RunImportCommand(const ImportCommandOptions& o, InputReader& inputs, std::ostream& out,
                     std::ostream& err) {
  import::ImportOptions options;
  if (!import::ParseFormat(o.from, &options.from)) {
    throw Error("--from: unknown format '" + EscapeControl(o.from) + "'");
  }
  if (!o.id.empty() && !IsId(o.id)) {
    throw Error("--id: '" + EscapeControl(o.id) + "' is not an id ([a-z0-9][a-z0-9._/-]*)");
  }
  options.model_id = o.id;
  options.inputs = &inputs;
  import::ProvenanceDoc doc = import::Import(o.file, Catalog::Builtin(), options);
  std::string yaml = import::EmitProvenanceYaml(doc);
  if (o.output.empty() || o.output == "-") {
    out << yaml;
  } else {
    WriteFileAtomically(o.output, yaml);
  }
  for (const std::string& note : doc.unmapped) {
    err << "sovaudit: note: " << EscapeControl(o.file) << ": could not map: "
        << EscapeControl(note) << "\n";
  }
  return kExitOk;
}

}  // namespace sov
