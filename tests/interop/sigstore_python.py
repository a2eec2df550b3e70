#!/usr/bin/env python3
"""sovaudit's keyless verification against sigstore-python's (PyPI sigstore 4.5.1), offline.

sigstore-python is run through its API with a Verifier built from a local trusted root
(TrustedRoot.from_file: no TUF, no network) and verify_dsse with an Identity policy. sovaudit
is run as `sovaudit verify MODEL --signature B --identity I --identity-provider P
--trust-config ROOT`. sigstore-python checks the keyless part only, so sovaudit's verdict is read
the same way: accepted when it exits 0, or exits 3 without naming a keyless check (every keyless
check passed and only the OMS manifest differed from the folder); rejected when it names one.

  (a) the staging Rekor v2 bundle (hashedrekord 0.0.2) with the staging trusted root;
  (b) the reference OMS bundles v1.0.0-sigstore and v1.1.0-sigstore with the production root;
  (c) every case of the private instance of tests/sigstore/make_instance.py.
Each with its identity, and with a wrong identity: both tools must agree, except where
EXPECTED_DISAGREEMENTS says why they may not.

Usage: sigstore_python.py SOVAUDIT_BINARY
"""

import os
import shlex
import subprocess
import sys
import tempfile

from sigstore.models import Bundle, TrustedRoot
from sigstore.verify import Verifier, policy

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "third_party", "sigstore")
MAKE_INSTANCE = os.path.join(HERE, "..", "sigstore", "make_instance.py")
BEACON = ("https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
          ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main")
GITHUB = "https://token.actions.githubusercontent.com"
IBM = ("stefanb@us.ibm.com", "https://sigstore.verify.ibm.com/oauth2")

# Private-instance cases where sovaudit rejects and sigstore-python 4.5.1 accepts, by design:
EXPECTED_DISAGREEMENTS = {
    "ca-window": "sigstore-python takes the certificates of every certificateAuthority of the "
                 "root as trust anchors whatever their validFor (TrustedRoot.get_fulcio_certs, "
                 "allow_expired=True), so a leaf from a CA whose validFor ended before the "
                 "signing time passes; spec/signing.md wants the CA's validFor to hold that time",
    "log-window": "sigstore-python does not compare a Rekor key's validFor with the entry's "
                  "integratedTime (its keyring holds every tlog key, retired or not); "
                  "spec/signing.md wants the log's key valid at the integrated time",
    "timestamp": "sigstore-python skips an RFC 3161 timestamp that does not verify and goes on "
                 "with the SET's integratedTime (Verifier._verify_timestamp_authority keeps only "
                 "those that verify); sovaudit fails on any timestamp that does not verify "
                 "(stricter by choice; the spec does not say)",
    "timestamp-other-leaf": "sigstore-python accepts a timestamp signed by any timestamping "
                            "certificate of the authority's root; sovaudit requires the leaf the "
                            "trusted root lists, so a retired or leaked sibling certificate of the "
                            "same root cannot date a signature",
    "ca-retired-intermediate": "sigstore-python chains the leaf through any certificate of the root "
                               "(and the bundle's), whatever the validFor of the CA entry it belongs "
                               "to; sovaudit builds the chain from one CA entry's own certificates, "
                               "whose validFor must hold the signing time",
    "log-window-no-set": "as log-window: sigstore-python does not compare a Rekor key's validFor "
                         "with the entry's time (here the timestamp's, since there is no SET)",
    "v01-set-only": "sigstore-python's bundle model requires an inclusionProof in every entry, "
                    "even in a v0.1 bundle; spec/signing.md lets a v0.1 entry carry a SET alone",
    "intoto-good": "sigstore-python 4.5.1 refuses every Rekor v1 intoto 0.0.2 entry ('Integrated "
                   "time only supported for dsse/hashedrekord 0.0.1 types'); sigstore-go and the "
                   "spec accept intoto 0.0.2, the kind older cosign attestations were logged as",
}


def sovaudit(sov, model, bundle, identity, issuer, root, statement_not_oms=False):
    """(exit, check named or '-', keyless verdict, stderr lines) of `sovaudit verify`.

    statement_not_oms: the bundle's statement is not an OMS manifest, which sovaudit refuses
    with exit 2 ("unsupported predicateType"); it parses the statement only after every keyless
    check and the DSSE signature passed (src/oms/verify.cc), so that refusal is a keyless accept.
    """
    p = subprocess.run([sov, "verify", model, "--signature", bundle, "--identity", identity,
                        "--identity-provider", issuer, "--trust-config", root],
                       capture_output=True, text=True, timeout=60)
    check = "-"
    marker = "keyless check '"
    if marker in p.stderr:
        check = p.stderr.split(marker, 1)[1].split("'", 1)[0]
    not_oms = statement_not_oms and p.returncode == 2 and "unsupported predicateType" in p.stderr
    if p.returncode == 0 or (p.returncode == 3 and check == "-") or not_oms:
        verdict = "accept"
    elif p.returncode == 3:
        verdict = "reject"
    elif p.returncode == 2:
        verdict = "unreadable"
    else:
        verdict = "error"
    return p.returncode, check, verdict, p.stderr.strip().splitlines()


def sigstore_python(bundle, identity, issuer, root):
    """('accept' | 'reject' | 'unreadable' | 'n/a', reason) from sigstore-python."""
    try:
        verifier = Verifier(trusted_root=TrustedRoot.from_file(root))
    except Exception as e:  # the root itself is refused: nothing to compare
        return "n/a", f"trusted root refused: {type(e).__name__}: {e}"
    try:
        with open(bundle) as f:
            b = Bundle.from_json(f.read())
    except Exception as e:
        return "unreadable", f"{type(e).__name__}: {e}"
    try:
        verifier.verify_dsse(b, policy.Identity(identity=identity, issuer=issuer))
    except Exception as e:  # VerificationError, and e.g. ExtensionNotFound for a missing EKU
        return "reject", f"{type(e).__name__}: {e}"
    return "accept", ""


class Table:
    def __init__(self):
        self.rows, self.failures = [], 0

    def add(self, case, sov, sp, want=None):
        """sov: sovaudit's (exit, check, verdict, stderr); sp: sigstore-python's (verdict, why);
        want: the verdict both must give, when known."""
        exit_, check, sv, err = sov
        pv, why = sp
        agree = (sv == "accept") == (pv == "accept")  # an unreadable bundle is rejected too
        sov_ok = want is None or sv == want
        note = ""
        if pv == "n/a" and sov_ok:
            result, note = "n/a", why
        elif agree and sov_ok:
            result = "agree"
        elif not agree and sov_ok and case in EXPECTED_DISAGREEMENTS:
            result, note = "expected", EXPECTED_DISAGREEMENTS[case]
        else:
            result = "FAIL"
            self.failures += 1
            note = (f"wanted {want}; " if want else "") + (err[-1] if err else "") + " | " + why
        self.rows.append((case, f"{exit_}/{check}", sv, pv, result, note))

    def print(self):
        print(f"{'case':34} {'sovaudit':22} {'verdict':10} {'sigstore-python':16} result")
        for case, s, sv, pv, result, note in self.rows:
            print(f"{case:34} {s:22} {sv:10} {pv:16} {result}")
            if note:
                print(f"    {note}")
        print(f"{len(self.rows)} checks, {self.failures} failed")


def main():
    sov = os.path.realpath(sys.argv[1])
    t = Table()
    with tempfile.TemporaryDirectory() as work:
        # (a) Rekor v2 staging: its statement (SLSA provenance for a.txt) is no OMS manifest, so
        # sovaudit verifies it against an empty folder and must pass every keyless check, failing
        # only on the statement: exit 3 naming no keyless check, or exit 2 for the predicateType.
        empty = os.path.join(work, "empty")
        os.mkdir(empty)
        staging = os.path.join(DATA, "trusted_root.staging.json")
        v2 = os.path.join(DATA, "rekor-v2-staging", "a.txt.sigstore.json")
        for case, ident, want in (("staging-v2", BEACON, "accept"),
                                  ("staging-v2 wrong identity", "https://example.com/other", "reject")):
            t.add(case, sovaudit(sov, empty, v2, ident, GITHUB, staging, statement_not_oms=True),
                  sigstore_python(v2, ident, GITHUB, staging), want)

        # (b) the reference tool's keyless OMS bundles, production root.
        production = os.path.join(DATA, "trusted_root.json")
        for variant in ("v1.0.0-sigstore", "v1.1.0-sigstore"):
            model = os.path.join(DATA, variant)
            sig = os.path.join(model, "model.sig")
            for case, ident, want in ((variant, IBM[0], "accept"),
                                      (variant + " wrong identity", "mallory@us.ibm.com", "reject")):
                sov_result = sovaudit(sov, model, sig, ident, IBM[1], production)
                if want == "accept" and sov_result[0] != 0:
                    sov_result = (sov_result[0], sov_result[1], "reject", sov_result[3])  # must verify fully
                t.add(case, sov_result, sigstore_python(sig, ident, IBM[1], production), want)

        # (c) the private instance.
        inst = os.path.join(work, "instance")
        subprocess.run([sys.executable, MAKE_INSTANCE, inst], check=True)
        with open(os.path.join(inst, "cases.tsv")) as f:
            lines = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
        for name, bundle, want_exit, want_check, *rest in lines:
            opts = {"model": "model", "--identity": "alice@example.com",
                    "--identity-provider": "https://issuer.example.com", "--trust-config": "trusted_root.json"}
            tokens = shlex.split(rest[0] if rest else "")
            while tokens:
                tok = tokens.pop(0)
                if tok.startswith("model="):
                    opts["model"] = tok[len("model="):]
                else:
                    opts[tok] = tokens.pop(0)
            p = lambda rel: os.path.join(inst, rel)
            want = "unreadable" if want_exit == "2" else ("reject" if want_check != "-" else "accept")
            t.add(name, sovaudit(sov, p(opts["model"]), p(bundle), opts["--identity"],
                                 opts["--identity-provider"], p(opts["--trust-config"])),
                  sigstore_python(p(bundle), opts["--identity"], opts["--identity-provider"],
                                  p(opts["--trust-config"])), want)
    t.print()
    return 1 if t.failures else 0


if __name__ == "__main__":
    sys.exit(main())
