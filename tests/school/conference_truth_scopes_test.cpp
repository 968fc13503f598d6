// conference_truth with what the optional scopes add (co-teachers, class
// terms from class schedules) and with named conference days, on a
// generated school.
#include "test_records.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace vcsim;
using namespace vcsim::test;

namespace {

const School &school() {
    static const School s = generate_school({"demo", 6, 600});
    return s;
}

std::set<Booking> truth(const EventQuery &q) {
    const auto all = conference_truth(school(), q);
    return {all.begin(), all.end()};
}

std::set<std::pair<Id, Id>> class_teachers(const std::set<Booking> &bookings) {
    std::set<std::pair<Id, Id>> out;
    for (const Booking &b : bookings) out.insert({b.class_id, b.teacher_id});
    return out;
}

} // namespace

TEST_CASE("truth: with co_teachers, every teacher a class's permissions list is booked too", "[truth]") {
    EventQuery with = event_of_period("Semester 1");
    with.co_teachers = true;
    const auto primary_only = truth(event_of_period("Semester 1")), all_teachers = truth(with);
    CHECK(std::includes(all_teachers.begin(), all_teachers.end(), primary_only.begin(), primary_only.end()));
    // The extra bookings are exactly the co-teachers of classes already booked.
    std::map<Id, Id> primary;
    for (const Record &c : records(school(), "academics/classes")) primary[id_of(*c)] = id_of(*c, "primary_teacher_id");
    std::set<std::pair<Id, Id>> co_teaching;
    for (const Record &p : records(school(), "academics/permissions")) {
        const Id class_id = id_of(*p->getObject("class")), person = id_of(*p->getObject("person"));
        if (person != primary.at(class_id)) co_teaching.insert({class_id, person});
    }
    REQUIRE(!co_teaching.empty());
    std::size_t extra = 0;
    for (const auto &pair : class_teachers(all_teachers))
        if (!class_teachers(primary_only).count(pair)) {
            CHECK(co_teaching.count(pair));
            ++extra;
        }
    CHECK(extra > 0);
}

TEST_CASE("truth: with class_terms, the class schedules decide which classes count, not the dates", "[truth]") {
    EventQuery terms = event_of_period("Semester 1");
    terms.class_terms = true;
    const auto by_dates = truth(event_of_period("Semester 1")), by_terms = truth(terms);
    std::set<Id> dated, scheduled;
    for (const Booking &b : by_dates) dated.insert(b.class_id);
    for (const Booking &b : by_terms) scheduled.insert(b.class_id);
    // Some classes dated for the whole year meet only in Semester 2: at least one of each level.
    CHECK(std::includes(dated.begin(), dated.end(), scheduled.begin(), scheduled.end()));
    CHECK(scheduled.size() < dated.size());
    std::set<Id> levels_left_out;
    for (const Record &c : records(school(), "academics/classes"))
        if (dated.count(id_of(*c)) && !scheduled.count(id_of(*c))) levels_left_out.insert(id_of(*c, "school_level"));
    CHECK(levels_left_out.size() == 3);
    const auto semester = period_ids(school(), "Semester 1");
    std::set<Id> meets_in_semester_1;
    for (const Record &m : records(school(), "academics/class_schedules"))
        if (std::count(semester.begin(), semester.end(), id_of(*m->getObject("grading_period"))))
            meets_in_semester_1.insert(id_of(*m, "internal_class_id"));
    for (Id c : scheduled) CHECK(meets_in_semester_1.count(c));
    for (Id c : dated)
        if (!scheduled.count(c)) CHECK_FALSE(meets_in_semester_1.count(c));
}

TEST_CASE("truth: on named conference days, a student who left before or joined after does not count",
          "[truth]") {
    // A withdrawal inside Semester 1, from an enrollment the window alone counts.
    const auto whole_window = truth(event_of_period("Semester 1"));
    const Record *left = nullptr;
    for (const Record &e : records(school(), "academics/enrollments")) {
        const std::string withdrawn = text_of(*e, "date_withdrawn");
        if (withdrawn >= "2025-10-01" && withdrawn <= "2025-12-01" && present(*e, "person_id") &&
            std::any_of(whole_window.begin(), whole_window.end(), [&](const Booking &b) {
                return b.student_id == id_of(*e, "person_id") && b.class_id == id_of(*e, "internal_class_id");
            })) {
            left = &e;
            break;
        }
    }
    REQUIRE(left);
    const std::string withdrawn = text_of(**left, "date_withdrawn");
    const auto books = [&](const std::set<Booking> &bookings) {
        return std::any_of(bookings.begin(), bookings.end(), [&](const Booking &b) {
            return b.student_id == id_of(**left, "person_id") && b.class_id == id_of(**left, "internal_class_id");
        });
    };
    EventQuery before = event_of_period("Semester 1"), on = event_of_period("Semester 1"), after = event_of_period("Semester 1"), both = event_of_period("Semester 1");
    before.conference_days = {"2025-09-25"};
    on.conference_days = {withdrawn};
    after.conference_days = {"2025-12-10"};
    both.conference_days = {"2025-12-10", "2025-09-25"};
    CHECK(books(truth(before)));
    CHECK(books(truth(on))); // inclusive: withdrawn that day, still in class
    CHECK_FALSE(books(truth(after)));
    CHECK(books(truth(both)));
    // Staff who leave between that day and the window's end are still there
    // on it (terminated counts at the last conference day, else the window's
    // end): only their bookings are gained; every other booking can only go.
    std::string window_end;
    for (const Record &p : records(school(), "academics/config/grading_periods"))
        if (text_of(*p, "description") == "Semester 1") window_end = std::max(window_end, text_of(*p, "end_date").substr(0, 10));
    std::set<Id> still_there_that_day;
    for (const Record &s : records(school(), "staff_faculty")) {
        const std::string left_on = text_of(*s, "date_terminated").substr(0, 10);
        if (!left_on.empty() && left_on >= after.conference_days.front() && left_on < window_end)
            still_there_that_day.insert(id_of(*s));
    }
    REQUIRE(!still_there_that_day.empty()); // the generator's teacher who leaves in December
    std::set<Booking> later, gained;
    for (const Booking &b : truth(after)) (still_there_that_day.count(b.teacher_id) ? gained : later).insert(b);
    CHECK(!gained.empty());
    for (const Booking &b : gained) CHECK_FALSE(whole_window.count(b));
    CHECK(std::includes(whole_window.begin(), whole_window.end(), later.begin(), later.end()));
    CHECK(later.size() < whole_window.size());
}
