// The plan that gives each free request slot its page (fetch/page_plan.hpp),
// on its own and without threads: needed pages before speculative ones,
// speculation bounded so a collection's end costs at most max_in_flight - 1
// requests, counts and guesses from other collections' sizes.
#include "fetch/page_plan.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <map>
#include <vector>

using namespace veracross;

namespace {

PlannedCollection unknown(const std::string &name) { return {name, 0, false}; }

std::vector<PageAsk> drain(PagePlan &plan) {
    std::vector<PageAsk> asks;
    while (auto a = plan.next()) asks.push_back(*a);
    return asks;
}

// Runs a plan against collections of the given sizes with `slots` request
// slots, answering the oldest request in flight each time. Returns the
// requests made per collection; checks the slots are never over-filled.
std::map<std::string, int> simulate(const std::vector<PlannedCollection> &collections,
                                    const std::map<std::string, int> &sizes, int page_size, int slots) {
    PagePlan plan(collections, page_size, slots);
    std::deque<PageAsk> in_flight;
    std::map<std::string, int> requests;
    for (int steps = 0; !plan.finished(); ++steps) {
        REQUIRE(steps < 100000);
        while (static_cast<int>(in_flight.size()) < slots) {
            auto a = plan.next();
            if (!a) break;
            ++requests[collections[a->collection].name];
            in_flight.push_back(*a);
        }
        REQUIRE(!in_flight.empty()); // the plan never stalls with nothing asked
        const PageAsk a = in_flight.front();
        in_flight.pop_front();
        const int total = sizes.at(collections[a.collection].name);
        const int on_page = std::max(0, std::min(page_size, total - (a.page - 1) * page_size));
        plan.answered(a.collection, a.page, static_cast<std::size_t>(on_page));
    }
    for (std::size_t i = 0; i < collections.size(); ++i)
        CHECK(plan.records(i) == static_cast<std::uint64_t>(sizes.at(collections[i].name)));
    return requests;
}

} // namespace

TEST_CASE("page 1 of every collection comes first and the usually longest collection leads") {
    PagePlan plan({unknown("staff_faculty"), unknown("students"), unknown("enrollments")}, 10, 8);
    const auto asks = drain(plan);
    REQUIRE(asks.size() == 3); // nothing else is known to exist, nor worth a guess yet
    CHECK(asks[0].collection == 2); // enrollments: its chain is usually the longest
    for (const auto &a : asks) {
        CHECK(a.page == 1);
        CHECK(a.needed);
    }
}

TEST_CASE("the page after each full page is asked for before any speculative page") {
    PagePlan plan({unknown("students"), unknown("parents"), unknown("enrollments")}, 10, 8);
    drain(plan);
    plan.answered(0, 1, 10); // students: full
    plan.answered(1, 1, 3);  // parents: short, the end
    plan.answered(2, 1, 10); // enrollments: full
    const auto asks = drain(plan);
    REQUIRE(asks.size() >= 2);
    CHECK(asks[0].needed);
    CHECK(asks[1].needed);
    CHECK(((asks[0].collection == 0 && asks[1].collection == 2) || (asks[0].collection == 2 && asks[1].collection == 0)));
    for (std::size_t i = 2; i < asks.size(); ++i) {
        CHECK_FALSE(asks[i].needed);
        CHECK(asks[i].collection != 1); // an ended collection gets nothing more
    }
    CHECK(plan.finished(1));
    CHECK(plan.records(1) == 3);
}

TEST_CASE("speculative pages go to the collection the students seen say is longest") {
    PagePlan plan({unknown("students"), unknown("parents"), unknown("enrollments")}, 10, 8);
    drain(plan);
    plan.answered(0, 1, 10);
    plan.answered(1, 1, 10);
    plan.answered(2, 1, 10);
    drain(plan); // students 2, parents 2, enrollments 2 and guesses
    plan.answered(0, 2, 10);
    plan.answered(0, 3, 4); // 24 students: about 120 enrollments (13 pages), 34 parents (4 pages)
    std::vector<PageAsk> speculative;
    for (const auto &a : drain(plan))
        if (!a.needed) speculative.push_back(a);
    REQUIRE(!speculative.empty());
    CHECK(speculative.front().collection == 2);
}

TEST_CASE("a collection's end costs at most max_in_flight - 1 requests and nothing is lost") {
    for (const int slots : {1, 2, 4, 8}) {
        for (const int enrollments : {0, 9, 10, 11, 95, 100, 240}) {
            INFO(slots << " slots, " << enrollments << " enrollments");
            const std::vector<PlannedCollection> c{unknown("students"), unknown("parents"), unknown("enrollments"),
                                                   unknown("classes")};
            const std::map<std::string, int> sizes{
                {"students", 25}, {"parents", 31}, {"enrollments", enrollments}, {"classes", 7}};
            const auto requests = simulate(c, sizes, 10, slots);
            for (const auto &s : sizes) {
                const int pages = s.second / 10 + 1;
                CHECK(requests.at(s.first) >= pages);
                CHECK(requests.at(s.first) <= pages + (pages > 1 ? slots - 1 : 0));
            }
        }
    }
}

