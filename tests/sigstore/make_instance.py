#!/usr/bin/env python3
"""A private Sigstore instance for offline keyless verification tests (see README.md here).

Usage: make_instance.py OUTDIR

Writes into OUTDIR:
  trusted_root.json   the instance's trusted root: Fulcio CAs (one current, one whose validFor
                      has ended), Rekor v1 logs (ECDSA P-256; one current, one retired), a Rekor
                      v2 log (Ed25519), a CT log (ECDSA P-256) and a timestamp authority
  model/              a small model (three files) and model-tampered/ (one file changed)
  bundles/*.sigstore.json  a good keyless OMS bundle and one bundle per negative case
  cases.tsv           name, bundle, expected exit, expected keyless check (- for none), extra
                      arguments ("model=DIR" replaces the model folder; other tokens are verify
                      options that replace the defaults of the same name)

Keys are random on every run; every time is fixed, so the instance does not age. Only the
`cryptography` package is needed: the DER of the RFC 3161 token is written by hand below.
"""

import base64
import datetime as dt
import hashlib
import json
import os
import shutil
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

IDENTITY = "alice@example.com"
ISSUER = "https://issuer.example.com"
UTC = dt.timezone.utc
CA_START = dt.datetime(2024, 1, 1, tzinfo=UTC)
OLD_CA_START, OLD_CA_END = dt.datetime(2023, 1, 1, tzinfo=UTC), dt.datetime(2025, 1, 1, tzinfo=UTC)
SIGNED_AT = dt.datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)  # the leaf's notBefore
INTEGRATED = SIGNED_AT + dt.timedelta(seconds=60)  # Rekor v1 integratedTime
STAMPED = SIGNED_AT + dt.timedelta(seconds=62)  # RFC 3161 genTime
TREE_SIZE, LEAF_INDEX, SHARD_OFFSET = 7, 4, 100000  # our entry in a tree of 7; global index + offset


def b64(data):
    return base64.b64encode(data).decode()


