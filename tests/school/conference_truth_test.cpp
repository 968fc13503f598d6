// conference_truth on tiny hand-made schools, where each rule can be checked
// by eye, and on generated schools' scripted cases.
#include "test_records.hpp"

#include <catch2/catch.hpp>

using namespace vcsim;
using namespace vcsim::test;

namespace {

Poco::Dynamic::Var date(const char *day) { return day ? Poco::Dynamic::Var(std::string(day)) : Poco::Dynamic::Var(); }

// A school built record by record, with only the fields the rules read.
struct TinySchool {
    School school;
    Id next_id = 1;

    TinySchool() {
        for (const char *path : {"staff_faculty", "parents", "students", "relationships", "academics/config/grading_periods",
                                 "academics/classes", "academics/enrollments"})
            school.resources[path].path = path;
    }

    Record add(const std::string &path) {
        Record r = new Poco::JSON::Object;
        r->set("id", next_id++);
        school.resources[path].records.push_back(r);
        return r;
    }

    Id period(const char *start, const char *end) {
        Record p = add("academics/config/grading_periods");
        p->set("start_date", date(start));
        p->set("end_date", date(end));
        return id_of(*p);
    }
    Id teacher() { return id_of(*add("staff_faculty")); }
    Id parent() { return id_of(*add("parents")); }
    Id student(Id grade_level = 1, Id advisor = 0, Id homeroom_teacher = 0) {
        Record s = add("students");
        s->set("grade_level", grade_level);
        for (auto [field, id] : {std::pair{"advisor", advisor}, std::pair{"homeroom_teacher", homeroom_teacher}}) {
            Record ref = new Poco::JSON::Object;
            ref->set("id", id ? Poco::Dynamic::Var(id) : Poco::Dynamic::Var());
            s->set(field, ref);
        }
        return id_of(*s);
    }
    Id klass(Id teacher, const char *begin = "2025-09-02", const char *end = "2026-06-05", Id level = 1) {
        Record c = add("academics/classes");
        c->set("primary_teacher_id", teacher ? Poco::Dynamic::Var(teacher) : Poco::Dynamic::Var());
        c->set("begin_date", date(begin));
        c->set("end_date", date(end));
        c->set("school_level", level);
        return id_of(*c);
    }
    void enroll(Id student, Id class_id, const char *late = nullptr, const char *withdrawn = nullptr) {
        Record e = add("academics/enrollments");
        e->set("person_id", student);
        e->set("internal_class_id", class_id);
        e->set("late_date_enrolled", date(late));
        e->set("date_withdrawn", date(withdrawn));
    }
    void relate(Id person, Id related, bool portal = true, bool custody = true, bool deceased = false) {
        Record r = add("relationships");
        r->set("person_id", person);
        r->set("related_person_id", related);
        r->set("parent_portal_access", portal);
        r->set("legal_custody", custody);
        r->set("related_person_is_deceased", deceased);
    }
};

// A school with one parent, one student and one class in term, and the
// window of its one grading period, 2025-09-02..2025-10-31.
struct OneFamily : TinySchool {
    Id quarter = period("2025-09-02T00:00:00Z", "2025-10-31T00:00:00Z");
    Id mr_t = teacher();
    Id mom = parent();
    Id kid = student();
    Id english = klass(mr_t);

    EventQuery event(bool without_portal = false, bool non_custodial = true, bool advisors = false) const {
        EventQuery q;
        q.grading_period_ids = {quarter};
        q.include_without_portal_access = without_portal;
        q.include_non_custodial = non_custodial;
        q.include_advisors = advisors;
        return q;
    }
    std::vector<Booking> truth(const EventQuery &q) const { return conference_truth(school, q); }
    std::vector<Booking> truth() const { return truth(event()); }
};

Booking booking(Id parent, Id student, Id teacher, Id class_id, const char *reason = "class") {
    return {parent, student, teacher, class_id, reason};
}

} // namespace

TEST_CASE("truth: a parent books the teacher of each class of the child", "[truth]") {
    OneFamily s;
    s.enroll(s.kid, s.english);
    s.relate(s.kid, s.mom);
    CHECK(s.truth() == std::vector<Booking>{booking(s.mom, s.kid, s.mr_t, s.english)});
}

TEST_CASE("truth: enrollment dates count inclusively against the window", "[truth]") {
    OneFamily s;
    s.relate(s.kid, s.mom);
    const Id c1 = s.klass(s.mr_t), c2 = s.klass(s.mr_t), c3 = s.klass(s.mr_t), c4 = s.klass(s.mr_t);
    s.enroll(s.kid, c1, nullptr, "2025-09-01"); // withdrawn the day before the window: no
    s.enroll(s.kid, c2, nullptr, "2025-09-02"); // withdrawn on its first day: yes
    s.enroll(s.kid, c3, "2025-11-01");          // joined the day after it: no
    s.enroll(s.kid, c4, "2025-10-31");          // joined on its last day: yes
    CHECK(s.truth() == std::vector<Booking>{booking(s.mom, s.kid, s.mr_t, c2), booking(s.mom, s.kid, s.mr_t, c4)});
}

