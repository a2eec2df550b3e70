// The rule-pack format (rules/README.md): parsing, validation and application.

#include <algorithm>
#include <cctype>
#include <set>

#include "src/rules/pack.h"
#include "src/util/error.h"
#include "src/util/text.h"

namespace sov::pack {
namespace {

const std::vector<std::string> kSeverities = {"critical", "high", "medium", "low", "info"};
const std::vector<std::string> kQuestions = {"Q1", "Q2", "Q3", "Q4"};

YAML::Node Parse(const std::string& text, const std::string& name) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw Error(Location{name, e.mark.line + 1, e.mark.column + 1}, e.msg);
  } catch (const YAML::Exception& e) {
    throw Error(Location{name, 0, 0}, e.what());
  }
}

void CheckKeys(const YAML::Node& map, const std::string& file,
               const std::vector<std::string>& allowed, const std::string& what) {
  for (const auto& kv : map) {
    std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw Error(At(file, kv.first),
                  "unknown key '" + EscapeControl(key) + "' in " + what + DidYouMean(key, allowed));
    }
  }
}

std::string Scalar(const YAML::Node& map, const std::string& key, const std::string& file,
                   bool required, const std::string& what) {
  YAML::Node n = map[key];
  if (!n) {
    if (required) throw Error(At(file, map), what + " needs '" + key + "'");
    return "";
  }
  if (!n.IsScalar()) throw Error(At(file, n), "'" + key + "' must be a string");
  return n.Scalar();
}

std::string OneOf(const YAML::Node& node, const std::string& value,
                  const std::vector<std::string>& allowed, const std::string& file,
                  const std::string& what) {
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    throw Error(At(file, node), "unknown " + what + " '" + EscapeControl(value) + "' (one of " +
                                    Join(allowed, ", ") + ")" + DidYouMean(value, allowed));
  }
  return value;
}

std::vector<std::string> Ids(const std::vector<RuleDef>& rules) {
  std::vector<std::string> ids;
  for (const RuleDef& r : rules) ids.push_back(r.id);
  return ids;
}

RuleDef* FindRule(std::vector<RuleDef>& rules, const YAML::Node& node, const std::string& file) {
  if (!node.IsScalar()) throw Error(At(file, node), "a rule id must be a string");
  for (RuleDef& r : rules) {
    if (r.id == node.Scalar()) return &r;
  }
  throw Error(At(file, node), "unknown rule '" + EscapeControl(node.Scalar()) + "'" +
                                  DidYouMean(node.Scalar(), Ids(rules)));
}

void ValidateCheck(const YAML::Node& check, const std::string& file, bool builtin) {
  if (!check.IsMap()) throw Error(At(file, check), "'check' must be a mapping");
  if (!check["builtin"]) {
    ValidateDeclarative(check, file);
    return;
  }
  CheckKeys(check, file, {"builtin"}, "a built-in check");
  std::string name = Scalar(check, "builtin", file, true, "check");
  std::vector<std::string> names = checks::BuiltinNames();
  if (!builtin) {
    // Produced outside the rule engine (src/score, src/waiver): no pack may define them.
    for (const char* own : {"claim", "waiver_expired", "waiver_invalid"}) {
      names.erase(std::find(names.begin(), names.end(), own));
    }
  }
  OneOf(check["builtin"], name, names, file, "built-in check");
}

