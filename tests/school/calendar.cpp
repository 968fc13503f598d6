#include "calendar.hpp"

#include "generation_context.hpp"

#include <stdexcept>

namespace vcsim {

namespace {

struct Span {
    int start, end;
};

// Quarter dates per level: Lower School starts a day later and ends later.
std::vector<Span> quarters_of(int level) {
    if (level == 0)
        return {{day_number(2025, 9, 3), day_number(2025, 11, 7)},
                {day_number(2025, 11, 10), day_number(2026, 1, 30)},
                {day_number(2026, 2, 2), day_number(2026, 4, 3)},
                {day_number(2026, 4, 13), day_number(2026, 6, 10)}};
    const int q2_end = level == 1 ? day_number(2026, 1, 16) : day_number(2026, 1, 23);
    const int q3_start = level == 1 ? day_number(2026, 1, 20) : day_number(2026, 1, 26);
    return {{day_number(2025, 9, 2), day_number(2025, 10, 31)},
            {day_number(2025, 11, 3), q2_end},
            {q3_start, day_number(2026, 3, 27)},
            {day_number(2026, 4, 6), day_number(2026, 6, 5)}};
}

} // namespace

void build_calendar(GenerationContext &ctx) {
    const Id year_type = ctx.codes.id("grading_period_type", "Year");
    const Id semester_type = ctx.codes.id("grading_period_type", "Semester");
    const Id quarter_type = ctx.codes.id("grading_period_type", "Quarter");
    model::Id group_id = 11;
    for (int level = 0; level < 3; ++level) {
        const std::vector<Span> q = quarters_of(level);
        const std::string &level_name = level_names()[static_cast<std::size_t>(level)];
        struct Group {
            Id type;
            std::string name;
            bool major;
            std::vector<std::pair<std::string, Span>> periods; // abbreviation, dates
        };
        // Descriptions repeat across levels ("Quarter 1" in each): the group
        // tells the levels apart, as in real schools.
        const std::vector<Group> groups = {
            {year_type, level_name + " Year", true, {{"YR", {q[0].start, q[3].end}}}},
            {semester_type, level_name + " Semesters", true,
             {{"S1", {q[0].start, q[1].end}}, {"S2", {q[2].start, q[3].end}}}},
            {quarter_type, level_name + " Quarters", false,
             {{"Q1", q[0]}, {"Q2", q[1]}, {"Q3", q[2]}, {"Q4", q[3]}}},
        };
        for (const Group &group : groups) {
            int index = 1;
            for (const auto &[abbreviation, span] : group.periods) {
                model::GradingPeriod p;
                p.id = ctx.grading_period_ids.next(ctx.rng);
                p.level = level;
                p.school_year = kSchoolYear;
                p.abbreviation = abbreviation;
                p.description = abbreviation == "YR"   ? "Full Year"
                                : abbreviation[0] == 'S' ? "Semester " + abbreviation.substr(1)
                                                         : "Quarter " + abbreviation.substr(1);
                p.group_id = group_id;
                p.group_description = group.name;
                p.type = group.type;
                p.major = group.major;
                p.minor = !group.major;
                p.period_index = index++;
                p.start = span.start;
                p.end = span.end;
                p.modified = ctx.stamp();
                ctx.school.grading_periods.push_back(p);
            }
            ++group_id;
        }
    }
}

const model::GradingPeriod &find_period(const model::School &school, int level, const std::string &abbreviation) {
    for (const model::GradingPeriod &p : school.grading_periods)
        if (p.level == level && p.abbreviation == abbreviation) return p;
    throw std::out_of_range("no grading period " + abbreviation);
}

} // namespace vcsim
