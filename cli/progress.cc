// The hashing progress bar (see progress.h).
#include "cli/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <ostream>
#include <string_view>

namespace sov {
namespace {

constexpr std::string_view kPrefix = "hashing ";
constexpr int kMaxBar = 30;  // inner columns of [####----]
constexpr int kMinBar = 5;
// Columns kept for the numbers after the bar, so that the bar keeps its width while they change:
// " 100%  1023 MiB / 1023 MiB  1023 MiB/s  ETA 99:59:59" and a little more.
constexpr int kStatsRoom = 52;
constexpr const char* kFillColor = "\033[36m";
constexpr const char* kReset = "\033[0m";

bool Set(const char* v) { return v != nullptr && *v != '\0'; }

// Columns of `line`, leaving out the colour escapes (ESC [ ... m) FormatProgressLine writes.
int VisibleWidth(std::string_view line) {
  int n = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\033') {
      while (i < line.size() && line[i] != 'm') ++i;
      continue;
    }
    ++n;
  }
  return n;
}

// The terminal's width less one column (writing the last column wraps on some terminals), or 80
// columns; at most 100.
int TerminalWidth() {
  winsize ws{};
  int cols = 0;
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0) cols = ws.ws_col;
  if (cols <= 0) cols = 80;
  return std::clamp(cols - 1, 20, 100);
}

}  // namespace

bool ProgressWanted(bool quiet, bool stderr_is_tty, const char* term, const char* ci) {
  if (quiet || !stderr_is_tty) return false;
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return !Set(ci);
}

bool ProgressColor(const char* no_color) { return !Set(no_color); }

bool StderrIsTerminal(const std::ostream& err) {
  return &err == &std::cerr && ::isatty(STDERR_FILENO) != 0;
}

std::string FormatBytes(uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = static_cast<double>(bytes) / 1024.0;
  size_t u = 0;
  while (v >= 1024.0 && u + 1 < std::size(kUnits)) {
    v /= 1024.0;
    ++u;
  }
  char buf[32];
  const char* format = v < 9.995 ? "%.2f %s" : v < 99.95 ? "%.1f %s" : "%.0f %s";
  std::snprintf(buf, sizeof buf, format, v, kUnits[u]);
  return buf;
}

std::string FormatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0 || seconds >= 100.0 * 3600) return "--:--";
  auto s = static_cast<long>(std::lround(seconds));
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

std::string FormatProgressLine(uint64_t done, uint64_t total, double elapsed_s, int width,
                               bool color) {
  if (total > 0) done = std::min(done, total);
  const double rate = elapsed_s > 0 && done > 0 ? static_cast<double>(done) / elapsed_s : 0.0;
  std::string stats;
  if (total > 0) {
    char pct[8];
    std::snprintf(pct, sizeof pct, "%3d%%",
                  static_cast<int>(static_cast<double>(done) * 100.0 / static_cast<double>(total)));
    stats = std::string(" ") + pct + "  " + FormatBytes(done) + " / " + FormatBytes(total);
  } else {
    stats = "  " + FormatBytes(done);
  }
  stats += "  " + (rate > 0 ? FormatBytes(static_cast<uint64_t>(rate)) : std::string("--")) + "/s";
  if (total > 0) {
    double eta = rate > 0 ? static_cast<double>(total - done) / rate : -1.0;
    stats += "  ETA " + FormatDuration(eta);
  }

  const int room = width - static_cast<int>(kPrefix.size()) - 2 - kStatsRoom;  // 2: brackets
  const int inner = std::min(room, kMaxBar);
  std::string line;
  if (total > 0 && inner >= kMinBar &&
      static_cast<int>(kPrefix.size() + stats.size()) + 2 + inner <= width) {
    const int filled = static_cast<int>(static_cast<double>(done) * inner / static_cast<double>(total));
    line = std::string(kPrefix) + "[";
    if (color && filled > 0) line += kFillColor;
    line += std::string(static_cast<size_t>(filled), '#');
    if (color && filled > 0) line += kReset;
    line += std::string(static_cast<size_t>(inner - filled), '-') + "]" + stats;
  } else {
    line = "hashing " + stats.substr(stats.find_first_not_of(' '));
    if (static_cast<int>(line.size()) > width) line.resize(static_cast<size_t>(std::max(width, 0)));
  }
  return line;
}

ProgressPainter::ProgressPainter(const oms::HashProgress& progress, std::ostream& out, int width,
                                 bool color, std::chrono::milliseconds delay)
    : progress_(progress), out_(out), width_(width), color_(color), delay_(delay) {}

void ProgressPainter::Draw(std::chrono::steady_clock::duration elapsed) {
  if (elapsed < delay_) return;
  const double seconds = std::chrono::duration<double>(elapsed).count();
  std::string line =
      FormatProgressLine(progress_.done.load(std::memory_order_relaxed),
                         progress_.total.load(std::memory_order_relaxed), seconds, width_, color_);
  const int visible = VisibleWidth(line);
  if (visible < last_width_) line.append(static_cast<size_t>(last_width_ - visible), ' ');
  out_ << '\r' << line << std::flush;
  last_width_ = std::max({visible, last_width_, 1});
}

void ProgressPainter::Clear() {
  if (last_width_ == 0) return;
  out_ << '\r' << std::string(static_cast<size_t>(last_width_), ' ') << '\r' << std::flush;
  last_width_ = 0;
}

ProgressBar::ProgressBar(const oms::HashProgress& progress, std::ostream& err, bool quiet) {
  if (!ProgressWanted(quiet, StderrIsTerminal(err), std::getenv("TERM"), std::getenv("CI"))) {
    return;
  }
  painter_ = std::make_unique<ProgressPainter>(progress, err, TerminalWidth(),
                                               ProgressColor(std::getenv("NO_COLOR")));
  thread_ = std::jthread([this](std::stop_token stop) { Loop(stop); });
}

ProgressBar::~ProgressBar() { Stop(); }

void ProgressBar::Stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
  if (painter_) painter_->Clear();
}

void ProgressBar::Loop(std::stop_token stop) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mu_);
  while (!wake_.wait_for(lock, stop, std::chrono::milliseconds(100), [] { return false; })) {
    if (stop.stop_requested()) break;
    painter_->Draw(std::chrono::steady_clock::now() - start);
  }
}

}  // namespace sov
