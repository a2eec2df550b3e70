// Declarative checks of rule packs (rules/README.md): for_each a subject kind, where its items
// match, require conditions on their fields.

#include <algorithm>
#include <cctype>

#include "src/rules/decl_fields.h"
#include "src/rules/pack.h"
#include "src/util/error.h"
#include "src/util/text.h"

namespace sov::pack {
namespace {

const std::vector<std::string> kPredicates = {"domestic", "equals",  "in",
                                              "not_in",   "present", "within_days"};

struct Clause {
  const Field* field = nullptr;
  std::string predicate;
  bool flag = true;                 // domestic, present
  std::vector<std::string> values;  // equals (one), in, not_in
  long days = 0;                    // within_days
};

struct Check {
  const SubjectKind* subject = nullptr;
  std::vector<Clause> where, require;
};

std::vector<std::string> FieldNames(const SubjectKind& kind) {
  std::vector<std::string> names;
  for (const Field& f : kind.fields) names.push_back(f.name);
  return names;
}

const Field& ParseField(const SubjectKind& kind, const YAML::Node& node, const std::string& file) {
  if (!node.IsScalar()) throw Error(At(file, node), "'field' must be a field name");
  const Field* f = FindField(kind, node.Scalar());
  if (f == nullptr) {
    throw Error(At(file, node), "unknown field '" + EscapeControl(node.Scalar()) + "' of " +
                                    kind.name + " (one of " + Join(FieldNames(kind), ", ") + ")" +
                                    DidYouMean(node.Scalar(), FieldNames(kind)));
  }
  return *f;
}

std::vector<std::string> ScalarList(const YAML::Node& node, const std::string& file) {
  std::vector<std::string> out;
  if (node.IsScalar()) return {node.Scalar()};
  if (!node.IsSequence()) throw Error(At(file, node), "expected a value or a list of values");
  for (const YAML::Node& v : node) {
    if (!v.IsScalar()) throw Error(At(file, v), "expected a plain value");
    out.push_back(v.Scalar());
  }
  return out;
}

Clause ParseClause(const SubjectKind& kind, const YAML::Node& node, const std::string& file) {
  if (!node.IsMap())
    throw Error(At(file, node), "a condition must be a mapping {field: ..., PREDICATE: ...}");
  Clause c;
  YAML::Node pred_key;
  for (const auto& kv : node) {
    std::string key = kv.first.Scalar();
    if (key == "field") continue;
    if (std::find(kPredicates.begin(), kPredicates.end(), key) == kPredicates.end()) {
      throw Error(At(file, kv.first), "unknown predicate '" + EscapeControl(key) + "' (one of " +
                                          Join(kPredicates, ", ") + ")" +
                                          DidYouMean(key, kPredicates));
    }
    if (!c.predicate.empty()) throw Error(At(file, kv.first), "a condition takes one predicate");
    c.predicate = key;
    pred_key = kv.first;
  }
  if (!node["field"]) throw Error(At(file, node), "a condition needs 'field'");
  c.field = &ParseField(kind, node["field"], file);
  if (c.predicate.empty()) {
    throw Error(At(file, node),
                "a condition needs a predicate (one of " + Join(kPredicates, ", ") + ")");
  }
  YAML::Node value = node[c.predicate];
  Location where = At(file, value);
  if (c.predicate == "domestic" || c.predicate == "present") {
    if (!value.IsScalar() || (value.Scalar() != "true" && value.Scalar() != "false")) {
      throw Error(where, "'" + c.predicate + "' takes true or false");
    }
    c.flag = value.Scalar() == "true";
    Base b = c.field->base;
    if (c.predicate == "domestic" && b != Base::kCountry && b != Base::kOrg && b != Base::kInfra) {
      throw Error(At(file, pred_key),
                  "'domestic' does not apply to field '" + std::string(c.field->name) +
                      "' (only to countries, organisations and infrastructure)");
    }
  } else if (c.predicate == "within_days") {
    if (c.field->base != Base::kDate) {
      throw Error(At(file, pred_key), "'within_days' applies only to date fields, not '" +
                                          std::string(c.field->name) + "'");
    }
    std::string s = value.IsScalar() ? value.Scalar() : "";
    if (s.empty() || s.size() > 6 || !std::all_of(s.begin(), s.end(), ::isdigit)) {
      throw Error(where, "'within_days' takes a number of days");
    }
    c.days = std::stol(s);
  } else if (c.predicate == "equals") {
    if (!value.IsScalar()) throw Error(where, "'equals' takes one value");
    c.values = {value.Scalar()};
  } else {
    c.values = ScalarList(value, file);
  }
  return c;
}

Check ParseCheck(const YAML::Node& check, const std::string& file) {
  for (const auto& kv : check) {
    std::string key = kv.first.Scalar();
    static const std::vector<std::string> kKeys = {"for_each", "where", "require"};
    if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
      throw Error(At(file, kv.first),
                  "unknown key '" + EscapeControl(key) +
                      "' in a check (builtin, or for_each/where/require)" +
                      DidYouMean(key, {"builtin", "for_each", "where", "require"}));
    }
  }
  Check c;
  YAML::Node each = check["for_each"];
  if (!each || !each.IsScalar())
    throw Error(At(file, check), "a declarative check needs 'for_each'");
  c.subject = FindSubject(each.Scalar());
  if (c.subject == nullptr) {
    std::vector<std::string> names;
    for (const SubjectKind& s : Subjects()) names.push_back(s.name);
    throw Error(At(file, each), "unknown subject '" + EscapeControl(each.Scalar()) + "' (one of " +
                                    Join(names, ", ") + ")" + DidYouMean(each.Scalar(), names));
  }
  if (YAML::Node where = check["where"]) {
    if (where.IsMap()) {  // shorthand: {field: value} is equals, {field: [values]} is in
      for (const auto& kv : where) {
        Clause cl;
        cl.field = &ParseField(*c.subject, kv.first, file);
        cl.values = ScalarList(kv.second, file);
        cl.predicate = kv.second.IsScalar() ? "equals" : "in";
        c.where.push_back(std::move(cl));
      }
    } else if (where.IsSequence()) {
      for (const YAML::Node& n : where) c.where.push_back(ParseClause(*c.subject, n, file));
    } else {
      throw Error(At(file, where), "'where' must be a mapping or a list of conditions");
    }
  }
  YAML::Node require = check["require"];
  if (!require || !require.IsSequence() || require.size() == 0) {
    throw Error(At(file, require ? require : check),
                "a declarative check needs a non-empty 'require' list");
  }
  for (const YAML::Node& n : require) c.require.push_back(ParseClause(*c.subject, n, file));
  return c;
}

// Describes values for messages: organisations with their chains.
std::string Describe(const Facts& facts, const Field& f, const std::vector<std::string>& values) {
  std::vector<std::string> parts;
  for (const std::string& v : values) parts.push_back(f.base == Base::kOrg ? facts.OrgChain(v) : v);
  return Join(parts, ", ");
}

// Holds the clause for the values? `why` says why not (or why unknown).
Tri Holds(const Facts& facts, const Clause& c, const std::vector<std::string>& values,
          std::string* why) {
  const std::string name = c.field->name;
  if (c.predicate == "present") {
    *why = name + (c.flag ? " is not stated" : " is stated (" + Join(values, ", ") + ")");
    return values.empty() != c.flag ? Tri::kYes : Tri::kNo;
  }
  bool membership = c.predicate == "equals" || c.predicate == "in" || c.predicate == "not_in";
  if (values.empty() && c.field->list && membership) {
    // An empty list is a stated fact (e.g. an endpoint that receives nothing), not a gap.
    *why = name + " is empty";
    return c.predicate == "not_in" ? Tri::kYes : Tri::kNo;
  }
  if (values.empty()) {
    *why = name + " is not stated";
    return Tri::kUnknown;
  }
  if (membership) {
    bool any = std::any_of(values.begin(), values.end(), [&](const std::string& v) {
      return std::find(c.values.begin(), c.values.end(), v) != c.values.end();
    });
    bool want = c.predicate != "not_in";
    *why = name + " is " + Join(values, ", ") + (want ? ", not " : ", which includes ") +
           (c.values.size() == 1 ? c.values[0] : "one of " + Join(c.values, ", "));
    return any == want ? Tri::kYes : Tri::kNo;
  }
  if (c.predicate == "within_days") {
    bool unknown = false;
    for (const std::string& v : values) {
      auto d = ParseDate(v);
      if (!d) {
        unknown = true;
        continue;
      }
      long days = DaysBetween(*d, facts.context().as_of);
      if (days >= 0 && days <= c.days) return Tri::kYes;
    }
    *why = name + " (" + Join(values, ", ") + ") has no date within " + std::to_string(c.days) +
           " days before the audit date";
    return unknown ? Tri::kUnknown : Tri::kNo;
  }
  // domestic: every value must be domestic (or, with false, none may be).
  std::vector<std::string> foreign, unknown;
  for (const std::string& v : values) {
    std::string detail;
    Tri t = c.field->base == Base::kCountry ? facts.CountryDomestic(v)
            : c.field->base == Base::kOrg   ? facts.OrgDomestic(v)
                                            : facts.InfraDomestic(v, &detail);
    std::string text = c.field->base == Base::kOrg ? facts.OrgChain(v)
                       : detail.empty()            ? v
                                                   : v + " (" + detail + ")";
    if (t == Tri::kNo) foreign.push_back(text);
    if (t == Tri::kUnknown) unknown.push_back(text);
  }
  if (c.flag) {
    if (!foreign.empty())
      *why = name + " " + Join(foreign, ", ") + " is not domestic";
    else if (!unknown.empty())
      *why = name + " " + Join(unknown, ", ") + " is of unknown jurisdiction";
    return !foreign.empty() ? Tri::kNo : unknown.empty() ? Tri::kYes : Tri::kUnknown;
  }
  *why = name + " " + Describe(facts, *c.field, values) + " is domestic";
  if (foreign.size() == values.size()) return Tri::kYes;
  return unknown.empty() ? Tri::kNo : Tri::kUnknown;
}

}  // namespace