TEST_CASE("expected pages are needed pages: asked at once and none past them while they hold") {
    PagePlan plan({{"enrollments", 25, true}}, 10, 8);
    const auto asks = drain(plan);
    REQUIRE(asks.size() == 3); // 10, 10, 5
    for (int i = 0; i < 3; ++i) {
        CHECK(asks[i].page == i + 1);
        CHECK(asks[i].needed);
    }
    plan.answered(0, 1, 10);
    plan.answered(0, 2, 10);
    CHECK_FALSE(plan.next()); // page 3 may still be the last
    plan.answered(0, 3, 10);  // grown since: the next page is needed, and speculation resumes
    const auto more = drain(plan);
    REQUIRE(!more.empty());
    CHECK(more[0].page == 4);
    CHECK(more[0].needed);
}

TEST_CASE("a short page ends a collection: pages past it do not count and every page before it is awaited") {
    PagePlan plan({unknown("enrollments")}, 10, 4);
    drain(plan);
    plan.answered(0, 1, 10);
    drain(plan);
    plan.answered(0, 2, 10);
    const auto asks = drain(plan);
    REQUIRE(std::any_of(asks.begin(), asks.end(), [](const PageAsk &a) { return a.page == 4; }));
    plan.answered(0, 4, 10); // page 4 full before page 3 came back
    plan.answered(0, 3, 6);  // page 3 short: the end, page 4 was asked in vain
    CHECK(plan.end_page(0) == 3);
    CHECK(plan.finished(0));
    CHECK(plan.records(0) == 26);
    CHECK_FALSE(plan.next());
}

TEST_CASE("a collection is not finished while a page before its end is still out") {
    PagePlan plan({unknown("enrollments")}, 10, 4);
    drain(plan);
    plan.answered(0, 1, 10);
    drain(plan);
    plan.answered(0, 3, 2); // page 2 still out
    CHECK(plan.end_page(0) == 3);
    CHECK_FALSE(plan.finished(0));
    CHECK_FALSE(plan.finished());
    plan.answered(0, 2, 10);
    CHECK(plan.finished());
}

TEST_CASE("a short page before a known end becomes the end and the records past it do not count") {
    PagePlan plan({unknown("enrollments")}, 10, 4);
    drain(plan);
    plan.answered(0, 1, 10);
    plan.answered(0, 3, 4); // read first: the end, as far as known
    plan.answered(0, 2, 7); // short too (the collection shrank meanwhile): the real end
    CHECK(plan.end_page(0) == 2);
    CHECK(plan.finished(0));
    CHECK(plan.records(0) == 17);
}

TEST_CASE("a collection's end costs at most max_in_flight - 1 requests past its last full page however large the guess") {
    // 30 students guess about 150 enrollments (15 pages); enrollments' page 1
    // is full and every later page is still out: the plan may ask ahead, but
    // only up to the page after the last full one plus max_in_flight - 1.
    const int slots = 4;
    PagePlan plan({{"students", 30, true}, unknown("enrollments")}, 10, slots);
    int highest_enrollments_page = 0;
    for (int round = 0; round < 50; ++round) {
        const auto asks = drain(plan);
        if (asks.empty()) break;
        for (const PageAsk &a : asks) {
            if (a.collection == 1) {
                highest_enrollments_page = std::max(highest_enrollments_page, a.page);
                if (a.page == 1) plan.answered(1, 1, 10); // full: more may follow
                continue;                                 // later pages stay out
            }
            plan.answered(0, a.page, static_cast<std::size_t>(std::max(0, std::min(10, 30 - (a.page - 1) * 10))));
        }
    }
    CHECK(highest_enrollments_page > 2);          // the guess made it ask ahead
    CHECK(highest_enrollments_page <= 1 + slots); // and no further than the bound
}

TEST_CASE("with more collections than slots the first round leaves out the one with no guess of its length") {
    // The nine collections of an import with both optional scopes, in import order.
    PagePlan plan({unknown("staff_faculty"), unknown("parents"), unknown("students"), unknown("relationships"),
                   unknown("grading_periods"), unknown("classes"), unknown("enrollments"), unknown("permissions"),
                   unknown("class_schedules")},
                  1000, 8);
    const auto asks = drain(plan);
    REQUIRE(asks.size() == 9);
    // Class meetings are often several pages: never the page 1 left for the second round.
    CHECK(asks.back().collection == 4);
    CHECK(asks.front().collection == 6);
}

TEST_CASE("class meetings get speculative pages from the students seen") {
    PagePlan plan({unknown("students"), unknown("class_schedules")}, 10, 8);
    drain(plan);
    plan.answered(0, 1, 10);
    plan.answered(0, 2, 10);
    plan.answered(0, 3, 10); // 30 students so far: about 42 class meetings, 5 pages
    plan.answered(1, 1, 10);
    int class_schedule_pages = 0;
    for (const auto &a : drain(plan))
        if (a.collection == 1) ++class_schedule_pages;
    CHECK(class_schedule_pages >= 4); // pages 2 to 5 at once, not 2 and then the doubling
}
