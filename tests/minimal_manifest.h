#pragma once
// The smallest valid deployment manifest, which the loader tests edit one line at a time.
// Their expected positions count its lines (line 1: apiVersion).

#include <gtest/gtest.h>

#include <string>

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

// `yaml` (by default kBase) with the first `from` replaced by `to`; a failure when `from` is not
// there.
inline std::string EditBase(const std::string& from, const std::string& to,
                            std::string yaml = kBase) {
  size_t at = yaml.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) yaml.replace(at, from.size(), to);
  return yaml;
}

}  // namespace sov::test
