// sovaudit rules / sovaudit explain RULE-ID.
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <ostream>

#include "cli/commands.h"
#include "src/report/report.h"
#include "src/rules/rules.h"
#include "src/util/error.h"
#include "src/util/text.h"

namespace sov {
namespace {

RuleSet LoadRules(const std::vector<std::string>& packs, InputReader& inputs) {
  RuleSet rules = RuleSet::Builtin();
  for (const std::string& p : packs) rules.ApplyNamedPack(p, inputs);
  return rules;
}

std::string LayerText(int layer) {
  return layer == 0 ? "claims" : std::to_string(layer) + " " + LayerName(layer);
}

std::string Padded(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

int RunRulesCommand(const RulesCommandOptions& o, InputReader& inputs, std::ostream& out,
                    std::ostream& err) {
  RuleSet rules = LoadRules(o.rule_packs, inputs);
  if (o.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const RuleDef& r : rules.rules()) {
      list.push_back({{"id", r.id},
                      {"layer", r.layer},
                      {"title", r.title},
                      {"severity", SeverityName(r.severity)},
                      {"question", r.question},
                      {"enabled", r.enabled},
                      {"origin", r.origin}});
    }
    out << list.dump(2) << "\n";
    return kExitOk;
  }
  out << Padded("ID", 12) << Padded("LAYER", 18) << Padded("SEVERITY", 10) << "TITLE\n";
  for (const RuleDef& r : rules.rules()) {
    out << Padded(EscapeControl(r.id), 12) << Padded(LayerText(r.layer), 18)
        << Padded(SeverityName(r.severity), 10) << EscapeControl(r.title);
    if (!r.enabled) out << "  (disabled)";
    if (r.origin != "built-in") out << "  [" << EscapeControl(r.origin) << "]";
    out << "\n";
  }
  return kExitOk;
}

int RunExplainCommand(const RulesCommandOptions& o, InputReader& inputs, std::ostream& out,
                      std::ostream& err) {
  RuleSet rules = LoadRules(o.rule_packs, inputs);
  const RuleDef* r = rules.Find(o.rule_id);
  if (r == nullptr) {
    std::vector<std::string> ids;
    for (const RuleDef& d : rules.rules()) ids.push_back(d.id);
    // A rule of the deai pack named without the pack: say where it is.
    if (o.rule_id.rfind("SOV-D.", 0) == 0) {
      throw Error("rule '" + o.rule_id + "' is in the built-in deai pack: add --rules builtin:deai");
    }
    throw Error("unknown rule '" + o.rule_id + "'" + DidYouMean(o.rule_id, ids) +
                "; 'sovaudit rules' lists them");
  }
  out << EscapeControl(r->id) << " — " << EscapeControl(r->title) << "\n\n";
  out << "Layer:        " << LayerText(r->layer) << "\n";
  out << "Severity:     " << SeverityName(r->severity) << (r->enabled ? "" : " (disabled)") << "\n";
  if (!r->question.empty()) out << "Question:     " << r->question << "\n";
  out << "Defined in:   " << EscapeControl(r->origin) << "\n\n";
  out << "Rationale\n  " << EscapeControl(r->rationale) << "\n\n";
  if (r->check) {
    YAML::Emitter e;
    e << YAML::Flow << r->check;
    out << "Check\n";
    std::string text = e.c_str();
    for (size_t start = 0; start < text.size();) {
      size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      out << "  " << EscapeControl(std::string_view(text).substr(start, nl - start)) << "\n";
      start = nl + 1;
    }
    out << "\n";
  }
  out << "Remediation\n  " << EscapeControl(r->remediation) << "\n";
  if (!r->references.empty()) {
    out << "\nReferences\n";
    for (const std::string& ref : r->references) out << "  - " << EscapeControl(ref) << "\n";
  }
  return kExitOk;
}

}  // namespace sov