RuleDef ParseRule(const YAML::Node& node, const std::string& file, bool builtin, bool shipped) {
  if (!node.IsMap()) throw Error(At(file, node), "a rule must be a mapping");
  CheckKeys(node, file,
            {"id", "layer", "title", "severity", "question", "rationale", "remediation",
             "references", "check"},
            "a rule");
  RuleDef r;
  r.loc = At(file, node);
  r.origin = builtin ? "built-in" : file;  // a shipped pack: its "builtin:NAME"
  const std::string what = "a rule";
  r.id = Scalar(node, "id", file, true, what);
  bool valid_id = !r.id.empty() && std::isalnum(static_cast<unsigned char>(r.id[0]));
  for (char c : r.id) {
    valid_id = valid_id &&
               (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_');
  }
  if (!valid_id) {
    throw Error(At(file, node["id"]),
                "rule id '" + EscapeControl(r.id) + "' must be letters, digits, '-', '.' and '_'");
  }
  if (!builtin && !shipped && r.id.rfind("SOV-", 0) == 0) {
    throw Error(At(file, node["id"]),
                "rule ids starting with 'SOV-' are reserved for the "
                "built-in rules; choose a prefix of your own");
  }
  std::string layer = Scalar(node, "layer", file, true, what);
  int min_layer = builtin ? 0 : 1;
  if (layer.size() != 1 || layer[0] < '0' + min_layer || layer[0] > '5') {
    throw Error(At(file, node["layer"]),
                "'layer' must be a number from " + std::to_string(min_layer) + " to 5");
  }
  r.layer = layer[0] - '0';
  r.title = Scalar(node, "title", file, true, what);
  r.severity = *ParseSeverity(OneOf(node["severity"], Scalar(node, "severity", file, true, what),
                                    kSeverities, file, "severity"));
  r.question = Scalar(node, "question", file, false, what);
  if (!r.question.empty()) OneOf(node["question"], r.question, kQuestions, file, "question");
  r.rationale = Scalar(node, "rationale", file, true, what);
  r.remediation = Scalar(node, "remediation", file, true, what);
  if (YAML::Node refs = node["references"]) {
    if (!refs.IsSequence()) throw Error(At(file, refs), "'references' must be a list");
    for (const YAML::Node& ref : refs) {
      if (!ref.IsScalar()) throw Error(At(file, ref), "a reference must be a string");
      r.references.push_back(ref.Scalar());
    }
  }
  if (!node["check"]) throw Error(r.loc, "rule '" + r.id + "' needs 'check'");
  ValidateCheck(node["check"], file, builtin);
  r.check = YAML::Clone(node["check"]);
  return r;
}

}  // namespace

Location At(const std::string& file, const YAML::Node& node) {
  if (!node.IsDefined()) return Location{file, 0, 0};
  YAML::Mark m = node.Mark();
  if (m.line < 0) return Location{file, 0, 0};
  return Location{file, m.line + 1, m.column + 1};
}

void Apply(std::vector<RuleDef>& rules, const std::string& text, const std::string& name,
           bool builtin, bool shipped) {
  YAML::Node root = Parse(text, name);
  if (!root.IsMap()) throw Error(At(name, root), "a rule pack must be a YAML mapping");
  CheckKeys(root, name, {"apiVersion", "kind", "metadata", "rules", "disable", "severity"},
            "a rule pack");
  std::string api = Scalar(root, "apiVersion", name, true, "a rule pack");
  if (api != "sovaudit/v1") {
    throw Error(At(name, root["apiVersion"]),
                "unsupported apiVersion '" + EscapeControl(api) + "' (expected sovaudit/v1)");
  }
  std::string kind = Scalar(root, "kind", name, true, "a rule pack");
  if (kind != "RulePack") {
    throw Error(At(name, root["kind"]), "kind must be RulePack, not '" + EscapeControl(kind) + "'");
  }
  if (YAML::Node meta = root["metadata"]) {
    if (!meta.IsMap()) throw Error(At(name, meta), "'metadata' must be a mapping");
    CheckKeys(meta, name, {"name", "description", "owner", "source"}, "metadata");
  }

  std::vector<RuleDef> next = rules;  // applied whole or not at all
  if (YAML::Node list = root["rules"]) {
    if (!list.IsSequence()) throw Error(At(name, list), "'rules' must be a list");
    for (const YAML::Node& node : list) {
      RuleDef r = ParseRule(node, name, builtin, shipped);
      for (const RuleDef& existing : next) {
        if (existing.id == r.id) {
          throw Error(At(name, node["id"]),
                      "rule '" + r.id + "' is already defined" +
                          (existing.origin.empty() ? "" : " (by " + existing.origin + ")"));
        }
      }
      next.push_back(std::move(r));
    }
  }
  if (YAML::Node list = root["disable"]) {
    if (!list.IsSequence()) throw Error(At(name, list), "'disable' must be a list of rule ids");
    for (const YAML::Node& id : list) FindRule(next, id, name)->enabled = false;
  }
  if (YAML::Node map = root["severity"]) {
    if (!map.IsMap()) throw Error(At(name, map), "'severity' must map rule ids to severities");
    for (const auto& kv : map) {
      RuleDef* r = FindRule(next, kv.first, name);
      if (!kv.second.IsScalar()) throw Error(At(name, kv.second), "a severity must be a string");
      r->severity = *ParseSeverity(OneOf(kv.second, kv.second.Scalar(), kSeverities, name, "severity"));
    }
  }
  rules = std::move(next);
}

}  // namespace sov::pack
