#pragma once
// JSON input for the importers: parse errors with line and column, bounded nesting.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "src/util/error.h"

namespace sov::parse {

inline constexpr int kMaxJsonDepth = 64;

// The 1-based line and column of byte offset `offset` (0-based) of `text`.
Location PositionOf(std::string_view text, size_t offset, const std::string& file);

// Parses `text` (read from `file`). Throws Error (exit 2) "invalid JSON: ..." at the line and
// column of a syntax error (trailing commas included), and for nesting deeper than
// kMaxJsonDepth.
nlohmann::json ParseJson(const std::string& text, const std::string& file);

// Small typed accessors that never throw: "" / nullptr when absent or of another type.
std::string Str(const nlohmann::json& obj, std::string_view key);
const nlohmann::json* Obj(const nlohmann::json& obj, std::string_view key);
const nlohmann::json* Arr(const nlohmann::json& obj, std::string_view key);

}  // namespace sov::parse
