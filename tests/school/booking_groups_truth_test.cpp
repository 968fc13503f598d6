// booking_groups_truth on generated schools: the generator's split families
// (the scripted Kowalski family, random families whose father lives
// elsewhere) come out split, one group per household the generator put the
// parents in; families in one home do not; the event option turns it off.
#include "test_records.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace vcsim;
using namespace vcsim::test;

namespace {

// student -> the groups of its parents who book.
std::map<Id, std::set<std::string>> groups_by_student(const std::map<std::pair<Id, Id>, std::string> &groups) {
    std::map<Id, std::set<std::string>> out;
    for (const auto &[pair, group] : groups) out[pair.second].insert(group);
    return out;
}

} // namespace

TEST_CASE("the generator's records name the household it put each parent in") {
    const School school = generate_school({"demo", 7, 500});
    REQUIRE(school.parent_homes.size() == records(school, "parents").size());
    for (const Record &p : records(school, "parents")) CHECK(school.parent_homes.at(id_of(*p)) == id_of(*p, "household_id"));
}

TEST_CASE("split families book once per household in the ground truth and others are not split") {
    for (const auto &spec : {SchoolSpec{"demo", 1, 50}, SchoolSpec{"demo", 7, 500}}) {
        INFO("seed " << spec.seed << ", " << spec.students << " students");
        const School school = generate_school(spec);
        const auto groups = booking_groups_truth(school, event_of_period("Semester 1"));
        REQUIRE(!groups.empty());
        int split = 0, whole = 0;
        for (const auto &[student, found] : groups_by_student(groups)) {
            std::set<Id> homes; // the households the generator put the student's booking parents in
            for (const auto &[pair, group] : groups)
                if (pair.second == student) homes.insert(school.parent_homes.at(pair.first));
            if (homes.size() > 1) {
                ++split;
                std::set<std::string> want;
                for (Id home : homes) want.insert("household-" + std::to_string(home));
                CHECK(found == want);
            } else {
                ++whole;
                CHECK(found == std::set<std::string>{""});
            }
        }
        CHECK(split >= 1); // the scripted Kowalski family at least
        CHECK(whole > split);

        auto q = event_of_period("Semester 1");
        q.split_households = false;
        for (const auto &entry : booking_groups_truth(school, q)) CHECK(entry.second.empty());
    }
}

TEST_CASE("the scripted split family books in the mother's and the father's home and the step-mother joins the father's") {
    const School school = generate_school({"demo", 1, 50});
    const Id step_code = coded(school, "relationships", "relationship", "Step-Mother");
    Id kid = 0, step_mother = 0;
    for (const Record &r : records(school, "relationships"))
        if (id_of(*r, "relationship") == step_code) kid = id_of(*r, "person_id"), step_mother = id_of(*r, "related_person_id");
    REQUIRE(kid);
    std::map<Id, std::string> of_kid; // parent -> group
    for (const auto &[pair, group] : booking_groups_truth(school, event_of_period("Semester 1")))
        if (pair.second == kid) of_kid[pair.first] = group;
    REQUIRE(of_kid.size() == 3); // mother, father (no custody: books by default), step-mother
    const std::string step_home = "household-" + std::to_string(school.parent_homes.at(step_mother));
    std::set<std::string> homes;
    for (const auto &[parent, group] : of_kid) {
        CHECK(group == "household-" + std::to_string(school.parent_homes.at(parent)));
        homes.insert(group);
    }
    CHECK(homes.size() == 2);
    int with_step_mother = 0;
    for (const auto &entry : of_kid) with_step_mother += entry.second == step_home;
    CHECK(with_step_mother == 2); // she and the father

    // Custodial parents only: the mother alone books, and one household is no split.
    auto q = event_of_period("Semester 1");
    q.include_non_custodial = false;
    std::map<Id, std::string> custodial;
    for (const auto &[pair, group] : booking_groups_truth(school, q))
        if (pair.second == kid) custodial[pair.first] = group;
    REQUIRE(custodial.size() == 1);
    CHECK(custodial.begin()->second.empty());
}
