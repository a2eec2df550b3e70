#pragma once
// The portfolio view of a report: how the deployments of one run spread over the layers,
// overall and per business unit, the overclaims, and the rules that hold most deployments
// back. Computed from the report model alone, so every renderer shows the same numbers.

#include <array>
#include <string>
#include <vector>

#include "src/report/report.h"

namespace sov {

struct UnitSummary {
  std::string name;                 // business_unit, or "" for deployments that state none
  int deployments = 0;
  int models = 0;
  std::array<int, 6> by_layer{};    // deployments per achieved layer 0..5
  int overclaims = 0;
  int lowest_layer = 5;
};

struct BlockingRule {
  std::string rule;
  int layer = 0;
  int deployments = 0;              // deployments whose next layer it blocks
  int findings = 0;                 // its blocking findings across them
};

struct PortfolioSummary {
  int deployments = 0;
  int models = 0;
  std::array<int, 6> by_layer{};
  int overclaims = 0;
  int integrity_failures = 0;
  int waived = 0;                   // findings waived
  std::vector<std::string> overclaimed;  // deployment names, in report order
  std::vector<BlockingRule> blocking;    // most deployments first, then rule id
  std::vector<UnitSummary> units;        // by name; "" (none stated) last
};

// A rule blocks a deployment when it has a fail or unknown finding in the deployment's
// next-layer plan (the layer above the one it reaches).
PortfolioSummary Summarize(const Report& report);

// "(no business unit)" for "", else the name.
std::string UnitLabel(const std::string& name);

}  // namespace sov
