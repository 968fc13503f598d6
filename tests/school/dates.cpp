#include "dates.hpp"

#include <cstdio>

namespace vcsim {

// Howard Hinnant's days_from_civil / civil_from_days.
int day_number(int year, int month, int day) {
    year -= month <= 2;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int year_of_era = year - era * 400;
    const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

namespace {

struct Civil {
    int year, month, day;
};

Civil civil_of(int days) {
    days += 719468;
    const int era = (days >= 0 ? days : days - 146096) / 146097;
    const int day_of_era = days - era * 146097;
    const int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int shifted_month = (5 * day_of_year + 2) / 153;
    const int day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    const int month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
    return {year_of_era + era * 400 + (month <= 2), month, day};
}

} // namespace

std::string date_text(int day) {
    const Civil c = civil_of(day);
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", c.year, c.month, c.day);
    return text;
}

std::string timestamp_text(int day, int seconds_into_day) {
    char text[48];
    std::snprintf(text, sizeof text, "T%02d:%02d:%02dZ", seconds_into_day / 3600, seconds_into_day / 60 % 60,
                  seconds_into_day % 60);
    return date_text(day) + text;
}

} // namespace vcsim
