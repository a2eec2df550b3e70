#pragma once
// The smallest valid deployment manifest, which the loader tests edit one line at a time.
// Their expected positions count its lines (line 1: apiVersion).

namespace sov::test {

inline constexpr char kBase[] = R"(apiVersion: sovaudit/v1
kind: Deployment
metadata:
  name: minimal
  owner: acme
sovereignty:
  home: [SG]
organizations:
  - id: acme
    jurisdiction: SG
infrastructure:
  - id: gpu
    kind: compute
    location: SG
    operator: acme
datasets:
  - id: data
    owner: acme
    classification: internal
    stored_in: [gpu]
models:
  - id: m
    serving: [gpu]
    provenance:
      developer: acme
      relation: pretrained
)";


}  // namespace sov::test