TEST_CASE("truth: classes count when their dates overlap the window, and a missing end date is open", "[truth]") {
    OneFamily s;
    s.relate(s.kid, s.mom);
    const Id before = s.klass(s.mr_t, "2024-09-03", "2025-06-06");
    const Id after = s.klass(s.mr_t, "2025-11-03", "2026-01-23");
    const Id open_ended = s.klass(s.mr_t, "2025-09-15", nullptr);
    const Id touching = s.klass(s.mr_t, "2025-10-31", "2026-01-23");
    for (Id c : {before, after, open_ended, touching}) s.enroll(s.kid, c);
    CHECK(s.truth() == std::vector<Booking>{booking(s.mom, s.kid, s.mr_t, open_ended), booking(s.mom, s.kid, s.mr_t, touching)});
}

TEST_CASE("truth: portal access, custody and death decide who may book", "[truth]") {
    OneFamily s;
    s.enroll(s.kid, s.english);
    const Id no_portal = s.parent(), no_custody = s.parent(), deceased = s.parent();
    s.relate(s.kid, no_portal, false);
    s.relate(s.kid, no_custody, true, false);
    s.relate(s.kid, deceased, true, true, true);
    auto parents = [&](const EventQuery &q) {
        std::vector<Id> out;
        for (const Booking &b : s.truth(q)) out.push_back(b.parent_id);
        return out;
    };
    CHECK(parents(s.event()) == std::vector<Id>{no_custody});                 // the defaults
    CHECK(parents(s.event(true)) == std::vector<Id>{no_portal, no_custody});  // + without portal access
    CHECK(parents(s.event(false, false)).empty());                            // custodial only
    CHECK(parents(s.event(true, true)) == std::vector<Id>{no_portal, no_custody}); // never the deceased
}

TEST_CASE("truth: a pair listed in both directions books once, and the student's record decides", "[truth]") {
    OneFamily s;
    s.enroll(s.kid, s.english);
    s.relate(s.kid, s.mom);
    s.relate(s.mom, s.kid);
    const Id dad = s.parent(), step = s.parent(), reverse_only = s.parent();
    s.relate(s.kid, dad, false); // the student's record says no portal access...
    s.relate(dad, s.kid, true);  // ...the reverse one says yes: no
    s.relate(s.kid, step, true);
    s.relate(step, s.kid, false); // and the other way round: yes
    s.relate(reverse_only, s.kid);
    CHECK(s.truth() == std::vector<Booking>{booking(s.mom, s.kid, s.mr_t, s.english), booking(step, s.kid, s.mr_t, s.english),
                                            booking(reverse_only, s.kid, s.mr_t, s.english)});
}

TEST_CASE("truth: only related persons listed in /parents book", "[truth]") {
    OneFamily s;
    s.enroll(s.kid, s.english);
    const Id aunt_on_staff = s.teacher(), brother = s.student();
    s.relate(s.kid, aunt_on_staff);
    s.relate(s.kid, brother);
    s.relate(s.kid, 999999); // nobody
    CHECK(s.truth().empty());
}

TEST_CASE("truth: no teacher, no booking", "[truth]") {
    OneFamily s;
    s.relate(s.kid, s.mom);
    const Id study_hall = s.klass(0), unknown_teacher = s.klass(424242);
    s.enroll(s.kid, study_hall);
    s.enroll(s.kid, unknown_teacher);
    CHECK(s.truth().empty());
}

TEST_CASE("truth: school and grade levels narrow the event", "[truth]") {
    OneFamily s;
    s.relate(s.kid, s.mom);
    const Id upper = s.klass(s.mr_t, "2025-09-02", "2026-06-05", 4);
    s.enroll(s.kid, s.english);
    s.enroll(s.kid, upper);
    EventQuery q = s.event();
    q.school_levels = {4};
    CHECK(s.truth(q) == std::vector<Booking>{booking(s.mom, s.kid, s.mr_t, upper)});
    q.school_levels.clear();
    q.grade_levels = {2};
    CHECK(s.truth(q).empty());
    q.grade_levels = {1, 2};
    CHECK(s.truth(q).size() == 2);
}

TEST_CASE("truth: advisors and homeroom teachers with include_advisors, for students in the event", "[truth]") {
    OneFamily s;
    const Id advisor = s.teacher();
    const Id advised = s.student(1, advisor, s.mr_t), not_in_event = s.student(1, advisor, s.mr_t);
    s.enroll(advised, s.english);
    s.relate(advised, s.mom);
    s.relate(not_in_event, s.mom);
    CHECK(s.truth().size() == 1);
    CHECK(s.truth(s.event(false, true, true)) ==
          std::vector<Booking>{booking(s.mom, advised, s.mr_t, 0, "homeroom"), booking(s.mom, advised, s.mr_t, s.english),
                               booking(s.mom, advised, advisor, 0, "advisor")});
}

