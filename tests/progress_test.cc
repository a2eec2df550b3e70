// The progress bar of digest/sign/verify (cli/progress.h): when it is shown, what a line looks
// like, what the painter writes, and the byte counts the hashing pool reports. Nothing here
// sleeps or measures time: the painter is driven with chosen elapsed times.
#include "cli/progress.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>

#include "cli/cli.h"
#include "src/oms/oms.h"
#include "tests/temp_dir.h"

namespace sov {
namespace {
namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr uint64_t kGiB = 1ull << 30;

// Columns a line takes on a terminal: everything but the colour escapes.
size_t Columns(const std::string& s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\033') {
      while (i < s.size() && s[i] != 'm') ++i;
      continue;
    }
    ++n;
  }
  return n;
}

TEST(ProgressWanted, OnlyOnATerminalOutsideCiAndNotQuiet) {
  EXPECT_TRUE(ProgressWanted(false, true, "xterm-256color", nullptr));
  EXPECT_TRUE(ProgressWanted(false, true, nullptr, nullptr));
  EXPECT_TRUE(ProgressWanted(false, true, "screen", ""));     // CI set but empty: unset
  EXPECT_FALSE(ProgressWanted(false, false, "xterm", nullptr));  // a pipe or a file
  EXPECT_FALSE(ProgressWanted(true, true, "xterm", nullptr));    // --quiet
  EXPECT_FALSE(ProgressWanted(false, true, "xterm", "true"));    // CI
  EXPECT_FALSE(ProgressWanted(false, true, "xterm", "1"));
  EXPECT_FALSE(ProgressWanted(false, true, "dumb", nullptr));
  EXPECT_FALSE(ProgressWanted(true, false, nullptr, "true"));
}

TEST(ProgressColor, HonoursNoColor) {
  EXPECT_TRUE(ProgressColor(nullptr));
  EXPECT_TRUE(ProgressColor(""));  // https://no-color.org: present and not empty
  EXPECT_FALSE(ProgressColor("1"));
  EXPECT_FALSE(ProgressColor("yes"));
}

TEST(StderrIsTerminal, AStringStreamNeverIs) {
  std::ostringstream s;
  EXPECT_FALSE(StderrIsTerminal(s));
  EXPECT_FALSE(StderrIsTerminal(std::cout));
}

TEST(FormatBytes, BinaryUnitsThreeDigits) {
  EXPECT_EQ(FormatBytes(0), "0 B");
  EXPECT_EQ(FormatBytes(1023), "1023 B");
  EXPECT_EQ(FormatBytes(1024), "1.00 KiB");
  EXPECT_EQ(FormatBytes(1536), "1.50 KiB");
  EXPECT_EQ(FormatBytes(12'900'000), "12.3 MiB");
  EXPECT_EQ(FormatBytes(512ull << 20), "512 MiB");
  EXPECT_EQ(FormatBytes(4 * kGiB), "4.00 GiB");
  EXPECT_EQ(FormatBytes(3 * kGiB / 2), "1.50 GiB");
  EXPECT_EQ(FormatBytes(2048 * kGiB), "2.00 TiB");
  EXPECT_EQ(FormatBytes(std::numeric_limits<uint64_t>::max()), "16.0 EiB");
}

TEST(FormatDuration, MinutesSecondsAndHours) {
  EXPECT_EQ(FormatDuration(0), "0:00");
  EXPECT_EQ(FormatDuration(7.4), "0:07");
  EXPECT_EQ(FormatDuration(59.6), "1:00");
  EXPECT_EQ(FormatDuration(754), "12:34");
  EXPECT_EQ(FormatDuration(3723), "1:02:03");
  EXPECT_EQ(FormatDuration(-1), "--:--");
  EXPECT_EQ(FormatDuration(std::numeric_limits<double>::infinity()), "--:--");
  EXPECT_EQ(FormatDuration(std::numeric_limits<double>::quiet_NaN()), "--:--");
  EXPECT_EQ(FormatDuration(1e12), "--:--");
}

TEST(FormatProgressLine, BarPercentBytesRateEta) {
  // 1 GiB of 4 GiB in 2 s: 512 MiB/s, 3 GiB left: 6 s.
  std::string line = FormatProgressLine(kGiB, 4 * kGiB, 2.0, 99, false);
  EXPECT_EQ(line,
            "hashing [#######-----------------------]  25%  1.00 GiB / 4.00 GiB  512 MiB/s  "
            "ETA 0:06");
  // On an 80-column terminal: a shorter bar. The bar keeps its width while the numbers change.
  EXPECT_EQ(FormatProgressLine(kGiB, 4 * kGiB, 2.0, 79, false),
            "hashing [####-------------]  25%  1.00 GiB / 4.00 GiB  512 MiB/s  ETA 0:06");
  EXPECT_EQ(FormatProgressLine(kGiB, 4 * kGiB, 0.5, 79, false),
            "hashing [####-------------]  25%  1.00 GiB / 4.00 GiB  2.00 GiB/s  ETA 0:02");
}

TEST(FormatProgressLine, StartEndAndUnknownTotal) {
  EXPECT_EQ(FormatProgressLine(0, 4 * kGiB, 0.0, 79, false),
            "hashing [-----------------]   0%  0 B / 4.00 GiB  --/s  ETA --:--");
  EXPECT_EQ(FormatProgressLine(4 * kGiB, 4 * kGiB, 2.0, 79, false),
            "hashing [#################] 100%  4.00 GiB / 4.00 GiB  2.00 GiB/s  ETA 0:00");
  // More counted than the total (a file grew): clamped, never over 100%.
  EXPECT_NE(FormatProgressLine(5 * kGiB, 4 * kGiB, 2.0, 79, false).find("100%  4.00 GiB / 4.00"),
            std::string::npos);
  // The total is not known yet: bytes and rate only.
  EXPECT_EQ(FormatProgressLine(0, 0, 1.5, 79, false), "hashing 0 B  --/s");
}

