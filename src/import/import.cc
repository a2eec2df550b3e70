#include "src/import/import.h"

#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "src/parse/json_text.h"
#include "src/import/readers.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace fs = std::filesystem;

namespace sov::import {
using parse::ParseJson;
using parse::Str;
namespace {

constexpr uint64_t kMaxSafetensorsHeader = 100'000'000;

// The first `n` bytes of a file (fewer when it is shorter).
std::string Head(const std::string& path, size_t n) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw Error(Location{path}, "is a directory, not a file");
  if (fs::exists(path, ec) && !fs::is_regular_file(path, ec)) {
    throw Error(Location{path},
                "is not a regular file (a FIFO, device or socket): inputs must be files");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(Location{path}, "cannot open file: " + std::string(std::strerror(errno)));
  std::string buf(n, '\0');
  in.read(buf.data(), static_cast<std::streamsize>(n));
  buf.resize(static_cast<size_t>(in.gcount()));
  return buf;
}

bool LooksLikeSafetensors(const std::string& head, const std::string& path) {
  if (head.size() < 9 || head[8] != '{') return false;
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(head[i]);
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  return !ec && n >= 2 && n <= kMaxSafetensorsHeader && n <= size - 8;
}

// Why a file named .safetensors is not one (LooksLikeSafetensors said no).
std::string SafetensorsProblem(const std::string& head, const std::string& path) {
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  if (head.size() < 9) return "named .safetensors, but shorter than a header (8-byte length and '{')";
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(head[i]);
  std::string prefix = "byte 0: named .safetensors, but its header length " + std::to_string(n);
  if (n > kMaxSafetensorsHeader) {
    return prefix + " is more than " + std::to_string(kMaxSafetensorsHeader) + " bytes";
  }
  if (!ec && n > size - 8) {
    return prefix + " runs past the end of the file (" + std::to_string(size) + " bytes)";
  }
  return "byte 8: named .safetensors, but its header does not start with '{'";
}

std::string_view SkipSpace(std::string_view s) {
  if (s.rfind("\xEF\xBB\xBF", 0) == 0) s.remove_prefix(3);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

Format JsonKind(const nlohmann::json& j) {
  if (!j.is_object()) return Format::kAuto;
  if (Str(j, "bomFormat") == "CycloneDX") return Format::kCycloneDx;
  auto ctx = j.find("@context");
  if (ctx != j.end() && ctx->dump().find("spdx") != std::string::npos) return Format::kSpdx;
  if (j.contains("@graph")) return Format::kSpdx;
  return Format::kAuto;
}

[[noreturn]] void NotJsonOfAKnownKind(const std::string& path) {
  throw Error(Location{path, 1, 1},
              "JSON, but neither a CycloneDX BOM (\"bomFormat\": \"CycloneDX\") nor SPDX 3 "
              "JSON-LD (\"@context\" naming spdx, or \"@graph\")");
}

}  // namespace

void DefaultModelId(ProvenanceDoc& doc, const std::string& fallback) {
  if (!doc.model.id.empty()) return;
  doc.model.id = MakeId(doc.model.name);
  if (doc.model.id.empty()) doc.model.id = MakeId(fallback);
  if (doc.model.id.empty()) doc.model.id = "model";
}

Format DetectFormat(const std::string& path) {
  std::string head = Head(path, 16);
  if (head.rfind("GGUF", 0) == 0) return Format::kGguf;
  if (LooksLikeSafetensors(head, path)) return Format::kSafetensors;
  // A weights file by name that is not one by content: say why, rather than read it as a card.
  std::string ext = AsciiLower(fs::path(path).extension().string());
  if (ext == ".gguf") {
    throw Error(Location{path}, "named .gguf, but it does not start with the GGUF magic bytes");
  }
  if (ext == ".safetensors") throw Error(Location{path}, SafetensorsProblem(head, path));
  std::string_view start = SkipSpace(head);
  if (!start.empty() && (start.front() == '{' || start.front() == '[')) {
    std::string text = ReadTextFile(path);
    Format f = JsonKind(ParseJson(text, path));
    if (f == Format::kAuto) NotJsonOfAKnownKind(path);
    return f;
  }
  return Format::kHfCard;
}

namespace {

ProvenanceDoc ImportLocal(const std::string& path, const std::string& stem,
                          const Catalog& catalog, const ImportOptions& options) {
  ProvenanceDoc doc;
  doc.source_file = path;
  doc.model.id = options.model_id;
  doc.format = options.from == Format::kAuto ? DetectFormat(path) : options.from;
  switch (doc.format) {
    case Format::kHfCard: {
      std::string text = ReadTextFile(path);
      if (text.find('\0') != std::string::npos) {
        throw Error(Location{path}, "a binary file, but not GGUF or safetensors (and not a model "
                                    "card, which is text)");
      }
      ReadHfCard(text, path, catalog, doc);
      break;
    }
    case Format::kCycloneDx:
    case Format::kSpdx: {
      nlohmann::json j = ParseJson(ReadTextFile(path), path);
      Format kind = JsonKind(j);
      if (kind != doc.format) {
        if (kind == Format::kAuto) NotJsonOfAKnownKind(path);
        throw Error(Location{path, 1, 1}, "--from " + std::string(FormatName(doc.format)) +
                                              ", but the file is " +
                                              std::string(FormatTitle(kind)));
      }
      if (kind == Format::kCycloneDx) {
        ReadCycloneDx(j, path, catalog, doc);
      } else {
        ReadSpdx(j, path, catalog, doc);
      }
      break;
    }
    case Format::kGguf:
      ReadGguf(path, catalog, doc);
      break;
    case Format::kSafetensors:
      ReadSafetensors(path, catalog, doc);
      break;
    case Format::kAuto:
      break;
  }
  DefaultModelId(doc, stem);
  return doc;
}

}  // namespace

ProvenanceDoc Import(const std::string& path, const Catalog& catalog,
                     const ImportOptions& options) {
  InputRef ref = InputRef::Parse(path);
  if (!ref.is_url()) return ImportLocal(path, fs::path(path).stem().string(), catalog, options);
  // A remote file is read from its downloaded copy, under its URL's name.
  if (options.inputs == nullptr) RefuseUrl(path);
  std::string local = options.inputs->LocalCopy(ref).string();
  try {
    ProvenanceDoc doc = ImportLocal(local, fs::path(ref.name()).stem().string(), catalog, options);
    doc.source_file = path;
    return doc;
  } catch (const Error& e) {
    Location loc = e.location();
    if (loc.file == local) loc.file = path;
    std::string message = e.what();
    for (size_t at = message.find(local); at != std::string::npos; at = message.find(local)) {
      message.replace(at, local.size(), path);
    }
    throw Error(loc, message, e.exit_code());
  }
}

}  // namespace sov::import
