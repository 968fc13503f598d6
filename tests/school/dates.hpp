// Calendar dates as day numbers, and their text forms in Veracross records.
#pragma once

#include <string>

namespace vcsim {

// Days since 1970-01-01 (proleptic Gregorian), so dates add and compare as ints.
int day_number(int year, int month, int day);

// "YYYY-MM-DD".
std::string date_text(int day);

// "YYYY-MM-DDTHH:MM:SSZ" for a moment seconds_into_day after midnight UTC.
std::string timestamp_text(int day, int seconds_into_day);

} // namespace vcsim
