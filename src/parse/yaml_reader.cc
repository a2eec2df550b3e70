#include "src/parse/yaml_reader.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "src/util/date.h"
#include "src/util/text.h"

namespace sov::parse {
namespace {

// Checks the bounds of ParseBounded on a parsed tree. Aliases share nodes, so an alias bomb is
// cheap to parse but expensive to walk: every visit counts.
class BoundsWalker {
 public:
  BoundsWalker(const std::string& file, size_t max_string)
      : file_(file), max_string_(max_string) {}

  void Walk(const YAML::Node& node, int depth) {
    if (++visited_ > kMaxNodesVisited) {
      throw Error(Loc(file_, node), "more than " + std::to_string(kMaxNodesVisited) +
                                        " YAML nodes visited (alias expansion bomb?)");
    }
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        if (node.Scalar().size() > max_string_) {
          throw Error(Loc(file_, node), "string of " + std::to_string(node.Scalar().size()) +
                                            " bytes is longer than the limit of " +
                                            std::to_string(max_string_));
        }
        return;
      case YAML::NodeType::Sequence:
      case YAML::NodeType::Map:
        break;
      default:
        return;
    }
    if (depth > kMaxDepth) {
      throw Error(Loc(file_, node),
                  "YAML nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    if (node.IsSequence()) {
      for (const YAML::Node& child : node) Walk(child, depth + 1);
    } else {
      for (const auto& kv : node) {
        Walk(kv.first, depth + 1);
        Walk(kv.second, depth + 1);
      }
    }
  }

 private:
  const std::string& file_;
  size_t max_string_;
  size_t visited_ = 0;
};

bool IsIdChar(char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return !first && (c == '.' || c == '_' || c == '/' || c == '-');
}


// Where a second document can start: after a document marker ("---" or "..." at the start of a
// line), at a flow indicator at the start of a line (',', ']', '}': what ends a block sequence
// and starts yaml-cpp's run of empty documents), or after a flow collection at the top level.
// Text without any of these is one document at most, and is parsed once.
bool MayHoldSeveralDocuments(const std::string& text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (text[first] == '[' || text[first] == '{' ||
                                     text[first] == ',' || text[first] == ']' ||
                                     text[first] == '}')) {
    return true;
  }
  for (size_t pos = 0; pos < text.size();) {
    if (pos > 0 && (text.compare(pos, 3, "---") == 0 || text.compare(pos, 3, "...") == 0)) {
      return true;
    }
    char c = text[pos];
    if (c == ',' || c == ']' || c == '}') return true;
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return false;
}

// Counts documents without building them; keeps where the second one starts and whether it
// holds anything.
class DocumentCounter : public YAML::EventHandler {
 public:
  YAML::Mark second;
  bool second_has_content = false;

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++docs_ == 2) second = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Content(mark, false); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { Content(mark, true); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Content(mark, true);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Content(mark, true);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Content(mark, true);
  }
  void OnMapEnd() override {}

 private:
  void Content(const YAML::Mark& mark, bool real) {
    if (docs_ != 2 || second_has_content || !real) return;
    second = mark;
    second_has_content = true;
  }
  int docs_ = 0;
};

}  // namespace

Location Loc(const std::string& file, const YAML::Node& node) {
  YAML::Mark m = node.Mark();
  if (m.is_null()) return Location{file, 0, 0};
  return Location{file, m.line + 1, m.column + 1};
}

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return "a string";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    default:
      return "null";
  }
}