def sha256(data):
    return hashlib.sha256(data).digest()


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def compact(obj):
    """Sorted, compact JSON: how Rekor writes bodies, and RFC 8785 for ASCII strings and ints."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def p256():
    return ec.generate_private_key(ec.SECP256R1())


def spki(key):
    return key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def ecdsa(key, data):
    algo = hashes.SHA384() if key.curve.name == "secp384r1" else hashes.SHA256()
    return key.sign(data, ec.ECDSA(algo))


def sign(key, data):
    return key.sign(data) if isinstance(key, ed25519.Ed25519PrivateKey) else ecdsa(key, data)


# ---- minimal DER, for the RFC 3161 token ----

def der(tag, content):
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def seq(*items):
    return der(0x30, b"".join(items))


def set_of(*items):
    return der(0x31, b"".join(sorted(items)))  # DER sorts SET OF by encoding


def integer(v):
    return der(0x02, v.to_bytes(v.bit_length() // 8 + 1, "big", signed=True))


def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    body = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.insert(0, 0x80 | (p & 0x7F))
            p >>= 7
        body += bytes(chunk)
    return der(0x06, body)


def octets(data):
    return der(0x04, data)


SHA256_ALG = seq(oid("2.16.840.1.101.3.4.2.1"), der(0x05, b""))


def timestamp_response(tsa_key, tsa_cert, message, gen_time, serial=1):
    """A granted RFC 3161 TimeStampResp over SHA-256(message), signed by the TSA at gen_time."""
    tst_info = seq(
        integer(1),
        oid("1.3.6.1.4.1.57264.2"),  # any policy
        seq(SHA256_ALG, octets(sha256(message))),
        integer(serial),
        der(0x18, gen_time.strftime("%Y%m%d%H%M%SZ").encode()),
    )
    cert_der = tsa_cert.public_bytes(serialization.Encoding.DER)
    attrs = [
        seq(oid("1.2.840.113549.1.9.3"), set_of(oid("1.2.840.113549.1.9.16.1.4"))),
        seq(oid("1.2.840.113549.1.9.4"), set_of(octets(sha256(tst_info)))),
        seq(oid("1.2.840.113549.1.9.16.2.47"), set_of(seq(seq(seq(octets(sha256(cert_der))))))),
    ]
    signed_attrs = set_of(*attrs)
    signer_info = seq(
        integer(1),
        seq(tsa_cert.issuer.public_bytes(), integer(tsa_cert.serial_number)),
        SHA256_ALG,
        b"\xa0" + signed_attrs[1:],  # [0] IMPLICIT SET OF Attribute
        seq(oid("1.2.840.10045.4.3.2")),  # ecdsa-with-SHA256
        octets(ecdsa(tsa_key, signed_attrs)),
    )
    signed_data = seq(
        integer(3),
        set_of(SHA256_ALG),
        seq(oid("1.2.840.113549.1.9.16.1.4"), der(0xA0, octets(tst_info))),
        der(0xA0, cert_der),  # certificates [0] IMPLICIT
        set_of(signer_info),
    )
    token = seq(oid("1.2.840.113549.1.7.2"), der(0xA0, signed_data))
    return seq(seq(integer(0)), token)


# ---- certificates ----

def name(cn, org="sovaudit private sigstore"):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def ca_cert(key, subject, issuer_key, issuer_name, start, years=10, eku=None):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(start).not_valid_after(start + dt.timedelta(days=365 * years))
         .add_extension(x509.BasicConstraints(ca=True, path_length=None if issuer_key is key else 0),
                        critical=True)
         .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                        critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                        critical=False))
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    return b.sign(issuer_key, hashes.SHA384() if issuer_key.curve.name == "secp384r1" else hashes.SHA256())


def tsa_leaf(key, root_key, root_cert):
    return (x509.CertificateBuilder().subject_name(name("private-tsa")).issuer_name(root_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(CA_START).not_valid_after(CA_START + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                           critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                           critical=False)
            .sign(root_key, hashes.SHA256()))


def sct_list(ct_log_id, ct_key, issuer_cert, tbs, when):
    """The RFC 6962 SignedCertificateTimestampList of one precertificate SCT."""
    issuer_key_hash = sha256(issuer_cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))
    ts = int(when.timestamp() * 1000).to_bytes(8, "big")
    signed = (b"\x00\x00" + ts + b"\x00\x01" + issuer_key_hash + len(tbs).to_bytes(3, "big") + tbs
              + b"\x00\x00")
    sig = ecdsa(ct_key, signed)
    sct = b"\x00" + ct_log_id + ts + b"\x00\x00" + b"\x04\x03" + len(sig).to_bytes(2, "big") + sig
    item = len(sct).to_bytes(2, "big") + sct
    return len(item).to_bytes(2, "big") + item


def fulcio_leaf(key, issuer_key, issuer_cert, ct_log_id, ct_key, *, eku=True, identity=IDENTITY):
    """A Fulcio-style leaf: no subject, critical email SAN, issuer extensions .1.1 and .1.8,
    KeyUsage digitalSignature (critical), EKU codeSigning, an embedded precertificate SCT."""
    utf8 = ISSUER.encode()
    serial = x509.random_serial_number()

    def builder():
        b = (x509.CertificateBuilder().subject_name(x509.Name([])).issuer_name(issuer_cert.subject)
             .public_key(key.public_key()).serial_number(serial)
             .not_valid_before(SIGNED_AT).not_valid_after(SIGNED_AT + dt.timedelta(minutes=10))
             .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False),
                            critical=True))
        if eku:
            b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
        return (b.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                               critical=False)
                .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(identity)]), critical=True)
                .add_extension(x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.57264.1.1"), utf8),
                               critical=False)
                .add_extension(x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.57264.1.8"),
                                                          der(0x0C, utf8)), critical=False))

    algo = hashes.SHA384() if issuer_key.curve.name == "secp384r1" else hashes.SHA256()
    precert_tbs = builder().sign(issuer_key, algo).tbs_certificate_bytes
    scts = sct_list(ct_log_id, ct_key, issuer_cert, precert_tbs, SIGNED_AT)
    cert = builder().add_extension(
        x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2"), octets(scts)),
        critical=False).sign(issuer_key, algo)
    assert cert.tbs_precertificate_bytes == precert_tbs
    return cert


# ---- logs ----

def leaf_hash(body):
    return sha256(b"\x00" + body)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def tree_root(hashes_):
    if len(hashes_) == 1:
        return hashes_[0]
    k = split(len(hashes_))
    return node_hash(tree_root(hashes_[:k]), tree_root(hashes_[k:]))


def audit_path(m, hashes_):
    """RFC 6962 PATH(m, D[n]), leaf to root."""
    if len(hashes_) == 1:
        return []
    k = split(len(hashes_))
    if m < k:
        return audit_path(m, hashes_[:k]) + [tree_root(hashes_[k:])]
    return audit_path(m - k, hashes_[k:]) + [tree_root(hashes_[:k])]


class Log:
    def __init__(self, origin, name_, key, v2=False):
        self.origin, self.name, self.key, self.v2 = origin, name_, key, v2
        if v2:  # C2SP signed-note key id of an Ed25519 key, as Rekor v2 logs are named
            raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            self.key_id = sha256(name_.encode() + b"\n\x01" + raw)
        else:
            self.key_id = sha256(spki(key))

    def checkpoint(self, size, root, signer=None):
        note = f"{self.origin}\n{size}\n{b64(root)}\n"
        sig = sign(signer or self.key, note.encode())
        return note + f"\n\u2014 {self.name} {b64(self.key_id[:4] + sig)}\n"

    def entry(self, body, kind, version, integrated=None):
        others = [leaf_hash(f"other entry {i}".encode()) for i in range(TREE_SIZE)]
        others[LEAF_INDEX] = leaf_hash(body)
        root = tree_root(others)
        e = {
            "logIndex": str(SHARD_OFFSET + LEAF_INDEX),
            "logId": {"keyId": b64(self.key_id)},
            "kindVersion": {"kind": kind, "version": version},
        }
        if integrated is not None:
            e["integratedTime"] = str(int(integrated.timestamp()))
            e["inclusionPromise"] = {"signedEntryTimestamp": b64(self.set(e, b64(body)))}
        e["inclusionProof"] = {
            "logIndex": str(LEAF_INDEX),
            "rootHash": b64(root),
            "treeSize": str(TREE_SIZE),
            "hashes": [b64(h) for h in audit_path(LEAF_INDEX, others)],
            "checkpoint": {"envelope": self.checkpoint(TREE_SIZE, root)},
        }
        e["canonicalizedBody"] = b64(body)
        return e

    def set(self, e, body_b64, signer=None):
        promise = {"body": body_b64, "integratedTime": int(e["integratedTime"]),
                   "logID": base64.b64decode(e["logId"]["keyId"]).hex(), "logIndex": int(e["logIndex"])}
        return ecdsa(signer or self.key, compact(promise))


def trust_log(log, url, start, end=None):
    details = "PKIX_ED25519" if log.v2 else "PKIX_ECDSA_P256_SHA_256"
    valid = {"start": rfc3339(start)}
    if end:
        valid["end"] = rfc3339(end)
    return {"baseUrl": url, "hashAlgorithm": "SHA2_256",
            "publicKey": {"rawBytes": b64(spki(log.key)), "keyDetails": details, "validFor": valid},
            "logId": {"keyId": b64(log.key_id)}}


def trust_ca(certs, uri, start, end=None):
    subject = certs[0].subject
    valid = {"start": rfc3339(start)}
    if end:
        valid["end"] = rfc3339(end)
    return {"subject": {"organization": subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value,
                        "commonName": subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value},
            "uri": uri,
            "certChain": {"certificates": [{"rawBytes": b64(c.public_bytes(serialization.Encoding.DER))}
                                           for c in certs]},
            "validFor": valid}


# ---- the OMS statement and the DSSE envelope ----

PAYLOAD_TYPE = "application/vnd.in-toto+json"


def write_model(path):
    files = {"config.json": b'{"layers": 2, "hidden": 8}\n',
             "weights.bin": bytes(range(256)) * 16,
             "tokenizer/vocab.txt": b"hello\nworld\n"}
    for rel, data in files.items():
        os.makedirs(os.path.dirname(os.path.join(path, rel)), exist_ok=True)
        with open(os.path.join(path, rel), "wb") as f:
            f.write(data)
    return files


def statement(files):
    resources = [{"name": n, "algorithm": "sha256", "digest": sha256(files[n]).hex()}
                 for n in sorted(files, key=lambda p: p.split("/"))]
    root = sha256(b"".join(bytes.fromhex(r["digest"]) for r in resources)).hex()
    st = {"_type": "https://in-toto.io/Statement/v1",
          "subject": [{"name": "model", "digest": {"sha256": root}}],
          "predicateType": "https://model_signing/signature/v1.0",
          "predicate": {"serialization": {"method": "files", "hash_type": "sha256", "allow_symlinks": False,
                                          "ignore_paths": ["model.sig", ".git", ".gitattributes",
                                                           ".gitignore", ".github"]},
                        "resources": resources}}
    return json.dumps(st, indent=2).encode()


def pae(payload):
    t = PAYLOAD_TYPE.encode()
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(payload), payload)


def cert_pem_b64(cert):
    return b64(cert.public_bytes(serialization.Encoding.PEM))


def dsse_body(payload, sig, cert):
    envelope = {"payload": b64(payload), "payloadType": PAYLOAD_TYPE, "signatures": [{"sig": b64(sig)}]}
    return compact({"apiVersion": "0.0.1", "kind": "dsse", "spec": {
        "envelopeHash": {"algorithm": "sha256", "value": sha256(compact(envelope)).hex()},
        "payloadHash": {"algorithm": "sha256", "value": sha256(payload).hex()},
        "signatures": [{"signature": b64(sig), "verifier": cert_pem_b64(cert)}]}})


def intoto_body(payload, sig, cert):
    """Rekor's intoto 0.0.2 body: the envelope's signature base64-encoded twice, the certificate
    as base64 of its PEM, and the payload's SHA-256."""
    envelope = {"payload": b64(payload), "payloadType": PAYLOAD_TYPE, "signatures": [{"sig": b64(sig)}]}
    return compact({"apiVersion": "0.0.2", "kind": "intoto", "spec": {"content": {
        "envelope": {"payloadType": PAYLOAD_TYPE,
                     "signatures": [{"publicKey": cert_pem_b64(cert), "sig": b64(b64(sig).encode())}]},
        "hash": {"algorithm": "sha256", "value": sha256(compact(envelope)).hex()},
        "payloadHash": {"algorithm": "sha256", "value": sha256(payload).hex()}}}})


