#!/usr/bin/env python3
"""Writes the malformed-input corpus beside this script (tests/malformed/*).

    python3 tests/malformed/generate.py

Each file is one kind of hostile or broken input; cases.tsv (written by hand, checked by
tests/malformed_test.cc) gives for each the command that reads it, the exit code and the
position of the error. The files are committed; this script documents how each was made and
remakes them byte for byte.
"""

import base64
import json
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BASE = (ROOT / "fixtures" / "layer0-not-sovereign" / "deployment.yaml").read_text()
PROV = (ROOT / "fixtures" / "layer1-hosting" / "provenance" / "merlion-claims-8b.yaml").read_text()
HEADER = "apiVersion: sovaudit/v1\nkind: Deployment\nmetadata: {name: m, owner: o}\n"


def put(name: str, data) -> None:
    if isinstance(data, str):
        data = data.encode()
    (HERE / name).write_bytes(data)


def manifest(body: str) -> str:
    return HEADER + body


ORG = "organizations:\n  - {id: o, name: O, jurisdiction: SG}\n"
INFRA = "infrastructure:\n  - {id: gpu, kind: compute, location: SG, operator: o}\n"
MODEL = ("models:\n  - id: m1\n    provenance: {id: m1, developer: o, relation: pretrained, "
         "license: {id: apache-2.0}}\n    serving: [gpu]\n")


