// The man pages against the CLI they document: every long option that `sovaudit CMD --help`
// lists (each group, the network options included) is described in man/sovaudit-CMD.1, and
// every page a page refers to in SEE ALSO exists.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/run_binary.h"

namespace sov::test {
namespace {

namespace fs = std::filesystem;

const fs::path kMan = fs::path(SOVAUDIT_SOURCE_DIR) / "man";

// The long options of a --help text: the first name of each option line.
std::set<std::string> LongOptions(const std::string& help) {
  std::set<std::string> out;
  static const std::regex line(R"(^  (?:-[A-Za-z], ?)?(--[a-z][a-z0-9-]*))");
  std::istringstream in(help);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_search(l, m, line) && m[1] != "--help") out.insert(m[1]);
  }
  return out;
}

// "--trust-key" as roff writes it: "\-\-trust\-key".
std::string Roff(const std::string& option) {
  std::string out;
  for (char c : option) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

TEST(ManPages, DescribeEveryOptionOfTheirCommand) {
  for (const char* cmd : {"audit", "validate", "rules", "verify", "sign", "digest", "import",
                          "graph", "diff", "catalog", "attestation verify", "verify-plan"}) {
    // "attestation verify" is documented in sovaudit-attestation(1).
    std::string command = cmd;
    std::string first = command.substr(0, command.find(' '));
    std::vector<std::string> args = {first};
    if (first != command) args.push_back(command.substr(first.size() + 1));
    args.push_back("--help");
    BinaryResult help = RunBinary(args);
    ASSERT_EQ(help.code, 0) << cmd;
    std::set<std::string> options = LongOptions(help.out);
    EXPECT_GT(options.size(), std::string(cmd) == "catalog" ? 0u : 1u) << cmd;  // --format
    std::string page = SlurpFile(kMan / ("sovaudit-" + first + ".1"));
    ASSERT_FALSE(page.empty()) << cmd;
    for (const std::string& o : options) {
      EXPECT_NE(page.find(Roff(o)), std::string::npos) << "sovaudit-" << cmd << "(1) lacks " << o;
    }
  }
}

TEST(ManPages, SeeAlsoNamesPagesThatExist) {
  static const std::regex ref(R"(\.BR (sovaudit[a-z-]*) \(([1-8])\))");
  for (const auto& entry : fs::directory_iterator(kMan)) {
    std::string page = SlurpFile(entry.path());
    for (std::sregex_iterator it(page.begin(), page.end(), ref), end; it != end; ++it) {
      fs::path target = kMan / ((*it)[1].str() + "." + (*it)[2].str());
      EXPECT_TRUE(fs::exists(target)) << entry.path().filename() << " refers to " << target;
    }
  }
}

}  // namespace
}  // namespace sov::test