def hashedrekord_body(payload, sig, cert):
    return compact({"apiVersion": "0.0.2", "kind": "hashedrekord", "spec": {"hashedRekordV002": {
        "data": {"algorithm": "SHA2_256", "digest": b64(sha256(pae(payload)))},
        "signature": {"content": b64(sig), "verifier": {
            "keyDetails": "PKIX_ECDSA_P256_SHA_256",
            "x509Certificate": {"rawBytes": b64(cert.public_bytes(serialization.Encoding.DER))}}}}}})


class Instance:
    def __init__(self):
        self.root_key = ec.generate_private_key(ec.SECP384R1())
        self.root = ca_cert(self.root_key, name("private-fulcio-root"), self.root_key,
                            name("private-fulcio-root"), CA_START)
        self.int_key = ec.generate_private_key(ec.SECP384R1())
        self.intermediate = ca_cert(self.int_key, name("private-fulcio-intermediate"), self.root_key,
                                    self.root.subject, CA_START, eku=[ExtendedKeyUsageOID.CODE_SIGNING])
        # An intermediate of the same root, retired: its CA entry's validFor ended in 2025.
        self.old_int_key = ec.generate_private_key(ec.SECP384R1())
        self.old_intermediate = ca_cert(self.old_int_key, name("private-fulcio-intermediate-2023"),
                                        self.root_key, self.root.subject, OLD_CA_START,
                                        eku=[ExtendedKeyUsageOID.CODE_SIGNING])
        self.old_key = ec.generate_private_key(ec.SECP384R1())
        self.old_root = ca_cert(self.old_key, name("private-fulcio-2023"), self.old_key,
                                name("private-fulcio-2023"), OLD_CA_START)
        self.ct_key = p256()
        self.ct_log_id = sha256(spki(self.ct_key))
        self.rekor = Log("private-rekor.example - 4242", "private-rekor.example", p256())
        self.retired = Log("retired-rekor.example - 7", "retired-rekor.example", p256())
        self.rekor2 = Log("private-rekor-v2.example", "private-rekor-v2.example",
                          ed25519.Ed25519PrivateKey.generate(), v2=True)
        self.tsa_root_key = p256()
        self.tsa_root = ca_cert(self.tsa_root_key, name("private-tsa-root"), self.tsa_root_key,
                                name("private-tsa-root"), CA_START)
        self.tsa_key = p256()
        self.tsa = tsa_leaf(self.tsa_key, self.tsa_root_key, self.tsa_root)
        # A second timestamping certificate of the same TSA root, not in the trusted root.
        self.other_tsa_key = p256()
        self.other_tsa = tsa_leaf(self.other_tsa_key, self.tsa_root_key, self.tsa_root)

    def trusted_root(self):
        return {
            "mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            "tlogs": [trust_log(self.rekor, "https://private-rekor.example", CA_START),
                      trust_log(self.retired, "https://retired-rekor.example", OLD_CA_START, OLD_CA_END),
                      trust_log(self.rekor2, "https://private-rekor-v2.example", CA_START)],
            "certificateAuthorities": [
                trust_ca([self.old_root], "https://fulcio-2023.example", OLD_CA_START, OLD_CA_END),
                trust_ca([self.old_intermediate, self.root], "https://fulcio-int-2023.example",
                         OLD_CA_START, OLD_CA_END),
                trust_ca([self.intermediate, self.root], "https://fulcio.example", CA_START)],
            "ctlogs": [{"baseUrl": "https://ct.example", "hashAlgorithm": "SHA2_256",
                        "publicKey": {"rawBytes": b64(spki(self.ct_key)), "keyDetails": "PKIX_ECDSA_P256_SHA_256",
                                      "validFor": {"start": rfc3339(CA_START)}},
                        "logId": {"keyId": b64(self.ct_log_id)}}],
            "timestampAuthorities": [trust_ca([self.tsa, self.tsa_root], "https://tsa.example", CA_START)],
        }

    def leaf(self, **kw):
        key = p256()
        issuer_key, issuer = kw.pop("issuer", (self.int_key, self.intermediate))
        ct_key = kw.pop("ct_key", self.ct_key)
        return key, fulcio_leaf(key, issuer_key, issuer, self.ct_log_id, ct_key, **kw)

    def bundle(self, payload, leaf=None, *, v2=False, log=None, sig_key=None, integrated=INTEGRATED,
               stamped=STAMPED, stamp_message=None, intoto=False, chain_extra=None, tsa=None,
               media="application/vnd.dev.sigstore.bundle.v0.3+json", drop_proof=False):
        """chain_extra: certificates after the leaf in an x509CertificateChain (v0.1/v0.2 form);
        tsa: (key, certificate) that signs the timestamp; drop_proof: no inclusion proof."""
        """A v0.3 keyless bundle; sig_key signs the DSSE envelope instead of the leaf's key."""
        key, cert = leaf or self.leaf()
        sig = ecdsa(sig_key or key, pae(payload))
        if v2:
            entry = (log or self.rekor2).entry(hashedrekord_body(payload, sig, cert), "hashedrekord", "0.0.2")
        elif intoto:
            entry = (log or self.rekor).entry(intoto_body(payload, sig, cert), "intoto", "0.0.2", integrated)
        else:
            entry = (log or self.rekor).entry(dsse_body(payload, sig, cert), "dsse", "0.0.1", integrated)
        if drop_proof:
            del entry["inclusionProof"]
        der_of = lambda c: {"rawBytes": b64(c.public_bytes(serialization.Encoding.DER))}
        if chain_extra is None:
            vm = {"certificate": der_of(cert), "tlogEntries": [entry]}
        else:
            vm = {"x509CertificateChain": {"certificates": [der_of(c) for c in [cert] + chain_extra]},
                  "tlogEntries": [entry]}
        if stamped:
            tsa_key, tsa_cert = tsa or (self.tsa_key, self.tsa)
            tsr = timestamp_response(tsa_key, tsa_cert, stamp_message or sig, stamped)
            vm["timestampVerificationData"] = {"rfc3161Timestamps": [{"signedTimestamp": b64(tsr)}]}
        return {"mediaType": media,
                "verificationMaterial": vm,
                "dsseEnvelope": {"payload": b64(payload), "payloadType": PAYLOAD_TYPE,
                                 "signatures": [{"sig": b64(sig), "keyid": ""}]}}