def main() -> None:
    # --- YAML: structure
    put("empty.yaml", b"")
    put("whitespace-only.yaml", "   \n\n  \n")
    put("truncated-manifest.yaml", BASE[: BASE.index("models:") + 40])
    put("top-level-list.yaml", "- apiVersion: sovaudit/v1\n- kind: Deployment\n")
    put("top-level-scalar.yaml", "just a string\n")
    put("tab-indent.yaml", HEADER + "sovereignty:\n\thome: [SG]\n")
    put("unclosed-flow.yaml", HEADER + "sovereignty: {home: [SG\n")
    put("two-documents.yaml", HEADER + "---\n" + HEADER)
    put("deep-nesting.yaml", HEADER + "sovereignty: " + "[" * 100 + "]" * 100 + "\n")
    put("deep-block-nesting.yaml", HEADER + "".join("  " * i + f"k{i}:\n" for i in range(80)) + "  " * 80 + "x: 1\n")
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        bomb += f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]\n"
    put("alias-bomb.yaml", HEADER + "metadata2:\n" + "".join("  " + l + "\n" for l in bomb.splitlines()))
    put("long-string.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG.replace("name: O", "name: " + "O" * 5000)))
    put("nul-byte.yaml", HEADER.encode() + b"sovereignty: {home: [S\x00G]}\n")
    put("non-utf8.yaml", HEADER.encode() + b"sovereignty: {home: [SG]}\norganizations:\n  - {id: o, name: \xff\xfe\xc3, jurisdiction: SG}\n" + (INFRA + MODEL).encode())
    put("bom-then-list.yaml", b"\xef\xbb\xbf- 1\n")
    put("control-chars-in-id.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + "  - {id: \"p\\e[31mred\\a\\r\", name: P, jurisdiction: SG}\n" + INFRA + MODEL))
    # Found by fuzzing (fuzz_waivers, fuzz_hf_card): yaml-cpp's LoadAll never returns on these.
    put("stray-comma.yaml", ",")
    put("stray-comma-after-list.yaml", "- apiVersion: sovaudit/v1\n,\n- kind: Deployment\n")
    put("stray-comma-after-end.yaml", HEADER + "...\n,\n")
    # --- manifest: schema
    put("unknown-kind.yaml", "apiVersion: sovaudit/v1\nkind: Deploymnet\n")
    put("missing-kind.yaml", "apiVersion: sovaudit/v1\nmetadata: {name: m}\n")
    put("bad-api-version.yaml", "apiVersion: sovaudit/v9\nkind: Deployment\n")
    put("unknown-field.yaml", manifest("sovereignty: {home: [SG]}\norganisations: []\n"))
    put("models-not-a-list.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + "models: lending-llm\n"))
    put("home-a-mapping.yaml", manifest("sovereignty: {home: {SG: true}}\n" + ORG + INFRA + MODEL))
    put("huge-claim-layer.yaml", manifest("sovereignty: {home: [SG], claim: {layer: 99999999999999999999999, by: o}}\n" + ORG + INFRA + MODEL))
    put("claim-layer-7.yaml", manifest("sovereignty: {home: [SG], claim: {layer: 7, by: o}}\n" + ORG + INFRA + MODEL))
    put("bad-country.yaml", manifest("sovereignty: {home: [XX]}\n" + ORG + INFRA + MODEL))
    put("bad-region.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + "infrastructure:\n  - {id: gpu, kind: compute, region: aws:mars-north-1, operator: o}\n" + MODEL))
    put("duplicate-id.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + "  - {id: o, name: Other, jurisdiction: US}\n" + INFRA + MODEL))
    put("dangling-reference.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + MODEL.replace("serving: [gpu]", "serving: [no-such-gpu]")))
    put("parent-cycle.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + "  - {id: a, name: A, jurisdiction: SG, parent: b}\n  - {id: b, name: B, jurisdiction: SG, parent: a}\n" + INFRA + MODEL))
    put("sha256-short.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + MODEL + "    weights: {availability: local, path: w.bin, sha256: abc123}\n"))
    put("sha256-and-signature.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + MODEL + "    weights: {availability: local, path: w.bin, sha256: " + "a" * 64 + ", signature: w.sig}\n"))
    put("bad-availability.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + MODEL + "    weights: {availability: sometimes}\n"))
    put("path-escape.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + MODEL.replace("provenance: {id: m1, developer: o, relation: pretrained, license: {id: apache-2.0}}", "provenance: ../../../../etc/passwd.yaml")))
    put("absolute-path.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + MODEL + "    weights: {availability: local, path: /etc/shadow, sha256: " + "a" * 64 + "}\n"))
    put("missing-provenance-file.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + MODEL.replace("provenance: {id: m1, developer: o, relation: pretrained, license: {id: apache-2.0}}", "provenance: no-such-provenance.yaml")))
    put("http-url.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + MODEL.replace("provenance: {id: m1, developer: o, relation: pretrained, license: {id: apache-2.0}}", "provenance: http://vendor.example/p.yaml")))
    put("bad-pin.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + MODEL.replace("provenance: {id: m1, developer: o, relation: pretrained, license: {id: apache-2.0}}", "provenance: https://vendor.example/p.yaml#sha256=123")))
    put("bad-hub-source.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + MODEL + "    weights: {availability: local, path: w.bin, source: https://hub.example/model.bin}\n"))
    # --- cross-border groups and decentralised AI (manifest.md, 2026-12-06)
    ds = ("datasets:\n  - {id: files, owner: o, classification: restricted, residency: [%s], "
          "stored_in: [gpu]}\n")
    put("residency-unknown-code.yaml", manifest("sovereignty: {home: [SG, PH]}\n" + ORG + INFRA + ds % "PH, QQ" + MODEL))
    put("residency-outside-home.yaml", manifest("sovereignty: {home: [SG, PH]}\n" + ORG + INFRA + ds % "SG, MY" + MODEL))
    put("residency-group-outside-home.yaml", manifest("sovereignty: {home: [SG, PH]}\n" + ORG + INFRA + ds % "ASEAN" + MODEL))
    put("fleet-size-zero.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + "infrastructure:\n  - {id: gpu, kind: edge, location: SG, operator: o, fleet: {size: 0}}\n" + MODEL))
    fed = ("models:\n  - id: m1\n    provenance:\n      id: m1\n      developer: o\n      relation: finetune\n"
           "      base: catalog:aisingapore/Llama-SEA-LION-v3-8B-IT\n      license: {id: llama3.1}\n"
           "      training:\n        federated:\n          aggregator: {operator: o, infrastructure: [gpu]}\n"
           "          participants:\n            - {operator: o, infrastructure: [gpu]%s}\n%s    serving: [gpu]\n")
    put("federated-participant-no-datasets.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + fed % ("", "")))
    put("federated-bad-protection.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + "datasets:\n  - {id: files, owner: o, classification: restricted, stored_in: [gpu]}\n" + fed % (", datasets: [files]", "          protection: [secure-agregation]\n")))
    put("federated-aggregator-no-infrastructure.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + "datasets:\n  - {id: files, owner: o, classification: restricted, stored_in: [gpu]}\n" + (fed % (", datasets: [files]", "")).replace("aggregator: {operator: o, infrastructure: [gpu]}", "aggregator: {operator: o, infrastructure: []}")))
    put("drill-unknown-scenario.yaml", manifest("sovereignty: {home: [SG]}\n" + ORG + INFRA + MODEL + "contingency:\n  drills:\n    - {scenario: alien-invasion, last_exercised: 2026-09-01}\n"))
    # --- provenance
    put("prov-lineage-cycle.yaml", PROV.replace("base: catalog:aisingapore/Llama-SEA-LION-v3-8B-IT", "base: parent-a")
        + "lineage:\n  - {id: parent-a, developer: merlion-life, relation: finetune, base: parent-b, license: {id: llama3.1}}\n"
          "  - {id: parent-b, developer: merlion-life, relation: finetune, base: parent-a, license: {id: llama3.1}}\n")
    put("prov-dangling-base.yaml", PROV.replace("base: catalog:aisingapore/Llama-SEA-LION-v3-8B-IT", "base: nobody-knows"))
    put("prov-unknown-catalog.yaml", PROV.replace("catalog:aisingapore/Llama-SEA-LION-v3-8B-IT", "catalog:acme/Imaginary-9000B"))
    put("prov-bad-relation.yaml", PROV.replace("relation: finetune", "relation: osmosis"))
    put("prov-base-a-number.yaml", PROV.replace("base: catalog:aisingapore/Llama-SEA-LION-v3-8B-IT", "base: 12"))
    put("prov-bad-licence.yaml", PROV.replace("license: {id: llama3.1}", "license: {id: no-such-licence-1.0}"))
    # --- waivers
    put("waivers-not-a-list.yaml", "apiVersion: sovaudit/v1\nkind: Waivers\nwaivers: {rule: SOV-1.1}\n")
    put("waivers-missing-header.yaml", "kind: Waivers\nwaivers: []\n")
    # --- rule packs
    put("pack-unknown-key.yaml", "apiVersion: sovaudit/v1\nkind: RulePack\ndisabled: [SOV-2.3]\n")
    put("pack-bad-severity.yaml", "apiVersion: sovaudit/v1\nkind: RulePack\nseverity:\n  SOV-3.6: catastrophic\n")
    put("pack-unknown-rule.yaml", "apiVersion: sovaudit/v1\nkind: RulePack\ndisable: [SOV-9.9]\n")
    # --- JSON (CycloneDX, SPDX; import)
    put("cdx-truncated.json", '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "machine-learning-model", "name": "x"')
    put("cdx-deep.json", '{"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": ' + "[" * 200 + "]" * 200 + "}")
    put("cdx-components-string.json", '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": "all of them"}')
    put("cdx-huge-number.json", '{"bomFormat": "CycloneDX", "specVersion": 1e999999, "components": []}')
    put("cdx-non-utf8.json", b'{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "machine-learning-model", "name": "\xff\xfe"}]}')
    put("json-unknown-kind.json", '{"hello": "world"}')
    put("spdx-graph-not-list.json", '{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": {"type": "AI_AIPackage"}}')
    # --- Hugging Face cards
    put("card-bad-front-matter.md", "---\nlicense: [apache-2.0\nbase_model: x\n---\n# Model\n")
    put("card-front-matter-list.md", "---\n- a\n- b\n---\n# Model\n")
    put("card-stray-comma.md", "---\n- justed\n,\n- a$~list\n---\n# Listed\n")
    put("card-binary.md", b"---\nlicense: mit\n---\n\x00\x01\x02binary")
    # --- GGUF
    put("gguf-truncated.gguf", b"GGUF" + struct.pack("<I", 3) + struct.pack("<Q", 0))
    put("gguf-bad-version.gguf", b"GGUF" + struct.pack("<I", 99) + struct.pack("<QQ", 0, 0))
    put("gguf-huge-kv-count.gguf", b"GGUF" + struct.pack("<IQQ", 3, 0, 2**63))
    put("gguf-huge-string.gguf", b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 2**62) + b"general.name")
    nested = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 4) + b"deep" + struct.pack("<I", 9)
    for _ in range(100):
        nested += struct.pack("<IQ", 9, 1)  # array of one array of ...
    put("gguf-nested-arrays.gguf", nested)
    # --- safetensors
    put("st-header-past-end.safetensors", struct.pack("<Q", 4096) + b'{"a": 1}')
    put("st-header-not-json.safetensors", struct.pack("<Q", 12) + b"{not json!!}")
    put("st-header-huge.safetensors", struct.pack("<Q", 2**64 - 1) + b"{}")
    hdr = b'{"__metadata__": {"license": {"nested": "object"}}}'
    put("st-metadata-not-strings.safetensors", struct.pack("<Q", len(hdr)) + hdr)
    # --- OMS bundles (verify)
    put("bundle-empty.sig", b"")
    put("bundle-not-json.sig", "this is not a bundle\n")
    good = ROOT / "tests" / "data" / "third_party" / "model-signing" / "v1.1.0-elliptic-key" / "model.sig"
    text = good.read_text()
    put("bundle-truncated.sig", text[: len(text) // 2])
    j = json.loads(text)
    j["dsseEnvelope"]["payload"] = "!!!not base64!!!"
    put("bundle-payload-not-base64.sig", json.dumps(j))
    j = json.loads(text)
    j["dsseEnvelope"]["payload"] = base64.b64encode(b'{"_type": "something else"}').decode()
    put("bundle-payload-not-intoto.sig", json.dumps(j))
    j = json.loads(text)
    j["mediaType"] = "application/vnd.dev.sigstore.bundle.v9.9+json"
    put("bundle-media-type.sig", json.dumps(j))
    j = json.loads(text)
    del j["dsseEnvelope"]["signatures"]
    put("bundle-no-signatures.sig", json.dumps(j))
    put("bundle-deep.sig", "[" * 300 + "]" * 300)
    # --- reports for diff
    put("report-wrong-schema.json", '{"schema": "sovaudit/report/v0", "deployments": []}')
    put("report-truncated.json", '{"schema": "sovaudit/report/v1", "deployments": [{"name": "x"')
    put("report-wrong-types.json", '{"schema": "sovaudit/report/v1", "as_of": "2026-11-21", "deployments": [{"name": 7}]}')


if __name__ == "__main__":
    main()