YAML::Node ParseBounded(const std::string& text, const std::string& file, size_t max_string) {
  // YAML is UTF-8 here (its other encodings are not used for these files): a stray byte would
  // otherwise reach reports and terminals.
  // Nor may it hold control characters other than tab and line ends (YAML's c-printable).
  size_t bad = FirstInvalidUtf8(text);
  bool control = false;
  for (size_t i = 0; i < text.size() && i < bad; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      bad = i;
      control = true;
      break;
    }
  }
  if (bad != std::string::npos) {
    int line = 1, column = 1;
    for (size_t i = 0; i < bad; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) {
        ++column;  // columns count characters, not bytes
      }
    }
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned char>(text[bad]));
    throw Error(Location{file, line, column},
                control ? std::string("control character ") + byte + ": YAML files are text"
                        : std::string("not valid UTF-8 (byte ") + byte +
                              "): YAML files must be UTF-8");
  }
  YAML::Node doc;
  try {
    if (MayHoldSeveralDocuments(text)) {
      // Asks for two documents at most: after a stray ',' yaml-cpp's parser reports empty
      // documents without end, so YAML::LoadAll would never return (found by fuzzing).
      DocumentCounter counter;
      std::istringstream in(text);
      YAML::Parser parser(in);
      int docs = 0;
      while (docs < 2 && parser.HandleNextDocument(counter)) ++docs;
      if (docs == 2) {
        Location at{file, counter.second.line + 1, counter.second.column + 1};
        if (!counter.second_has_content) {
          throw Error(at, "YAML syntax error: ',', ']' or '}' outside a flow collection");
        }
        throw Error(at, "more than one YAML document in the file");
      }
    }
    doc = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    throw Error(Location{file, e.mark.line + 1, e.mark.column + 1},
                "YAML nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  } catch (const YAML::ParserException& e) {
    throw Error(Location{file, e.mark.line + 1, e.mark.column + 1},
                "YAML syntax error: " + e.msg);
  } catch (const YAML::Exception& e) {
    Location loc{file};
    if (!e.mark.is_null()) loc = Location{file, e.mark.line + 1, e.mark.column + 1};
    throw Error(loc, "YAML error: " + e.msg);
  }
  if (!doc.IsDefined() || doc.IsNull()) return YAML::Node();
  try {
    BoundsWalker(file, max_string).Walk(doc, 1);
  } catch (const YAML::Exception& e) {
    throw Error(Location{file}, "YAML error: " + e.msg);
  }
  return doc;
}

std::string ScalarOf(const std::string& file, const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar()) {
    throw Error(Loc(file, node),
                "'" + std::string(what) + "' must be a string, not " + Describe(node));
  }
  return node.Scalar();
}

std::vector<YAML::Node> ListOf(const std::string& file, const YAML::Node& node,
                               std::string_view what) {
  if (!node.IsSequence()) {
    throw Error(Loc(file, node),
                "'" + std::string(what) + "' must be a list, not " + Describe(node));
  }
  std::vector<YAML::Node> out;
  out.reserve(node.size());
  for (const YAML::Node& child : node) out.push_back(child);
  return out;
}

void CheckId(const std::string& id, const Location& loc) {
  bool ok = !id.empty();
  for (size_t i = 0; ok && i < id.size(); ++i) ok = IsIdChar(id[i], i == 0);
  if (!ok) {
    throw Error(loc, "invalid id '" + EscapeControl(id) +
                         "': ids match [a-z0-9][a-z0-9._/-]* (lower case)");
  }
}

Fields::Fields(const std::string& file, const YAML::Node& node, std::string_view what,
               std::initializer_list<std::string_view> keys)
    : file_(file), node_(node) {
  if (!node.IsMap()) {
    throw Error(Loc(file, node),
                "'" + std::string(what) + "' must be a mapping, not " + Describe(node));
  }
  entries_.reserve(node.size());
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      throw Error(Loc(file, kv.first), "keys must be strings, not " + Describe(kv.first));
    }
    const std::string& key = kv.first.Scalar();
    if (std::find(keys.begin(), keys.end(), std::string_view(key)) == keys.end()) {
      std::vector<std::string> candidates(keys.begin(), keys.end());
      throw Error(Loc(file, kv.first), "unknown key '" + EscapeControl(key) + "'" +
                                           DidYouMean(key, candidates));
    }
    if (Find(key) != nullptr) {
      throw Error(Loc(file, kv.first), "duplicate key '" + key + "'");
    }
    entries_.push_back(Entry{std::string_view(), kv.first, kv.second});
    entries_.back().key = entries_.back().key_node.Scalar();
  }
}