void ValidateDeclarative(const YAML::Node& check, const std::string& file) {
  ParseCheck(check, file);
}

void EvaluateDeclarative(const checks::Context& ctx, std::vector<Finding>& out) {
  const Check check = ParseCheck(ctx.rule.check, ctx.rule.origin);
  const Facts& facts = ctx.facts;
  size_t selected = 0;
  for (const Item& item : check.subject->items(facts)) {
    std::string subject = std::string(check.subject->name) + "/" + item.id;
    Tri match = Tri::kYes;
    std::vector<std::string> match_unknown;
    for (const Clause& c : check.where) {
      std::string why;
      Tri t = Holds(facts, c, c.field->get(facts, item.ptr), &why);
      if (t == Tri::kNo) match = Tri::kNo;
      if (t == Tri::kUnknown && match == Tri::kYes) {
        match = Tri::kUnknown;
        match_unknown.push_back(why);
      }
      if (match == Tri::kNo) break;
    }
    if (match == Tri::kNo) continue;
    ++selected;
    checks::Verdict v;
    if (match == Tri::kUnknown) {
      v.Unknown("cannot tell whether the rule applies: " + Join(match_unknown, "; "));
    }
    std::vector<std::string> met;
    for (const Clause& c : check.require) {
      std::string why;
      Tri t = Holds(facts, c, c.field->get(facts, item.ptr), &why);
      v.Add(t, why, why);
      if (t == Tri::kYes) met.push_back(std::string(c.field->name) + " " + c.predicate);
    }
    checks::Emit(ctx, v, subject,
                 checks::Quote(item.id) + " meets every requirement (" + Join(met, ", ") + ")",
                 item.loc, item.scope, out);
  }
  if (selected == 0) {
    out.push_back(checks::Make(ctx, Status::kNotApplicable, "deployment",
                               std::string(check.subject->name) == std::string("deployment")
                                   ? std::string("the deployment does not match the rule")
                                   : std::string("no ") + check.subject->name + " match the rule",
                               facts.deployment().loc, {}));
  }
}

}  // namespace sov::pack
