#pragma once
// Calendar dates (UTC, proleptic Gregorian) for --as-of and the manifest's dates.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sov {

struct Date {
  int year = 0, month = 0, day = 0;
  auto operator<=>(const Date&) const = default;
  // Days since 1970-01-01.
  long DaysSinceEpoch() const;
  std::string ToString() const;  // YYYY-MM-DD
};

// Parses exactly YYYY-MM-DD with a valid month and day; nullopt otherwise.
std::optional<Date> ParseDate(std::string_view s);

// Today in UTC.
Date TodayUtc();

// RFC 3339 "2022-04-13T20:06:15.000Z" (fraction and Z/offset) to Unix seconds; nullopt if
// malformed.
std::optional<int64_t> ParseRfc3339(std::string_view text);
// Unix seconds as "2025-06-03T14:05:11Z" (UTC).
std::string FormatTime(int64_t t);
// The UTC date of Unix seconds.
Date DateOfUnixSeconds(int64_t t);

// b - a in days.
inline long DaysBetween(const Date& a, const Date& b) {
  return b.DaysSinceEpoch() - a.DaysSinceEpoch();
}

}  // namespace sov
