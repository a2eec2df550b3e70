#include "src/import/doc.h"

namespace sov::import {
namespace {

struct FormatRow {
  Format format;
  std::string_view name, title;
};

constexpr FormatRow kFormats[] = {
    {Format::kAuto, "auto", "detected by content"},
    {Format::kHfCard, "hf-card", "Hugging Face model card"},
    {Format::kCycloneDx, "cyclonedx", "CycloneDX ML-BOM"},
    {Format::kSpdx, "spdx", "SPDX 3 JSON-LD"},
    {Format::kGguf, "gguf", "GGUF metadata"},
    {Format::kSafetensors, "safetensors", "safetensors header"},
};

}  // namespace

std::string_view FormatName(Format format) {
  for (const FormatRow& r : kFormats) {
    if (r.format == format) return r.name;
  }
  return "auto";
}

std::string_view FormatTitle(Format format) {
  for (const FormatRow& r : kFormats) {
    if (r.format == format) return r.title;
  }
  return "";
}

bool ParseFormat(std::string_view name, Format* format) {
  for (const FormatRow& r : kFormats) {
    if (r.name == name) {
      *format = r.format;
      return true;
    }
  }
  return false;
}

std::string MakeId(std::string_view text) {
  std::string id;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 'A' && u <= 'Z') u = static_cast<unsigned char>(u - 'A' + 'a');
    bool ok = (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '.' || u == '_' ||
              u == '/' || u == '-';
    if (!ok) u = '-';
    bool alnum = (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9');
    if (id.empty() && !alnum) continue;
    if (u == '-' && !id.empty() && id.back() == '-') continue;
    id += static_cast<char>(u);
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  if (id.size() > 200) id.resize(200);
  return id;
}

}  // namespace sov::import