const Fields::Entry* Fields::Find(std::string_view key) const {
  for (const Entry& e : entries_) {
    if (e.key == key) return e.value.IsNull() ? nullptr : &e;
  }
  return nullptr;
}

YAML::Node Fields::Get(std::string_view key) const {
  const Entry* e = Find(key);
  return e ? e->value : YAML::Node();
}

Location Fields::KeyLoc(std::string_view key) const {
  const Entry* e = Find(key);
  return e ? Loc(file_, e->key_node) : loc();
}

Location Fields::ValueLoc(std::string_view key) const {
  const Entry* e = Find(key);
  return e ? Loc(file_, e->value) : loc();
}

void Fields::Require(std::string_view key) const {
  if (!Has(key)) throw Error(loc(), "missing required key '" + std::string(key) + "'");
}

std::string Fields::String(std::string_view key, bool required) const {
  if (required) Require(key);
  const Entry* e = Find(key);
  return e ? ScalarOf(file_, e->value, key) : std::string();
}

std::vector<std::string> Fields::StringList(std::string_view key, bool required,
                                            std::vector<Location>* locs) const {
  if (required) Require(key);
  std::vector<std::string> out;
  const Entry* e = Find(key);
  if (!e) return out;
  if (!e->value.IsSequence()) {
    throw Error(Loc(file_, e->value),
                "'" + std::string(key) + "' must be a list, not " + Describe(e->value));
  }
  out.reserve(e->value.size());
  for (const YAML::Node& item : e->value) {
    if (!item.IsScalar()) {
      throw Error(Loc(file_, item), "entries of '" + std::string(key) +
                                        "' must be strings, not " + Describe(item));
    }
    out.push_back(item.Scalar());
    if (locs) locs->push_back(Loc(file_, item));
  }
  return out;
}

std::string Fields::Enum(std::string_view key, const std::vector<std::string>& allowed,
                         bool required) const {
  std::string value = String(key, required);
  if (value.empty() && !Has(key)) return value;
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    throw Error(ValueLoc(key), "'" + std::string(key) + "' must be one of " +
                                   Join(allowed, ", ") + ", not '" + EscapeControl(value) +
                                   "'" + DidYouMean(value, allowed));
  }
  return value;
}

std::optional<bool> Fields::Bool(std::string_view key) const {
  if (!Has(key)) return std::nullopt;
  std::string value = String(key);
  if (value == "true" || value == "True" || value == "TRUE") return true;
  if (value == "false" || value == "False" || value == "FALSE") return false;
  throw Error(ValueLoc(key), "'" + std::string(key) + "' must be true or false, not '" +
                                 EscapeControl(value) + "'");
}

std::string Fields::Date(std::string_view key, bool required) const {
  std::string value = String(key, required);
  if (!Has(key)) return value;
  if (!ParseDate(value)) {
    throw Error(ValueLoc(key), "'" + std::string(key) + "' must be a date YYYY-MM-DD, not '" +
                                   EscapeControl(value) + "'");
  }
  return value;
}

std::string Fields::Id(std::string_view key, bool required) const {
  std::string value = String(key, required);
  if (Has(key)) CheckId(value, ValueLoc(key));
  return value;
}

std::vector<std::string> Fields::IdList(std::string_view key, bool required,
                                        std::vector<Location>* locs) const {
  std::vector<Location> own;
  std::vector<Location>* l = locs ? locs : &own;
  size_t first = l->size();
  std::vector<std::string> ids = StringList(key, required, l);
  for (size_t i = 0; i < ids.size(); ++i) CheckId(ids[i], (*l)[first + i]);
  return ids;
}

}  // namespace sov::parse
