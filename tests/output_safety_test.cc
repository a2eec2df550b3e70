// Output safety under hostile input: text from inputs (names, descriptions, URLs) carrying
// terminal escapes, bells and carriage returns never reaches a report or stderr raw, in any
// format; and a run that fails midway leaves no report file, no temporary file and no change to
// a report that was there before.

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>

#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov::test {
namespace {

namespace fs = std::filesystem;

// The layer-0 fixture with control characters (YAML escapes) in its free-text fields: the
// deployment's name (which every report shows), an organisation's and a model's name and the
// description (which reports do not show today, and must not show raw if they ever do).
std::string HostileManifest() {
  std::string m = SlurpFile(fs::path(SOVAUDIT_SOURCE_DIR) / "fixtures" / "layer0-not-sovereign" /
                            "deployment.yaml");
  auto sub = [&m](const std::string& from, const std::string& to) {
    size_t at = m.find(from);
    if (at == std::string::npos) {
      ADD_FAILURE() << "fixture changed: " << from;
      return;
    }
    m.replace(at, from.size(), to);
  };
  sub("  name: lion-city-shop-assistant", "  name: \"lion\\e]0;owned\\a-shop\\r\\e[2J\"");
  sub("name: Lion City Retail Pte. Ltd.", "name: \"Lion City\\e]0;owned\\a Retail\\r\\e[2J\"");
  sub("description: Customer-service chat assistant for the online shop",
      "description: \"chat \\e[31mred\\e[0m \\x9b1;31m C1\"");
  sub("name: Gemma 3 27B IT on Vertex AI (managed endpoint, served as published)",
      "name: \"Gemma \\e[8mhidden\\e[28m \\b\\b\\bback\"");
  return m;
}

// True when `s` holds a control character other than newline (and tab), or an ESC that does
// not start a colour code sovaudit writes itself (SGR: ESC [ digits/semicolons m) when
// `colour` is allowed.
bool HasRawControl(const std::string& s, bool colour) {
  static const std::regex sgr("^\\x1b\\[[0-9;]*m");
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n' || c == '\t') continue;
    if (c == 0x1b && colour && std::regex_search(s.substr(i, 16), sgr)) continue;
    if (c < 0x20 || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) < 0xa0) {
      return true;  // C1 controls (U+0080..U+009F), CSI among them
    }
  }
  return false;
}

TEST(OutputSafety, ControlCharactersFromInputsAreNeverWrittenRaw) {
  TempDir dir;
  WriteTextFile(dir.path() / "deployment.yaml", HostileManifest());
  for (const char* format : {"text", "json", "sarif", "junit", "markdown", "html"}) {
    for (const char* color : {"never", "always"}) {
      if (std::string(format) != "text" && std::string(color) == "always") continue;
      BinaryResult r = RunBinary({"audit", (dir.path() / "deployment.yaml").string(), "--as-of",
                                  "2026-11-21", "--format", format, "--color", color});
      ASSERT_EQ(r.code, 0) << format << "\n" << r.err;
      EXPECT_FALSE(r.out.empty());
      EXPECT_FALSE(HasRawControl(r.out, std::string(color) == "always")) << format << " " << color;
      EXPECT_FALSE(HasRawControl(r.err, false)) << r.err;
    }
  }
  // The names are still there, escaped: the reader sees that something was hidden.
  BinaryResult text = RunBinary({"audit", (dir.path() / "deployment.yaml").string(), "--as-of",
                                 "2026-11-21", "--color", "never"});
  EXPECT_NE(text.out.find("\\x1b"), std::string::npos) << text.out.substr(0, 1500);
  // graph and validate's own output, and errors naming the hostile text.
  BinaryResult graph = RunBinary({"graph", (dir.path() / "deployment.yaml").string()});
  EXPECT_EQ(graph.code, 0) << graph.err;
  EXPECT_FALSE(HasRawControl(graph.out, false));
  WriteTextFile(dir.path() / "bad.yaml",
                "apiVersion: sovaudit/v1\nkind: \"Deploy\\e]0;x\\ament\"\n");
  BinaryResult bad = RunBinary({"validate", (dir.path() / "bad.yaml").string()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_FALSE(HasRawControl(bad.err, false)) << bad.err;
  EXPECT_NE(bad.err.find("\\x1b]0;x\\x07"), std::string::npos) << bad.err;
}

// Everything in `dir` but the inputs: outputs, and temporary files of the atomic writer.
std::vector<std::string> Leftovers(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (name != "good" && name != "bad" && name != "keep.json") out.push_back(name);
  }
  return out;
}

TEST(OutputSafety, AFailedRunLeavesNoReportBehind) {
  TempDir dir;
  const fs::path out = dir.path();
  fs::create_directories(out / "good");
  fs::copy(fs::path(SOVAUDIT_SOURCE_DIR) / "fixtures" / "layer0-not-sovereign" / "deployment.yaml",
           out / "good" / "deployment.yaml");
  // A portfolio whose second manifest is broken: the first was audited when the second fails.
  fs::create_directories(out / "bad");
  fs::copy(out / "good" / "deployment.yaml", out / "bad" / "a.yaml");
  WriteTextFile(out / "bad" / "b.yaml", "apiVersion: sovaudit/v1\nkind: Deployment\nmodels: [\n");
  BinaryResult broken = RunBinary({"audit", (out / "bad").string(), "--format", "json", "--output",
                                   (out / "r.json").string(), "--format", "html", "--output",
                                   (out / "r.html").string()});
  EXPECT_EQ(broken.code, 2) << broken.err;
  EXPECT_TRUE(Leftovers(out).empty()) << Leftovers(out)[0];

  // The second report cannot be created: the first, rendered already, is not left either.
  BinaryResult unwritable = RunBinary({"audit", (out / "good").string(), "--format", "json",
                                       "--output", (out / "r.json").string(), "--format", "sarif",
                                       "--output", (out / "no-such-dir" / "r.sarif").string()});
  EXPECT_EQ(unwritable.code, 4) << unwritable.err;
  EXPECT_TRUE(Leftovers(out).empty()) << Leftovers(out)[0];

  // A report from an earlier run is not touched by a run that fails.
  WriteTextFile(out / "keep.json", "earlier report\n");
  BinaryResult again = RunBinary({"audit", (out / "bad").string(), "--format", "json", "--output",
                                  (out / "keep.json").string()});
  EXPECT_EQ(again.code, 2);
  EXPECT_EQ(SlurpFile(out / "keep.json"), "earlier report\n");
  EXPECT_TRUE(Leftovers(out).empty());

  // And the same command on good input writes it.
  BinaryResult ok = RunBinary({"audit", (out / "good").string(), "--format", "json", "--output",
                               (out / "keep.json").string()});
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_EQ(SlurpFile(out / "keep.json").rfind("{", 0), 0u);
}

}  // namespace
}  // namespace sov::test
