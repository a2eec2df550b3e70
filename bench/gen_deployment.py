#!/usr/bin/env python3
"""Generates a benchmark deployment of N models, realistic in shape.

    python3 bench/gen_deployment.py N OUTDIR

writes

    OUTDIR/deployment.yaml              the manifest (kind: Deployment, home SG)
    OUTDIR/provenance/mNNNNNN.yaml      one provenance file per model (kind: ModelProvenance)
    OUTDIR/weights/mNNNNNN.bin          one small weight file per model, pinned by sha256

Shape, modelled on a large bank's model registry:
  * shared organisations (the bank, its holding company, business units as subsidiaries, a
    domestic cloud provider, a few upstream developers) and shared infrastructure (GPU clusters,
    storage, HSMs), so references cross the whole file;
  * about one dataset per 25 models (at least 12), each model trained on 2 or 3 of them;
  * every model has a provenance file: the deployed model (a fine-tune or an adapter) and its
    own lineage node (a domestic continued pre-training) whose base is one of several catalogue
    models, so each lineage reaches the catalogue (3 nodes or more per model);
  * one evaluation per 50 models, with a result bound to each of its models' digests;
  * explicit flows for one model in five; an exit plan with fallbacks.
Every model reaches layer 3 (sovereign fine-tuning) on 2026-11-21.

Output is deterministic: the same N gives the same bytes.
"""

import hashlib
import sys
from pathlib import Path

BASES = [
    ("aisingapore/Llama-SEA-LION-v3-8B-IT", "llama3.1"),
    ("meta-llama/Llama-3.1-8B-Instruct", "llama3.1"),
    ("Qwen/Qwen2.5-7B-Instruct", "apache-2.0"),
    ("mistralai/Mistral-7B-v0.3", "apache-2.0"),
    ("meta-llama/Llama-3.2-3B-Instruct", "llama3.2"),
]
UNITS = ["lending", "trading", "hr", "finance", "retail", "wealth", "risk", "operations"]
GPUS = [f"sg-gpu-{i}" for i in range(1, 9)]
STORAGE = ["sg-storage-1", "sg-storage-2", "sg-dr-storage-1", "sg-dr-storage-2"]
KMS = ["sg-hsm-1", "sg-hsm-2"]


def generate(n: int, out: Path) -> None:
    (out / "provenance").mkdir(parents=True, exist_ok=True)
    (out / "weights").mkdir(parents=True, exist_ok=True)
    n_datasets = max(12, n // 25)
    w = []  # manifest lines
    w += [
        "apiVersion: sovaudit/v1",
        "kind: Deployment",
        "metadata:",
        f"  name: bench-portfolio-{n}",
        "  owner: bench-bank",
        "  business_unit: group-ai",
        f"  description: Synthetic registry of {n} models for the sovaudit benchmark",
        "sovereignty:",
        "  home: [SG]",
        "  claim: {layer: 3, by: bench-bank, source: model risk register}",
        "",
        "organizations:",
        "  - {id: bench-group, name: Bench Financial Group Ltd, jurisdiction: SG}",
        "  - {id: bench-bank, name: Bench Bank Ltd, jurisdiction: SG, parent: bench-group}",
        "  - {id: lion-cloud, name: Lion Cloud Pte. Ltd., jurisdiction: SG}",
    ]
    for u in UNITS:
        w.append(f"  - {{id: bench-{u}, name: Bench {u.title()} Pte. Ltd., jurisdiction: SG, "
                 "parent: bench-bank}")
    w += ["", "infrastructure:"]
    for g in GPUS:
        w += [f"  - id: {g}", "    kind: compute", "    location: SG", "    operator: bench-bank",
              "    provider: lion-cloud"]
    for s in STORAGE:
        w += [f"  - id: {s}", "    kind: storage", "    location: SG", "    operator: bench-bank"]
    for k in KMS:
        w += [f"  - id: {k}", "    kind: kms", "    location: SG", "    operator: bench-bank"]
    w += ["", "datasets:"]
    classes = ["restricted", "confidential", "internal"]
    for d in range(n_datasets):
        unit = UNITS[d % len(UNITS)]
        w += [f"  - id: ds-{d:05d}", f"    owner: bench-{unit}",
              f"    classification: {classes[d % 3]}", "    origin: SG",
              f"    stored_in: [{STORAGE[d % 2]}, {STORAGE[2 + d % 2]}]",
              f"    encryption: {{kms: {KMS[d % 2]}}}"]

    digests = []
    w += ["", "models:"]
    for i in range(n):
        mid = f"m{i:06d}"
        unit = UNITS[i % len(UNITS)]
        dev = f"bench-{unit}"
        gpu = GPUS[i % len(GPUS)]
        base, lic = BASES[i % len(BASES)]
        ds = [f"ds-{(i * 7 + k * 3) % n_datasets:05d}" for k in range(2 + i % 2)]
        relation = "adapter" if i % 4 == 3 else "finetune"
        prov = [
            "apiVersion: sovaudit/v1",
            "kind: ModelProvenance",
            "model:",
            f"  id: {mid}",
            f"  name: {unit.title()} model {i}",
            f"  version: 1.{i % 10}.0",
            f"  developer: {dev}",
            f"  relation: {relation}",
            f"  base: {mid}-cpt",
            f"  license: {{id: {lic}}}",
            "  training:",
            f"    datasets: [{', '.join(ds)}]",
            f"    operator: {dev}",
            f"    infrastructure: [{gpu}]",
            "lineage:",
            f"  - id: {mid}-cpt",
            f"    name: {unit.title()} domain model {i}",
            "    developer: bench-bank",
            "    relation: continued-pretraining",
            f"    base: catalog:{base}",
            f"    license: {{id: {lic}}}",
            "    training:",
            f"      datasets: [{ds[0]}]",
            "      operator: bench-bank",
            f"      infrastructure: [{GPUS[(i + 1) % len(GPUS)]}]",
        ]
        (out / "provenance" / f"{mid}.yaml").write_text("\n".join(prov) + "\n")
        data = f"sovaudit benchmark weights for {mid}\n".encode() * 4
        (out / "weights" / f"{mid}.bin").write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        digests.append(digest)
        w += [f"  - id: {mid}", f"    provenance: provenance/{mid}.yaml", f"    serving: [{gpu}]",
              "    weights:", "      availability: local", f"      path: weights/{mid}.bin",
              f"      sha256: {digest}", f"    evaluations: [eval-{i // 50:04d}]"]

    w += ["", "evaluations:"]
    for e in range((n + 49) // 50):
        w += [f"  - id: eval-{e:04d}", "    operator: bench-bank", f"    runs_on: [{GPUS[e % 8]}]",
              "    benchmarks:", f"      - {{name: bench-qa-{e % 7}, owner: bench-bank}}",
              "    results:"]
        for i in range(e * 50, min(n, e * 50 + 50)):
            w.append(f"      - {{model_digest: \"sha256:{digests[i]}\", date: 2026-10-{1 + i % 28:02d}}}")

    w += ["", "flows:"]
    for i in range(0, n, 5):
        w.append(f"  - {{from: ds-{i % n_datasets:05d}, to: m{i:06d}, purpose: inference}}")
    w += ["", "contingency:", "  plan: docs/exit-plan.md", "  last_exercised: 2026-06-30",
          f"  fallback_models: [m{0:06d}, m{min(1, n - 1):06d}]"]
    (out / "deployment.yaml").write_text("\n".join(w) + "\n")


def main(argv):
    if len(argv) != 2 or not argv[0].isdigit() or int(argv[0]) < 1:
        print(__doc__, file=sys.stderr)
        return 2
    generate(int(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
