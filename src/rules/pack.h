#pragma once
// Private to src/rules: the rule-pack parser (rules/README.md) and the declarative checks.

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "src/rules/checks.h"
#include "src/rules/rules.h"

namespace sov::pack {

// Parses `text` (a RulePack document; `name` goes into error locations) and applies it to
// `rules`: adds its rules, then disables and re-grades. With `builtin` the document is the
// embedded rules.yaml: SOV- ids, layer 0 and `builtin: claim` are allowed there only. With
// `shipped` it is a pack shipped with sovaudit (`builtin:NAME`): SOV- ids are allowed too.
// Throws Error with file:line:column; `rules` is unchanged when it throws.
void Apply(std::vector<RuleDef>& rules, const std::string& text, const std::string& name,
           bool builtin, bool shipped = false);

// The position of a node ("name:line:col"); line 0 when the node has no mark.
Location At(const std::string& file, const YAML::Node& node);

// Declarative checks (rules_decl.cc). Validate throws Error at the offending node.
void ValidateDeclarative(const YAML::Node& check, const std::string& file);
// Evaluates a validated declarative check of ctx.rule.
void EvaluateDeclarative(const checks::Context& ctx, std::vector<Finding>& out);

}  // namespace sov::pack