def flip_b64(text, pos=-5):
    """The base64 text with one byte of its decoded value changed."""
    raw = bytearray(base64.b64decode(text))
    raw[pos] ^= 0x01
    return b64(bytes(raw))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_instance.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "bundles"), exist_ok=True)
    inst = Instance()
    with open(os.path.join(out, "trusted_root.json"), "w") as f:
        json.dump(inst.trusted_root(), f, indent=2)
    for d in ("model", "model-tampered"):
        shutil.rmtree(os.path.join(out, d), ignore_errors=True)
    files = write_model(os.path.join(out, "model"))
    shutil.copytree(os.path.join(out, "model"), os.path.join(out, "model-tampered"))
    with open(os.path.join(out, "model-tampered", "weights.bin"), "r+b") as f:
        f.write(b"\xff")
    payload = statement(files)

    cases = []  # (name, bundle, exit, check, extra)

    def add(case, bundle, want_exit, check="-", extra=""):
        """bundle: a bundle, text, or the name of a case whose bundle is reused."""
        path = f"bundles/{case}.sigstore.json"
        if isinstance(bundle, str) and os.path.exists(os.path.join(out, f"bundles/{bundle}.sigstore.json")):
            path = f"bundles/{bundle}.sigstore.json"
        else:
            with open(os.path.join(out, path), "w") as f:
                f.write(bundle if isinstance(bundle, str) else json.dumps(bundle, indent=2))
        cases.append((case, path, str(want_exit), check, extra))

    def edited(b, fn):
        b = json.loads(json.dumps(b))
        fn(b)
        return b

    def entry0(b):
        return b["verificationMaterial"]["tlogEntries"][0]

    good = inst.bundle(payload)
    add("good", good, 0)
    add("model-tampered", "good", 3, "-", "model=model-tampered")
    add("identity", "good", 3, "identity", "--identity bob@example.com")
    add("issuer", "good", 3, "issuer", "--identity-provider https://other-issuer.example.com")

    # One part of the Rekor v1 entry changed; nothing re-derived.
    add("set-signature", edited(good, lambda b: entry0(b)["inclusionPromise"].update(
        signedEntryTimestamp=b64(inst.rekor.set(entry0(b), entry0(b)["canonicalizedBody"], p256())))), 3, "set")
    add("integrated-time", edited(good, lambda b: entry0(b).update(
        integratedTime=str(int(entry0(b)["integratedTime"]) + 1))), 3, "set")
    add("log-index", edited(good, lambda b: entry0(b).update(logIndex=str(int(entry0(b)["logIndex"]) + 1))),
        3, "set")
    add("proof-hash", edited(good, lambda b: entry0(b)["inclusionProof"]["hashes"].__setitem__(
        1, flip_b64(entry0(b)["inclusionProof"]["hashes"][1]))), 3, "inclusion-proof")

    def bad_checkpoint(b, log):
        p = entry0(b)["inclusionProof"]
        p["checkpoint"]["envelope"] = log.checkpoint(TREE_SIZE, base64.b64decode(p["rootHash"]),
                                                     signer=ed25519.Ed25519PrivateKey.generate() if log.v2 else p256())
    add("checkpoint-signature", edited(good, lambda b: bad_checkpoint(b, inst.rekor)), 3, "checkpoint")
    add("payload", edited(good, lambda b: b["dsseEnvelope"].update(
        payload=b64(payload.replace(b"config.json", b"config.jsom")))), 3, "entry")
    add("dsse-signature-swapped", edited(good, lambda b: b["dsseEnvelope"]["signatures"][0].update(
        sig=b64(ecdsa(p256(), pae(payload))))), 3, "entry")
    # A log that recorded (and timestamped) a signature by another key: only the DSSE check sees it.
    add("dsse-signature-logged", inst.bundle(payload, sig_key=p256()), 3, "signature")
    foreign = Log("foreign-rekor.example - 1", "foreign-rekor.example", p256())
    add("log-not-in-root", inst.bundle(payload, log=foreign), 3, "log")
    # A log of the root whose key was retired (validFor ended) before the entry's integratedTime.
    add("log-window", inst.bundle(payload, log=inst.retired), 3, "log")
    add("sct", inst.bundle(payload, inst.leaf(ct_key=p256())), 3, "sct")
    add("no-eku", inst.bundle(payload, inst.leaf(eku=False)), 3, "key-usage")
    add("ca-window", inst.bundle(payload, inst.leaf(issuer=(inst.old_key, inst.old_root))), 3, "ca-window")
    late = SIGNED_AT + dt.timedelta(minutes=20)  # after the leaf's notAfter
    add("cert-expired", inst.bundle(payload, integrated=late, stamped=late), 3, "certificate")
    add("timestamp", inst.bundle(payload, stamp_message=b"another signature"), 3, "timestamp")
    # A timestamp signed by another certificate of the TSA's root, not the authority's own leaf.
    add("timestamp-other-leaf", inst.bundle(payload, tsa=(inst.other_tsa_key, inst.other_tsa)), 3,
        "timestamp")
    # A leaf of the root's retired intermediate, signed inside the current CA's window, the
    # intermediate shipped in the bundle: the chain must come from the trusted root alone.
    v02 = "application/vnd.dev.sigstore.bundle+json;version=0.2"
    add("ca-retired-intermediate", inst.bundle(
        payload, inst.leaf(issuer=(inst.old_int_key, inst.old_intermediate)),
        chain_extra=[inst.old_intermediate], media=v02), 3, "ca-window")
    # A Rekor v1 entry with no SET from the retired log: its time comes from the TSA only, and
    # the log's validFor must hold that time.
    add("log-window-no-set", inst.bundle(payload, log=inst.retired, integrated=None), 3, "log")
    # Bundle v0.1: an entry with a SET and no inclusion proof is complete; from v0.2 it is not.
    v01 = "application/vnd.dev.sigstore.bundle+json;version=0.1"
    add("v01-set-only", inst.bundle(payload, drop_proof=True, chain_extra=[], media=v01), 0)
    add("v02-no-proof", inst.bundle(payload, drop_proof=True, chain_extra=[], media=v02), 3, "bundle")

    # Rekor v1 intoto 0.0.2 entries, as older cosign attestations were logged.
    good_intoto = inst.bundle(payload, intoto=True)
    add("intoto-good", good_intoto, 0)
    add("intoto-payload", edited(good_intoto, lambda b: b["dsseEnvelope"].update(
        payload=b64(payload.replace(b"config.json", b"config.jsom")))), 3, "entry")

    # Rekor v2: hashedrekord 0.0.2, Ed25519 checkpoint, time from the RFC 3161 timestamp only.
    good_v2 = inst.bundle(payload, v2=True)
    add("v2-good", good_v2, 0)
    add("v2-checkpoint-signature", edited(good_v2, lambda b: bad_checkpoint(b, inst.rekor2)), 3, "checkpoint")
    add("v2-timestamp", inst.bundle(payload, v2=True, stamp_message=b"another signature"), 3, "timestamp")
    add("v2-no-timestamp", inst.bundle(payload, v2=True, stamped=None), 3, "timestamp")

    add("malformed-json", json.dumps(good)[:-40], 2)
    add("malformed-base64", edited(good, lambda b: entry0(b).update(canonicalizedBody="not base64!")), 2)

    with open(os.path.join(out, "cases.tsv"), "w") as f:
        f.write("# name\tbundle\texpected exit\texpected keyless check\textra arguments\n")
        for c in cases:
            f.write("\t".join(c) + "\n")


if __name__ == "__main__":
    main()
