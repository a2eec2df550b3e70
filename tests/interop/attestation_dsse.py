"""sovaudit's attestations checked without sovaudit (issue 18, spec/evidence.md).

    attestation_dsse.py SOVAUDIT

Audits a fixture with `--attest`, then, with the Python package cryptography only:
- the DSSE signature over PAE(payloadType, payload) verifies with the public key (ECDSA over
  SHA-256 for P-256), and fails once the payload, the payload type or the signature changes;
- the bundle is a Sigstore bundle v0.3 (mediaType, dsseEnvelope with one signature);
- the statement follows in-toto Statement v1: _type, subject (name + digest.sha256, lower-case
  hex), predicateType (a URI), predicate (an object); the subjects' digests are the SHA-256 of
  the files (hashlib), the report first.
- a weights VSA (`digest --attest`, `verify --attest`) follows SLSA Verification Summary v1:
  verifier.id, timeVerified (RFC 3339), resourceUri, policy.uri, verificationResult PASSED or
  FAILED, verifiedLevels, slsaVersion; its DSSE signature verifies, and its subject digest is the
  file's SHA-256 (hashlib) or the OMS root digest the signature names.
Prints one line per check and exits 1 on the first failure.
"""

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def pae(payload_type: bytes, payload: bytes) -> bytes:
    """DSSE v1 pre-authentication encoding."""
    return b"DSSEv1 %d %s %d %s" % (len(payload_type), payload_type, len(payload), payload)


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        sys.exit(1)


def verifies(pub, payload_type: bytes, payload: bytes, sig: bytes) -> bool:
    try:
        pub.verify(sig, pae(payload_type, payload), ec.ECDSA(hashes.SHA256()))
        return True
    except InvalidSignature:
        return False


