// rules_truth on generated schools: the cases it must judge exist (pairs
// with several records, in both orders), and it agrees with conference_truth
// on every booking; the two are written apart, so a misreading of the rules
// in either shows here.
#include "school/rules_truth.hpp"
#include "test_records.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace vcsim;

namespace {

std::multiset<std::string> as_texts(const std::vector<Booking> &bookings) {
    std::multiset<std::string> out;
    for (const auto &b : bookings)
        out.insert(std::to_string(b.parent_id) + " " + std::to_string(b.student_id) + " " + std::to_string(b.teacher_id) +
                   " " + (b.class_id ? std::to_string(b.class_id) : "-") + " " + b.reason);
    return out;
}

} // namespace

TEST_CASE("generated schools have pairs with two student's records, the refusing one listed first or last") {
    const School school = generate_school({"demo", 3, 500});
    std::set<std::int64_t> students;
    for (const Record &s : school.resources.at("students").records) students.insert(s->getValue<std::int64_t>("id"));
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<bool>> portal_by_pair; // in listed order
    for (const Record &r : school.resources.at("relationships").records)
        if (students.count(r->getValue<std::int64_t>("person_id")))
            portal_by_pair[{r->getValue<std::int64_t>("person_id"), r->getValue<std::int64_t>("related_person_id")}]
                .push_back(r->getValue<bool>("parent_portal_access"));
    int refusing_first = 0, refusing_last = 0;
    for (const auto &entry : portal_by_pair) {
        if (entry.second == std::vector<bool>{false, true}) ++refusing_first;
        if (entry.second == std::vector<bool>{true, false}) ++refusing_last;
    }
    CHECK(refusing_first >= 3);
    CHECK(refusing_last >= 3);
}

TEST_CASE("rules_truth books exactly what conference_truth books, for several schools and options") {
    for (const auto &spec : {SchoolSpec{"demo", 1, 50}, SchoolSpec{"demo", 7, 500}, SchoolSpec{"demo", 3, 2000}})
        for (int options = 0; options < 8; ++options) {
            INFO("seed " << spec.seed << ", " << spec.students << " students, options " << options);
            const School school = generate_school(spec);
            EventQuery q;
            q.grading_period_names = {options % 2 ? "Quarter 2" : "Semester 1"};
            q.co_teachers = options & 2;
            q.class_terms = options & 4;
            q.include_without_portal_access = options & 1;
            q.include_non_custodial = !(options & 2);
            q.include_advisors = options & 4;
            const auto judged = rules_truth(school, q).bookings;
            CHECK(judged == as_texts(conference_truth(school, q)));
            CHECK(!judged.empty());
        }
}

TEST_CASE("rules_truth refuses an event without a window") {
    const School school = generate_school({"demo", 1, 50});
    EventQuery q;
    CHECK_THROWS_AS(rules_truth(school, q), std::invalid_argument);
    q.grading_period_ids = {test::period_ids(school, "Semester 1").at(0), 999999};
    CHECK_THROWS_AS(rules_truth(school, q), std::invalid_argument);
}
