#include "src/util/date.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace sov {
namespace chr = std::chrono;

long Date::DaysSinceEpoch() const {
  chr::year_month_day ymd{chr::year(year), chr::month(static_cast<unsigned>(month)),
                          chr::day(static_cast<unsigned>(day))};
  return chr::sys_days(ymd).time_since_epoch().count();
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<Date> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  Date d{num(0, 4), num(5, 2), num(8, 2)};
  chr::year_month_day ymd{chr::year(d.year), chr::month(static_cast<unsigned>(d.month)),
                          chr::day(static_cast<unsigned>(d.day))};
  if (!ymd.ok()) return std::nullopt;
  return d;
}

Date TodayUtc() {
  chr::year_month_day ymd{chr::floor<chr::days>(chr::system_clock::now())};
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

namespace {

int Digits(std::string_view text, size_t pos, size_t n) {
  if (pos + n > text.size()) return -1;
  int v = 0;
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + pos + n, v);
  return ec == std::errc() && end == text.data() + pos + n ? v : -1;
}

}  // namespace

std::optional<int64_t> ParseRfc3339(std::string_view t) {
  // The date part must be a real day (no 2026-02-31).
  if (t.size() < 10 || !ParseDate(t.substr(0, 10))) return std::nullopt;
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
  int year = Digits(t, 0, 4), mon = Digits(t, 5, 2), day = Digits(t, 8, 2);
  int hour = Digits(t, 11, 2), min = Digits(t, 14, 2), sec = Digits(t, 17, 2);
  if (t.size() < 20 || year < 0 || mon < 1 || mon > 12 || day < 1 || day > 31 || hour < 0 ||
      hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 60 || t[4] != '-' || t[7] != '-' ||
      (t[10] != 'T' && t[10] != 't') || t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  size_t pos = 19;
  if (t[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos, ++digits;
    if (digits == 0) return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z') && pos + 1 == t.size()) {
    offset = 0;
  } else if (pos + 6 == t.size() && (t[pos] == '+' || t[pos] == '-') && t[pos + 3] == ':') {
    int oh = Digits(t, pos + 1, 2), om = Digits(t, pos + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    offset = (t[pos] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  // Days from civil (proleptic Gregorian), H. Hinnant's algorithm.
  int y = year - (mon <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = static_cast<int64_t>(era) * 146097 + doe - 719468;
  return days * 86400 + hour * 3600 + min * 60 + std::min(sec, 59) - offset;
}

std::string FormatTime(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Date DateOfUnixSeconds(int64_t t) {
  // Civil from days (proleptic Gregorian), H. Hinnant's algorithm: any year, no formatting.
  int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  Date d;
  d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2));
  return d;
}

}  // namespace sov