def main():
    sovaudit = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        key = ec.generate_private_key(ec.SECP256R1())
        key_path = os.path.join(tmp, "key.pem")
        with open(key_path, "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
        report = os.path.join(tmp, "report.json")
        att = os.path.join(tmp, "audit.att.json")
        subprocess.run([sovaudit, "audit", "fixtures/layer3-finetune", "--as-of", "2026-12-01",
                        "--format", "json", "-o", report, "--attest", key_path,
                        "--attestation", att], cwd=SOURCE, check=True)
        bundle = json.load(open(att))
        check(bundle.get("mediaType") == "application/vnd.dev.sigstore.bundle.v0.3+json",
              "a Sigstore bundle v0.3")
        env = bundle["dsseEnvelope"]
        check(len(env["signatures"]) == 1, "one DSSE signature")
        payload_type = env["payloadType"].encode()
        payload = base64.b64decode(env["payload"])
        sig = base64.b64decode(env["signatures"][0]["sig"])
        pub = key.public_key()
        check(payload_type == b"application/vnd.in-toto+json", "payloadType is in-toto JSON")
        check(verifies(pub, payload_type, payload, sig), "the DSSE signature verifies (cryptography)")
        check(not verifies(pub, payload_type, payload.replace(b'"achieved_layer":3', b'"achieved_layer":4'), sig),
              "an edited payload does not verify")
        check(not verifies(pub, b"application/json", payload, sig), "another payloadType does not verify")
        bad = bytearray(sig)
        bad[len(bad) // 2] ^= 1
        check(not verifies(pub, payload_type, payload, bytes(bad)), "an edited signature does not verify")

        st = json.loads(payload)
        check(st.get("_type") == "https://in-toto.io/Statement/v1", "_type is in-toto Statement v1")
        check(re.match(r"^[a-z][a-z0-9+.-]*://", st.get("predicateType", "")) is not None,
              "predicateType is a URI: " + st.get("predicateType", ""))
        check(isinstance(st.get("predicate"), dict), "predicate is an object")
        subjects = st.get("subject")
        check(isinstance(subjects, list) and len(subjects) >= 1, "subject is a non-empty list")
        for s in subjects:
            check(isinstance(s.get("name"), str) and s["name"] != "", "subject has a name: " + s.get("name", ""))
            digest = s.get("digest", {}).get("sha256", "")
            check(re.fullmatch(r"[0-9a-f]{64}", digest) is not None, "  digest.sha256 is lower-case hex")
        with open(report, "rb") as f:
            check(subjects[0]["digest"]["sha256"] == hashlib.sha256(f.read()).hexdigest(),
                  "the first subject is the report's SHA-256 (hashlib)")
        for s in subjects[1:]:
            path = os.path.join(SOURCE, s["name"])
            if s["name"].startswith("models/"):
                model = s["name"].rsplit("/", 1)[1]
                path = os.path.join(SOURCE, "fixtures/layer3-finetune/weights", model + ".safetensors")
            with open(path, "rb") as f:
                check(s["digest"]["sha256"] == hashlib.sha256(f.read()).hexdigest(),
                      "  " + s["name"] + " is the file's SHA-256 (hashlib)")
        predicate = st["predicate"]
        check(predicate["report"]["name"] == "report.json" and predicate["as_of"] == "2026-12-01",
              "the predicate names the report and the audit date")

        weights = os.path.join(SOURCE, "fixtures/layer3-finetune/weights/orchard-credit-8b.safetensors")
        vsa_path = os.path.join(tmp, "vsa.json")
        subprocess.run([sovaudit, "digest", weights, "--attest", key_path, "--attestation", vsa_path],
                       check=True, stdout=subprocess.DEVNULL)
        with open(weights, "rb") as f:
            check_vsa(pub, vsa_path, hashlib.sha256(f.read()).hexdigest(), "PASSED", "sha256")
        signed = os.path.join(SOURCE, "fixtures/signed-model")
        model = os.path.join(signed, "weights/aoba-helpdesk-3.7b")
        sig = os.path.join(model, "model.sig")
        subprocess.run([sovaudit, "verify", model, "--signature", sig, "--public-key",
                        os.path.join(signed, "keys/helpdesk-signing-key.pub.pem"), "--attest", key_path,
                        "--attestation", vsa_path], check=True, stdout=subprocess.DEVNULL)
        oms = json.loads(base64.b64decode(json.load(open(sig))["dsseEnvelope"]["payload"]))
        check_vsa(pub, vsa_path, oms["subject"][0]["digest"]["sha256"], "PASSED", "oms-key")
        subprocess.run([sovaudit, "digest", weights, "--attest", key_path, "--attestation", vsa_path,
                        "--expect", "a" * 64], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        check_vsa(pub, vsa_path, "a" * 64, "FAILED", "sha256")


def check_vsa(pub, path, digest, result, method):
    """A SLSA VSA v1 in a DSSE envelope signed by pub, for `digest`, with `result`."""
    env = json.load(open(path))["dsseEnvelope"]
    payload = base64.b64decode(env["payload"])
    check(verifies(pub, env["payloadType"].encode(), payload, base64.b64decode(env["signatures"][0]["sig"])),
          "VSA: the DSSE signature verifies (cryptography)")
    st = json.loads(payload)
    check(st["_type"] == "https://in-toto.io/Statement/v1" and
          st["predicateType"] == "https://slsa.dev/verification_summary/v1", "VSA: in-toto v1, SLSA VSA v1")
    check(len(st["subject"]) == 1 and st["subject"][0]["digest"]["sha256"] == digest,
          "VSA: one subject, digest " + digest[:12] + "...")
    p = st["predicate"]
    check(isinstance(p["verifier"]["id"], str) and "://" in p["verifier"]["id"], "VSA: verifier.id is a URI")
    check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", p["timeVerified"]) is not None,
          "VSA: timeVerified is RFC 3339: " + p["timeVerified"])
    check(p["resourceUri"].startswith("file://"), "VSA: resourceUri " + p["resourceUri"][:40])
    check(isinstance(p["policy"], dict) and "://" in p["policy"]["uri"], "VSA: policy is a resource descriptor")
    check(p["policy"]["annotations"]["method"] == method, "VSA: policy method " + method)
    check(p["verificationResult"] == result, "VSA: verificationResult " + result)
    check(isinstance(p["verifiedLevels"], list) and all(isinstance(x, str) for x in p["verifiedLevels"]) and
          (len(p["verifiedLevels"]) > 0) == (result == "PASSED"), "VSA: verifiedLevels")
    check(p["slsaVersion"] == "1.0", "VSA: slsaVersion 1.0")


if __name__ == "__main__":
    main()