TEST(FormatProgressLine, FitsTheWidth) {
  for (int width : {0, 10, 20, 40, 50, 60, 70, 79, 100}) {
    for (uint64_t done : {uint64_t{0}, uint64_t{1}, kGiB, 3 * kGiB + 12345}) {
      for (bool color : {false, true}) {
        std::string line = FormatProgressLine(done, 4 * kGiB, 1.25, width, color);
        EXPECT_LE(Columns(line), static_cast<size_t>(std::max(width, 0)))
            << width << " " << line;
      }
    }
  }
  // Too narrow for a bar: the numbers only.
  EXPECT_EQ(FormatProgressLine(kGiB, 4 * kGiB, 2.0, 60, false),
            "hashing 25%  1.00 GiB / 4.00 GiB  512 MiB/s  ETA 0:06");
  EXPECT_EQ(FormatProgressLine(kGiB, 4 * kGiB, 2.0, 20, false), "hashing 25%  1.00 Gi");
}

TEST(FormatProgressLine, ColourOnlyWhenAsked) {
  std::string plain = FormatProgressLine(kGiB, 4 * kGiB, 2.0, 79, false);
  std::string colour = FormatProgressLine(kGiB, 4 * kGiB, 2.0, 79, true);
  EXPECT_EQ(plain.find('\033'), std::string::npos);
  EXPECT_NE(colour.find("\033[36m#"), std::string::npos);
  EXPECT_NE(colour.find("\033[0m"), std::string::npos);
  EXPECT_EQ(Columns(colour), Columns(plain));
  // Nothing filled yet: no escapes at all.
  EXPECT_EQ(FormatProgressLine(0, 4 * kGiB, 0.5, 79, true).find('\033'), std::string::npos);
}

TEST(ProgressPainter, WaitsASecondRedrawsInPlaceAndClears) {
  oms::HashProgress p;
  p.total = 4 * kGiB;
  std::ostringstream out;
  ProgressPainter painter(p, out, 79, false);
  painter.Draw(milliseconds(900));  // runs under a second show nothing
  EXPECT_EQ(out.str(), "");
  EXPECT_FALSE(painter.drawn());
  painter.Clear();
  EXPECT_EQ(out.str(), "");

  p.done = kGiB;
  painter.Draw(seconds(2));
  const std::string first = out.str();
  EXPECT_EQ(first,
            "\rhashing [####-------------]  25%  1.00 GiB / 4.00 GiB  512 MiB/s  ETA 0:06");
  EXPECT_EQ(first.find('\n'), std::string::npos);

  // A shorter line is padded over the longer one.
  p.done = 100;
  painter.Draw(seconds(4));
  std::string second = out.str().substr(first.size());
  EXPECT_EQ(second, "\rhashing [-----------------]   0%  100 B / 4.00 GiB  25 B/s  ETA --:--" +
                        std::string(first.size() - 70, ' '));
  EXPECT_EQ(second.size(), first.size());

  out.str("");
  painter.Clear();
  EXPECT_EQ(out.str(), "\r" + std::string(first.size() - 1, ' ') + "\r");
  EXPECT_FALSE(painter.drawn());
}

TEST(ProgressBar, NotOnAStringStream) {
  oms::HashProgress p;
  std::ostringstream err;
  ProgressBar bar(p, err, false);
  EXPECT_FALSE(bar.enabled());
  bar.Stop();
  EXPECT_EQ(err.str(), "");
}

class HashProgressTest : public ::testing::Test {
 protected:
  // A folder of its own (mkdtemp): ctest runs this fixture's tests in parallel processes, and a
  // name shared between them let one test's TearDown delete the other's model.
  void SetUp() override {
    dir_ = temp_.path();
    fs::create_directories(dir_ / "model");
    Write(dir_ / "model" / "a.bin", 10'000);
    Write(dir_ / "model" / "b.bin", 123);
    Write(dir_ / "model" / "empty", 0);
  }
  static void Write(const fs::path& p, size_t n) {
    std::ofstream(p, std::ios::binary) << std::string(n, 'x');
  }
  test::TempDir temp_{"sovaudit_progress_test"};
  fs::path dir_;
};

TEST_F(HashProgressTest, CountsEveryByteOnce) {
  for (auto method : {oms::SerializationOptions::kFiles, oms::SerializationOptions::kShards}) {
    for (int threads : {1, 3}) {
      oms::HashProgress p;
      oms::SerializationOptions o;
      o.method = method;
      o.shard_size = 1000;
      o.threads = threads;
      o.progress = &p;
      oms::Manifest with = oms::ComputeManifest(dir_ / "model", o);
      EXPECT_EQ(p.total.load(), 10'123u);
      EXPECT_EQ(p.done.load(), 10'123u);
      o.progress = nullptr;
      EXPECT_EQ(oms::RootDigest(with), oms::RootDigest(oms::ComputeManifest(dir_ / "model", o)));
    }
  }
}

TEST_F(HashProgressTest, QuietIsAcceptedAndNothingIsDrawnIntoAStream) {
  for (const char* flag : {"--quiet", "-q"}) {
    std::ostringstream out, err;
    int code = RunCli({"sovaudit", "digest", (dir_ / "model").string(), flag}, out, err);
    EXPECT_EQ(code, 0) << err.str();
    EXPECT_EQ(err.str(), "");
    EXPECT_EQ(out.str().rfind("sha256:", 0), 0u);
  }
}

}  // namespace
}  // namespace sov
