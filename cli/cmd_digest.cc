// sovaudit digest: prints the OMS root digest of a model folder or single file, `sha256:<hex>`:
// the SHA-256 over the concatenated raw SHA-256 digests of its files (or shards), in the order
// the reference tool sorts them. It is the in-toto subject digest a signature of the same model
// with the same options carries, and the digest evaluation results bind to (SOV-5.4).
//
// Nothing is left out but the git files at the top of a folder and --ignore-paths: a signature
// file stored inside the model is hashed like any other file unless it is named there.
#include <ostream>
#include <string>

#include "cli/commands.h"
#include "cli/progress.h"
#include "src/oms/oms.h"
#include "src/util/error.h"

namespace sov {

int RunDigestCommand(const DigestCommandOptions& o, std::ostream& out, std::ostream& err) {
  oms::SerializationOptions options = SerializationFrom(o, o.method, o.shard_size);
  oms::HashProgress progress;
  options.progress = &progress;
  ProgressBar bar(progress, err, o.quiet);
  oms::Manifest manifest = oms::ComputeManifest(o.model, options);
  bar.Stop();
  ReportEngine(o, manifest.engine, err);
  out << "sha256:" << oms::RootDigest(manifest) << "\n";
  return kExitOk;
}

}  // namespace sov
