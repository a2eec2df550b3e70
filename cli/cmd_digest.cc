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
#include "src/util/text.h"
#include "src/util/encoding.h"

namespace sov {

int RunDigestCommand(const DigestCommandOptions& o, std::ostream& out, std::ostream& err) {
  CheckWeightsAttestOptions(o);
  std::error_code ec;
  if (!o.attest_key.empty() && !std::filesystem::is_regular_file(o.model, ec)) {
    throw Error(Location{o.model}, "--attest with digest is for a whole-file sha256 pin, of one "
                                   "file: for a folder, sign it and attest with verify --attest");
  }
  if (!o.expect.empty() && o.attest_key.empty()) throw Error("--expect goes with --attest");
  if (!o.attest_key.empty() && o.method != "files") {
    throw Error("--attest attests a whole-file sha256 pin: --method shards does not go with it");
  }
  std::optional<std::string> expected = Sha256HexDigits(o.expect);
  if (!o.expect.empty() && !expected) throw Error("--expect: '" + o.expect + "' is not a hex SHA-256");
  const std::string expect = expected.value_or("");
  oms::SerializationOptions options = SerializationFrom(o, o.method, o.shard_size);
  if (!o.attest_key.empty()) options.method = oms::SerializationOptions::kFiles;
  oms::HashProgress progress;
  options.progress = &progress;
  ProgressBar bar(progress, err, o.quiet);
  oms::Manifest manifest = oms::ComputeManifest(o.model, options);
  bar.Stop();
  ReportEngine(o, manifest.engine, err);
  out << "sha256:" << oms::RootDigest(manifest) << "\n";
  if (o.attest_key.empty()) return kExitOk;
  // One file hashed whole: its resource digest is the file's SHA-256, the sha256 pin.
  const std::string file_sha256 = AsciiLower(manifest.resources.front().digest);
  WeightsVerification v;
  v.subject_name = std::filesystem::path(o.model).filename().string();
  v.method = "sha256";
  v.digest = expect.empty() ? file_sha256 : expect;
  v.passed = expect.empty() || expect == file_sha256;
  if (!v.passed) {
    err << "sovaudit: error: " << EscapeControl(o.model) << ": sha256 " << file_sha256
        << " differs from the expected " << expect << "\n";
  }
  WriteWeightsAttestation(o, o.model, v, err);
  return v.passed ? kExitOk : kExitIntegrity;
}

}  // namespace sov
