// Test-only tool for tests/interop/weights_reference.sh: prints what sovaudit's header parsers
// read from a GGUF or safetensors file, as JSON on stdout.
//   dump_headers gguf FILE         {"version", "tensor_count", "metadata": {KEY: VALUE}}
//   dump_headers safetensors FILE  {"header_size", "metadata", "tensors": [...]}
// A GGUF VALUE is {"type": "u32", "value": 7}; an array is {"type": "array", "element_type":
// "string", "value": [VALUE...]}. Bad input: the error on stderr, exit 2.

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "src/import/gguf.h"
#include "src/import/safetensors.h"
#include "src/util/error.h"

namespace {

using nlohmann::ordered_json;
using sov::import::GgufValue;

ordered_json Typed(const GgufValue& v) {
  ordered_json out;
  out["type"] = sov::import::GgufTypeName(v.type);
  if (v.type == GgufValue::kArray) {
    out["element_type"] = sov::import::GgufTypeName(v.element_type);
    ordered_json items = ordered_json::array();
    for (const GgufValue& e : std::get<std::vector<GgufValue>>(v.value)) items.push_back(Typed(e));
    out["value"] = std::move(items);
    return out;
  }
  std::visit(
      [&](const auto& x) {
        if constexpr (!std::is_same_v<std::decay_t<decltype(x)>, std::vector<GgufValue>>) out["value"] = x;
      },
      v.value);
  return out;
}

ordered_json DumpGguf(const std::string& file) {
  sov::import::GgufHeader h = sov::import::ReadGgufHeader(file);
  ordered_json out;
  out["version"] = h.version;
  out["tensor_count"] = h.tensor_count;
  ordered_json metadata = ordered_json::object();
  for (const auto& [key, value] : h.metadata) metadata[key] = Typed(value);
  out["metadata"] = std::move(metadata);
  return out;
}

ordered_json DumpSafetensors(const std::string& file) {
  sov::import::SafetensorsHeader h = sov::import::ReadSafetensorsHeader(file);
  ordered_json out;
  out["header_size"] = h.header_size;
  out["metadata"] = ordered_json::object();
  for (const auto& [k, v] : h.metadata) out["metadata"][k] = v;
  out["tensors"] = ordered_json::array();
  for (const auto& t : h.tensors) {
    out["tensors"].push_back(
        {{"name", t.name}, {"dtype", t.dtype}, {"shape", t.shape}, {"begin", t.begin}, {"end", t.end}});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string kind = argc == 3 ? argv[1] : "";
  if (kind != "gguf" && kind != "safetensors") {
    std::cerr << "usage: dump_headers gguf|safetensors FILE\n";
    return sov::kExitInput;
  }
  try {
    ordered_json out = kind == "gguf" ? DumpGguf(argv[2]) : DumpSafetensors(argv[2]);
    std::cout << out.dump(1, ' ', false, ordered_json::error_handler_t::replace) << "\n";
    return 0;
  } catch (const sov::Error& e) {
    std::cerr << "dump_headers: error: " << e.Describe() << "\n";
    return e.exit_code();
  }
}
