// sovaudit sign: hashes a model folder or single file and writes an OMS signature bundle
// (OpenSSF model signing v1.0, the layout the reference tool model_signing v1.1 writes), signed
// with an EC private key, either bare (key method) or with a certificate chain.
//
// The bundle goes to --signature, by default `model.sig` in the current directory, as with the
// reference tool. When that file lies inside the model it is left out of the hash and recorded
// in the signature's ignore_paths, so `verify` finds the model unchanged.
#include <ostream>
#include <string>

#include "cli/commands.h"
#include "cli/progress.h"
#include "src/oms/oms.h"
#include "src/util/error.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov {
namespace fs = std::filesystem;

namespace {

oms::SignOptions ToSignOptions(const SignCommandOptions& o) {
  if (!o.certificate_chain.empty() && o.signing_certificate.empty()) {
    throw Error(
        "--certificate-chain needs --signing-certificate (the leaf that holds the "
        "private key's public key)");
  }
  if (o.signature.empty()) throw Error("--signature must name a file");
  oms::SignOptions s;
  s.private_key = o.private_key;
  s.signing_certificate = o.signing_certificate;
  for (const std::string& c : o.certificate_chain) s.certificate_chain.emplace_back(c);
  s.serialization = SerializationFrom(o, o.method, o.shard_size);
  s.signature = o.signature;
  return s;
}

// The signature file must not be the model, nor a folder.
void CheckOutput(const SignCommandOptions& o) {
  std::error_code ec;
  if (fs::is_directory(o.signature, ec)) {
    throw Error(Location{o.signature}, "--signature names a folder; give the bundle's file name");
  }
  if (fs::exists(o.model, ec) && fs::equivalent(o.model, o.signature, ec)) {
    throw Error(Location{o.signature}, "--signature would overwrite the model itself");
  }
}

}  // namespace

int RunSignCommand(const SignCommandOptions& o, std::ostream& out, std::ostream& err) {
  oms::SignOptions options = ToSignOptions(o);
  CheckOutput(o);
  oms::SignSummary summary;
  oms::HashProgress progress;
  options.serialization.progress = &progress;
  ProgressBar bar(progress, err, o.quiet);
  std::string bundle = oms::Sign(o.model, options, &summary);
  bar.Stop();
  ReportEngine(o, summary.engine, err);
  WriteFileAtomically(o.signature, bundle);

  out << "signed " << EscapeControl(o.model) << "\n";
  out << "  signature:   " << EscapeControl(o.signature) << "\n";
  out << "  signer:      " << EscapeControl(summary.signer) << "\n";
  out << "  method:      " << o.method;
  if (o.method == "shards") out << " of " << o.shard_size << " bytes";
  out << ", sha256, " << Count(summary.files, "file");
  if (o.method == "shards") out << " in " << Count(summary.resources, "shard");
  out << "\n";
  out << "  root digest: sha256:" << summary.root_digest << "\n";
  return kExitOk;
}

}  // namespace sov