TEST_CASE("truth: the window spans every chosen grading period, and unknown periods give nothing", "[truth]") {
    OneFamily s;
    s.relate(s.kid, s.mom);
    const Id spring = s.period("2026-01-26", "2026-03-27");
    const Id winter_class = s.klass(s.mr_t, "2025-11-03", "2026-01-23"); // between the two periods
    s.enroll(s.kid, winter_class);
    EventQuery q = s.event();
    CHECK(s.truth(q).empty());
    q.grading_period_ids = {spring, s.quarter};
    CHECK(s.truth(q).size() == 1); // 2025-09-02..2026-03-27 covers the winter
    q.grading_period_ids = {spring, 777777};
    CHECK(s.truth(q).empty());
    q.grading_period_ids.clear();
    CHECK(s.truth(q).empty());
}

namespace {

// The scripted families' people, found from their records.
struct Scripted {
    Id deceased_parent = 0, no_portal_reverse_parent = 0, non_custodial_father = 0, aunt_on_staff = 0;
    Id withdrawn_in_october = 0, joined_in_january = 0;

    explicit Scripted(const School &school) {
        const auto parents = ids(school, "parents"), staff = ids(school, "staff_faculty");
        const auto students = ids(school, "students");
        std::set<std::pair<Id, Id>> natural;
        for (const Record &r : records(school, "relationships"))
            natural.insert({id_of(*r, "person_id"), id_of(*r, "related_person_id")});
        for (const Record &r : records(school, "relationships")) {
            const Id person = id_of(*r, "person_id"), related = id_of(*r, "related_person_id");
            if (r->getValue<bool>("related_person_is_deceased")) deceased_parent = related;
            if (parents.count(person) && students.count(related) && !natural.count({related, person}) &&
                !r->getValue<bool>("parent_portal_access"))
                no_portal_reverse_parent = person;
            if (students.count(person) && parents.count(related) && !r->getValue<bool>("legal_custody") &&
                !non_custodial_father)
                non_custodial_father = related;
            if (students.count(person) && staff.count(related) && !parents.count(related)) aunt_on_staff = related;
        }
        for (const Record &s : records(school, "students")) {
            if (text_of(*s, "exit_date") == "2025-10-17") withdrawn_in_october = id_of(*s);
            if (text_of(*s, "entry_date") == "2026-01-26") joined_in_january = id_of(*s);
        }
    }
};

bool books(const std::vector<Booking> &bookings, Id person, bool as_parent = true) {
    return std::any_of(bookings.begin(), bookings.end(),
                       [&](const Booking &b) { return (as_parent ? b.parent_id : b.student_id) == person; });
}

} // namespace

TEST_CASE("truth: the generated school's scripted cases", "[truth]") {
    const School school = generate_school({"demo", 5, 300});
    const Scripted who(school);
    REQUIRE(who.deceased_parent);
    REQUIRE(who.no_portal_reverse_parent);
    REQUIRE(who.non_custodial_father);
    REQUIRE(who.aunt_on_staff);
    REQUIRE(who.withdrawn_in_october);
    REQUIRE(who.joined_in_january);

    EventQuery q1 = event_of_period("Q1");
    const auto defaults = conference_truth(school, q1);
    CHECK(defaults.size() > 300);
    CHECK(std::is_sorted(defaults.begin(), defaults.end()));
    CHECK(std::adjacent_find(defaults.begin(), defaults.end()) == defaults.end());
    CHECK_FALSE(books(defaults, who.no_portal_reverse_parent));
    CHECK(books(defaults, who.non_custodial_father));
    CHECK_FALSE(books(defaults, who.aunt_on_staff));

    EventQuery everyone = q1;
    everyone.include_without_portal_access = true;
    const auto all = conference_truth(school, everyone);
    CHECK(books(all, who.no_portal_reverse_parent));
    CHECK_FALSE(books(all, who.deceased_parent));
    CHECK(books(all, who.withdrawn_in_october, false));
    CHECK_FALSE(books(all, who.joined_in_january, false));

    EventQuery custodial = q1;
    custodial.include_non_custodial = false;
    CHECK_FALSE(books(conference_truth(school, custodial), who.non_custodial_father));

    EventQuery q3 = event_of_period("Q3");
    q3.include_without_portal_access = true;
    const auto spring = conference_truth(school, q3);
    CHECK_FALSE(books(spring, who.withdrawn_in_october, false));
    CHECK(books(spring, who.joined_in_january, false));

    // Classes without a teacher never appear.
    std::set<Id> untaught;
    for (const Record &c : records(school, "academics/classes"))
        if (c->isNull("primary_teacher_id")) untaught.insert(id_of(*c));
    REQUIRE_FALSE(untaught.empty());
    for (const Booking &b : all) CHECK_FALSE(untaught.count(b.class_id));

    EventQuery with_advisors = q1;
    with_advisors.include_advisors = true;
    const auto advised = conference_truth(school, with_advisors);
    CHECK(advised.size() > defaults.size());
    CHECK(std::count_if(advised.begin(), advised.end(), [](const Booking &b) { return b.reason == "advisor"; }) > 0);
}
