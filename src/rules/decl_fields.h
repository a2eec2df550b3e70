#pragma once
// Private to src/rules: the subjects and fields that declarative checks can name
// (rules/README.md lists them).

#include <string>
#include <vector>

#include "src/facts/facts.h"

namespace sov::pack {

// What a field's values are, which decides the predicates that apply.
enum class Base { kText, kCountry, kOrg, kInfra, kDate };

struct Field {
  const char* name;
  Base base;
  bool list;
  // The field's values for one item; empty when the manifest does not state it.
  std::vector<std::string> (*get)(const Facts&, const void* item);
};

// One thing a rule is evaluated for.
struct Item {
  const void* ptr;
  std::string id;
  Location loc;
  std::vector<std::string> scope;  // deployed models it counts for; empty = every model
};

struct SubjectKind {
  const char* name;  // "endpoints"
  std::vector<Field> fields;
  std::vector<Item> (*items)(const Facts&);
};

// Every subject kind; nullptr from FindSubject when unknown.
const std::vector<SubjectKind>& Subjects();
const SubjectKind* FindSubject(const std::string& name);
const Field* FindField(const SubjectKind& kind, const std::string& name);

}  // namespace sov::pack
