#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>

#include "src/util/date.h"
#include "src/util/error.h"
#include "src/util/expected.h"
#include "src/util/fs.h"
#include "src/util/text.h"

namespace sov {
namespace {
namespace fs = std::filesystem;

std::string RunCommand(const std::string& cmd) {
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), &pclose);
  std::string out;
  char buf[256];
  while (p && fgets(buf, sizeof buf, p.get())) out += buf;
  return out;
}

TEST(Sha256, MatchesSha256sumOnRandomFiles) {
  fs::path dir = fs::temp_directory_path() / "sovaudit_util_test";
  fs::create_directories(dir);
  std::mt19937 rng(42);
  for (size_t size : {0u, 1u, 55u, 56u, 64u, 1000u, (1u << 20) + 3u}) {
    fs::path f = dir / ("f" + std::to_string(size));
    std::string data(size, '\0');
    for (char& c : data) c = static_cast<char>(rng());
    std::ofstream(f, std::ios::binary).write(data.data(), data.size());
    Expected<std::string> got = Sha256File(f);
    ASSERT_TRUE(got) << got.error();
    std::string want = RunCommand("sha256sum " + f.string()).substr(0, 64);
    EXPECT_EQ(*got, want) << "size " << size;
    EXPECT_EQ(Sha256Hex(data), want);
  }
  fs::remove_all(dir);
}

TEST(Sha256, MissingFileIsAnErrorValue) {
  Expected<std::string> got = Sha256File("/nonexistent/sovaudit");
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().find("/nonexistent/sovaudit"), std::string::npos);
}

TEST(Date, ParsesOnlyValidDates) {
  for (const char* valid : {"2026-11-21", "2024-02-29"}) EXPECT_TRUE(ParseDate(valid)) << valid;
  for (const char* invalid : {"2025-02-29", "2026-13-01", "2026-1-01", "yesterday"}) {
    EXPECT_FALSE(ParseDate(invalid)) << invalid;
  }
  EXPECT_EQ(DaysBetween(*ParseDate("2025-11-21"), *ParseDate("2026-11-21")), 365);
  EXPECT_EQ(ParseDate("2026-05-14")->ToString(), "2026-05-14");
}

TEST(Text, DidYouMeanSuggestsNearKeysOnly) {
  std::vector<std::string> keys = {"availability", "path", "signature", "sha256"};
  EXPECT_EQ(ClosestMatch("availabilty", keys), "availability");
  EXPECT_EQ(ClosestMatch("signatur", keys), "signature");
  EXPECT_EQ(ClosestMatch("completely-different", keys), "");
  EXPECT_EQ(DidYouMean("pth", keys), " (did you mean 'path'?)");
}

TEST(Text, EscapeControlNeutralisesTerminalSequences) {
  EXPECT_EQ(EscapeControl("ok\x1b[31mred"), "ok\\x1b[31mred");
  EXPECT_EQ(EscapeControl("caf\xc3\xa9"), "caf\xc3\xa9");  // valid UTF-8 kept
  EXPECT_EQ(EscapeControl("bad\xff"), "bad\\xff");
  EXPECT_EQ(EscapeControl("c1\xc2\x9b"), "c1\\xc2\\x9b");
}

TEST(Files, AtomicWriteReplacesWholeFileAndLeavesNoTemporary) {
  fs::path dir = fs::temp_directory_path() / "sovaudit_atomic_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path f = dir / "out.json";
  WriteFileAtomically(f, "first");
  WriteFileAtomically(f, "second");
  EXPECT_EQ(ReadTextFile(f), "second");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  EXPECT_THROW(WriteFileAtomically(dir / "missing-dir" / "x", "y"), Error);
  fs::remove_all(dir);
}

TEST(Files, ReadTextFileBoundsSize) {
  fs::path f = fs::temp_directory_path() / "sovaudit_big_test";
  std::ofstream(f) << std::string(100, 'x');
  EXPECT_THROW(ReadTextFile(f, 99), Error);
  EXPECT_EQ(ReadTextFile(f, 100).size(), 100u);
  try {
    ReadTextFile("/nonexistent/m.yaml");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.Describe(), "/nonexistent/m.yaml: no such file");
    EXPECT_EQ(e.exit_code(), kExitInput);
  }
  fs::remove(f);
}

TEST(Files, IsWithinRejectsEscapes) {
  for (const char* inside : {"/a/b/c/d", "/a/b"}) EXPECT_TRUE(IsWithin("/a/b", inside)) << inside;
  for (const char* outside : {"/a/b/../c", "/a/bc", "/etc/passwd"}) {
    EXPECT_FALSE(IsWithin("/a/b", outside)) << outside;
  }
}

}  // namespace
}  // namespace sov

namespace sov {
namespace {

TEST(Utf8, FindsTheFirstByteThatIsNotWellFormed) {
  EXPECT_EQ(FirstInvalidUtf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("Gr\xc3\xbc\xc3\x9f \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80"),
            std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("ab\xff"), 2u);                  // never a UTF-8 byte
  EXPECT_EQ(FirstInvalidUtf8("a\xc0\x80"), 1u);               // overlong NUL
  EXPECT_EQ(FirstInvalidUtf8("a\xe0\x80\x80"), 1u);           // overlong 3-byte
  EXPECT_EQ(FirstInvalidUtf8("\xed\xa0\x80"), 0u);            // a UTF-16 surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xf4\x90\x80\x80"), 0u);        // above U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("ok\xe6\x97"), 2u);              // cut short
  EXPECT_EQ(FirstInvalidUtf8("\xc3\x28"), 0u);                // bad continuation
  EXPECT_EQ(FirstInvalidUtf8("\xef\xbb\xbfkind: x"), std::string_view::npos);  // a BOM is fine
}

}  // namespace
}  // namespace sov

namespace sov {
namespace {

TEST(Expected, HoldsAValueOrTheReasonForNone) {
  Expected<std::string> yes = std::string("abc");
  ASSERT_TRUE(yes);
  EXPECT_EQ(*yes, "abc");
  EXPECT_EQ(yes->size(), 3u);
  Expected<std::string> no = Unexpected{"cannot open x"};
  EXPECT_FALSE(no);
  EXPECT_FALSE(no.has_value());
  EXPECT_EQ(no.error(), "cannot open x");
  Expected<Ok> check = Ok{};
  EXPECT_TRUE(check);
}

}  // namespace
}  // namespace sov
