"""What the reference tool's CLI cannot do, through its Python API (model-signing 1.1.1).

  reference_api.py digest MODEL files|shards SHARD_SIZE [IGNORE...]
      prints sha256:<root>: the in-toto subject digest the reference would sign, computed by
      the reference's own hashing.Config and signing.Payload.
  reference_api.py sign-shards MODEL SIGNATURE PRIVATE_KEY SHARD_SIZE
      signs MODEL with an elliptic key using shard serialisation.
  reference_api.py verify-key MODEL SIGNATURE PUBLIC_KEY
      verifies with the serialisation the signature names (the reference CLI always re-hashes
      with files, so it cannot verify a shard signature); exits 1 when it does not verify.

Used by reference_roundtrip.sh; run with the virtual environment's python.
"""
import pathlib
import sys

from model_signing import hashing, signing, verifying
from model_signing._signing import signing as signing_internal


def hashing_config(method, shard_size, ignore):
  config = hashing.Config()
  if method == "shards":
    config.use_shard_serialization(shard_size=shard_size)
  else:
    config.use_file_serialization()
  if ignore:
    config.set_ignored_paths(paths=[pathlib.Path(p).absolute() for p in ignore])
  return config


def main(argv):
  if len(argv) >= 4 and argv[0] == "digest":
    model = pathlib.Path(argv[1]).absolute()
    manifest = hashing_config(argv[2], int(argv[3]), argv[4:]).hash(model)
    payload = signing_internal.Payload(manifest)
    subject = payload.statement.pb.subject[0]
    print("sha256:" + subject.digest["sha256"])
    return 0
  if len(argv) == 5 and argv[0] == "sign-shards":
    model, sig, key, shard_size = argv[1], argv[2], argv[3], int(argv[4])
    config = hashing_config("shards", shard_size, [sig])
    (signing.Config()
     .use_elliptic_key_signer(private_key=key)
     .set_hashing_config(config)
     .sign(pathlib.Path(model), pathlib.Path(sig)))
    return 0
  if len(argv) == 4 and argv[0] == "verify-key":
    try:
      (verifying.Config()
       .use_elliptic_key_verifier(public_key=argv[3])
       .verify(pathlib.Path(argv[1]), pathlib.Path(argv[2])))
    except ValueError as e:
      print(f"Verification failed: {e}", file=sys.stderr)
      return 1
    print("Verification succeeded")
    return 0
  print(__doc__, file=sys.stderr)
  return 2


if __name__ == "__main__":
  sys.exit(main(sys.argv[1:]))
