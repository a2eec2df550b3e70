#pragma once
// The progress bar of `digest`, `sign` and `verify` on stderr while they hash a model:
//
//   hashing [#########-----------]  45%  1.80 GiB / 4.00 GiB  1.95 GiB/s  ETA 0:01
//
// Shown only when stderr is a terminal (never into a pipe or a file, never under CI, not for
// TERM=dumb) and not with --quiet; it appears once a run has lasted a second, is redrawn at
// most ten times a second on one line, and is cleared at the end. The filled part is coloured
// unless NO_COLOR is set. The hashing pool (src/oms) only counts bytes in an
// oms::HashProgress; all the drawing is here.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "src/oms/oms.h"

namespace sov {

// Whether to show the bar: not `quiet`, stderr a terminal, TERM not "dumb", and CI unset or
// empty (CI runners that give jobs a pseudo-terminal set CI). Null pointers are unset variables.
bool ProgressWanted(bool quiet, bool stderr_is_tty, const char* term, const char* ci);

// Whether the bar may use colour: NO_COLOR unset or empty (https://no-color.org).
bool ProgressColor(const char* no_color);

// Whether `err` is this process's stderr and that is a terminal. A string stream (as the tests
// pass to RunCli) never is.
bool StderrIsTerminal(const std::ostream& err);

// "0 B", "999 B", "1.50 KiB", "12.3 MiB", "4.00 GiB": binary units, three significant digits.
std::string FormatBytes(uint64_t bytes);

// "0:07", "12:34", "1:02:03"; "--:--" when unknown (negative or not finite).
std::string FormatDuration(double seconds);

// One line of the bar, at most `width` columns wide (colour escapes take no columns), without
// "\r" or newline. Before the total is known (0) it shows the bytes hashed only; the rate and
// the ETA are averages over `elapsed_s`.
std::string FormatProgressLine(uint64_t done, uint64_t total, double elapsed_s, int width,
                               bool color);

// Draws the bar of one run onto a stream: Draw() for each tick, Clear() at the end. Holds no
// thread, so tests drive it with chosen times.
class ProgressPainter {
 public:
  ProgressPainter(const oms::HashProgress& progress, std::ostream& out, int width, bool color,
                  std::chrono::milliseconds delay = std::chrono::seconds(1));
  // Redraws the line, "\r" first, padded over the last one; nothing before `delay`.
  void Draw(std::chrono::steady_clock::duration elapsed);
  // Blanks the line when anything was drawn.
  void Clear();
  bool drawn() const { return last_width_ > 0; }

 private:
  const oms::HashProgress& progress_;
  std::ostream& out_;
  int width_;
  bool color_;
  std::chrono::milliseconds delay_;
  int last_width_ = 0;
};

// A running bar: draws every 100 ms from a thread of its own while enabled; Stop() (or the
// destructor) ends the thread and clears the line, before the command prints anything else.
class ProgressBar {
 public:
  // The bar for an OMS command: enabled per ProgressWanted(quiet, StderrIsTerminal(err), ...)
  // with the environment, as wide as the terminal.
  ProgressBar(const oms::HashProgress& progress, std::ostream& err, bool quiet);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Stop();
  bool enabled() const { return painter_ != nullptr; }

 private:
  void Loop(std::stop_token stop);

  std::unique_ptr<ProgressPainter> painter_;
  std::mutex mu_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace sov
