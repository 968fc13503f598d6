// What every step of the generator shares: the random stream, the school's
// codes, the model being built, id sequences and unique names.
#pragma once

#include "dates.hpp"
#include "random.hpp"
#include "school_model.hpp"
#include "value_lists.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace vcsim {

using model::Id;

// Ids of different kinds come from disjoint ranges, so a class id can never
// pass for a person id in a test that mixes them up.
class IdSequence {
public:
    IdSequence(model::Id first, int max_step) : next_(first), max_step_(max_step) {}
    model::Id next(Rng &rng) {
        const model::Id id = next_;
        next_ += max_step_ > 1 ? rng.between(1, max_step_) : 1;
        return id;
    }

private:
    model::Id next_;
    int max_step_;
};

// The scripted awkward-case families (family_builder.cpp) have this many
// students; they are made first, so theirs are the lowest student ids.
constexpr int kScriptedStudents = 8;

// The school year the data describes (2025 = 2025-26), and the day the data
// was taken: dates of "now" such as currently_enrolled are relative to it.
constexpr int kSchoolYear = 2025;
inline int snapshot_day() { return day_number(2025, 11, 14); }

struct GenerationContext {
    GenerationContext(std::uint64_t seed, std::string email_domain)
        : rng(seed), codes(rng), domain(std::move(email_domain)) {}

    Rng rng;
    Codes codes;
    model::School school;
    std::string domain; // the school's own email domain
    IdSequence person_ids{1001, 2};
    IdSequence household_ids{400001, 1};
    IdSequence grading_period_ids{101, 1};
    IdSequence course_ids{50001, 1};
    IdSequence class_ids{600001, 1};
    IdSequence permission_ids{700001, 1};
    IdSequence enrollment_ids{1000001, 1};
    IdSequence relationship_ids{2000001, 1};
    IdSequence meeting_ids{3000001, 1};
    std::set<std::string> taken; // usernames and emails already given out

    // A last_modified_date in the months before the snapshot.
    std::string stamp() { return stamp_after(day_number(2025, 6, 1)); }

    // The same, no earlier than a day whose event the record shows (a
    // withdrawal recorded on 2025-10-17 was saved on or after that day).
    std::string stamp_after(int day) {
        const int first = std::min(std::max(day, day_number(2025, 6, 1)), snapshot_day() - 1);
        const int when = static_cast<int>(rng.between(first, snapshot_day() - 1));
        return timestamp_text(when, static_cast<int>(rng.between(0, 86399)));
    }

    // base, or base2, base3... whichever is still free; reserves it.
    std::string unique(const std::string &base, const std::string &suffix = "") {
        std::string candidate = base + suffix;
        for (int n = 2; taken.count(candidate); ++n) candidate = base + std::to_string(n) + suffix;
        taken.insert(candidate);
        return candidate;
    }
};

// A new household record with a street address; returns its id.
Id add_household(GenerationContext &ctx, const std::string &family_name);

// The generator's steps, in the order generate_school runs them.
void build_calendar(GenerationContext &ctx);
void build_staff(GenerationContext &ctx, int student_count);
void build_families(GenerationContext &ctx, int student_count);
void build_academics(GenerationContext &ctx);
void add_rules_cases(GenerationContext &ctx);       // rules_cases.cpp
struct School;
void add_unlisted_references(School &school, Id lower_school); // rules_cases.cpp, on the written records
void add_duplicate_records(GenerationContext &ctx); // record_variants.cpp

} // namespace vcsim
