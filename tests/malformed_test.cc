// The malformed-input corpus (tests/malformed/, made by generate.py there): every file is run
// through the command that reads it, and must give exactly the exit code, the error position
// and the message that tests/malformed/cases.tsv states, with no raw control character on
// stderr, in bounded memory (1 GiB of address space, outside sanitizer builds) and time (the
// test's timeout). Symbolic-link loops, which git does not carry well, are made here.

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/oms_test_util.h"
#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov::test {
namespace {

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

struct Case {
  std::string file, command, position, message;
  int exit = -1;
};

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::ifstream in(fs::path(SOVAUDIT_SOURCE_DIR) / "tests" / "malformed" / "cases.tsv");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream cols(line);
    for (std::string c; std::getline(cols, c, '\t');) f.push_back(c);
    if (f.size() != 5) {
      ADD_FAILURE() << "cases.tsv: not 5 columns: " << line;
      continue;
    }
    cases.push_back(Case{f[0], f[1], f[3], f[4], std::stoi(f[2])});
  }
  return cases;
}

// RunBinary, with the child's address space limited to 1 GiB (not under ASan, whose shadow
// memory needs far more address space than it uses).
BinaryResult RunBounded(const std::vector<std::string>& args,
                        const fs::path& cwd = SOVAUDIT_SOURCE_DIR) {
  if (kSanitized) return RunBinary(args, cwd);
  struct rlimit old{};
  getrlimit(RLIMIT_AS, &old);
  struct rlimit bound = old;
  bound.rlim_cur = std::min<rlim_t>(old.rlim_max, rlim_t{1} << 30);
  setrlimit(RLIMIT_AS, &bound);  // inherited by the child RunBinary forks
  BinaryResult r = RunBinary(args, cwd);
  setrlimit(RLIMIT_AS, &old);
  return r;
}

std::vector<std::string> Command(const Case& c) {
  const std::string f = "tests/malformed/" + c.file;
  const fs::path oms = oms::testing::InteropDir();
  if (c.command == "rules") return {"rules", "--rules", f};
  if (c.command == "diff") return {"diff", f, f};
  if (c.command == "verify") {
    return {"verify", (oms / "v1.1.0-elliptic-key").string(), "--signature", f, "--public-key",
            (oms / "keys" / "signing-key-pub.pem").string()};
  }
  return {c.command, f};
}

// The first "sovaudit: error: " line of stderr, without that prefix.
std::string FirstError(const std::string& err) {
  const std::string prefix = "sovaudit: error: ";
  size_t at = err.find(prefix);
  if (at == std::string::npos) return "";
  size_t end = err.find('\n', at);
  return err.substr(at + prefix.size(), end - at - prefix.size());
}

bool HasRawControl(const std::string& s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\n') || c == 0x7f) return true;
  }
  return false;
}

class Malformed : public ::testing::TestWithParam<Case> {};

TEST_P(Malformed, IsRejectedWhereItIsWrong) {
  const Case& c = GetParam();
  ASSERT_TRUE(fs::exists(fs::path(SOVAUDIT_SOURCE_DIR) / "tests" / "malformed" / c.file));
  BinaryResult r = RunBounded(Command(c));
  EXPECT_EQ(r.code, c.exit) << c.file << "\n" << r.err;
  std::string first = FirstError(r.err);
  std::string where = "tests/malformed/" + c.file;
  if (c.position == "-") {
    EXPECT_EQ(first.rfind(where + ": ", 0), 0u) << first;
  } else if (c.position != "*") {
    EXPECT_EQ(first.rfind(where + ":" + c.position + ": ", 0), 0u) << first;
  }
  EXPECT_NE(first.find(c.message), std::string::npos) << "expected '" << c.message << "' in\n"
                                                      << first;
  EXPECT_FALSE(HasRawControl(r.err)) << r.err;
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name;
  for (char ch : info.param.file) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, Malformed, ::testing::ValuesIn(LoadCases()), CaseName);

TEST(MalformedCorpus, HoldsAtLeastSixtyCasesAndEveryFileHasOne) {
  std::vector<Case> cases = LoadCases();
  EXPECT_GE(cases.size(), 60u);
  std::set<std::string> listed;
  for (const Case& c : cases) listed.insert(c.file);
  for (const auto& e : fs::directory_iterator(fs::path(SOVAUDIT_SOURCE_DIR) / "tests" / "malformed")) {
    std::string name = e.path().filename().string();
    if (name == "cases.tsv" || name == "generate.py") continue;
    EXPECT_TRUE(listed.count(name)) << name << " has no line in cases.tsv";
  }
}

// A manifest whose provenance path runs into a loop of symbolic links: an error at that path,
// not a hang; and a directory scan that meets a link to a parent does not follow it.
TEST(MalformedCorpus, SymbolicLinkLoopsAreErrorsNotHangs) {
  TempDir dir;
  std::string manifest =
      SlurpFile(fs::path(SOVAUDIT_SOURCE_DIR) / "tests" / "malformed" / "missing-provenance-file.yaml");
  auto with = [&](const std::string& path) {
    std::string m = manifest;
    m.replace(m.find("no-such-provenance.yaml"), 23, path);
    return m;
  };
  WriteTextFile(dir.path() / "self.yaml", with("loop/p.yaml"));
  fs::create_directory_symlink("loop", dir.path() / "loop");
  WriteTextFile(dir.path() / "pair.yaml", with("a.yaml"));
  fs::create_symlink("b.yaml", dir.path() / "a.yaml");
  fs::create_symlink("a.yaml", dir.path() / "b.yaml");
  fs::create_directories(dir.path() / "sub");
  fs::create_directory_symlink("..", dir.path() / "sub" / "up");

  BinaryResult self = RunBounded({"validate", "self.yaml"}, dir.path());
  EXPECT_EQ(self.code, 2);
  EXPECT_EQ(FirstError(self.err).rfind("self.yaml:11:17: path 'loop/p.yaml' is a loop", 0), 0u)
      << self.err;
  BinaryResult pair = RunBounded({"validate", "pair.yaml"}, dir.path());
  EXPECT_EQ(pair.code, 2);
  EXPECT_EQ(FirstError(pair.err).rfind("pair.yaml:11:17: path 'a.yaml' is a loop", 0), 0u)
      << pair.err;
  // The scan of the folder meets sub/up (a link to its parent) and does not follow it: both
  // manifests are found once each and reported.
  BinaryResult scan = RunBounded({"audit", "."}, dir.path());
  EXPECT_EQ(scan.code, 2) << scan.err;
  EXPECT_NE(scan.err.find("is a loop of symbolic links"), std::string::npos) << scan.err;
}

}  // namespace
}  // namespace sov::test
