#include "src/parse/json_text.h"

#include <cctype>

#include "src/util/text.h"

namespace sov::parse {

Location PositionOf(std::string_view text, size_t offset, const std::string& file) {
  if (offset > text.size()) offset = text.size();
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return Location{file, line, static_cast<int>(offset - line_start) + 1};
}

nlohmann::json ParseJson(const std::string& text, const std::string& file) {
  bool too_deep = false;
  auto limit = [&too_deep](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > kMaxJsonDepth) too_deep = true;
    return !too_deep;
  };
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text, limit);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based: the position of the character that ended the parse.
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    if (offset > text.size()) offset = text.size();
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 9, column 5: syntax error while
    // parsing object key - unexpected '}'; expected string literal": the position is ours.
    const std::string kSyntax = "syntax error while parsing ";
    size_t cut = what.find(kSyntax);
    if (cut != std::string::npos) {
      std::string rest = what.substr(cut + kSyntax.size());
      size_t dash = rest.find(" - ");
      what = dash == std::string::npos
                 ? rest
                 : rest.substr(dash + 3) + " (in " + rest.substr(0, dash) + ")";
    } else if ((cut = what.find(": ")) != std::string::npos) {
      what = what.substr(cut + 2);
    }
    size_t prev = offset;
    while (prev > 0 && std::isspace(static_cast<unsigned char>(text[prev - 1]))) --prev;
    if (offset < text.size() && (text[offset] == '}' || text[offset] == ']') && prev > 0 &&
        text[prev - 1] == ',') {
      what = std::string("trailing comma before '") + text[offset] + "' (" + what + ")";
    }
    throw Error(PositionOf(text, offset, file), "invalid JSON: " + what);
  } catch (const nlohmann::json::exception& e) {
    // Not a syntax error but a value the parser cannot hold (406: a number out of range).
    throw Error(Location{file}, "invalid JSON: " + WithoutBracketTag(e.what()));
  }
  if (too_deep) {
    throw Error(Location{file},
                "JSON nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  return doc;
}

std::string Str(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return "";
}

const nlohmann::json* Obj(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it != obj.end() && it->is_object() ? &*it : nullptr;
}

const nlohmann::json* Arr(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? &*it : nullptr;
}

}  // namespace sov::parse
