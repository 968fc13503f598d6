// The parallel fetch against a fake page source: every page read once and
// joined in page order, the end found from a short page, never more
// requests in flight than the window, errors and cancellation stop
// everything, and host callbacks stay on the host's thread. No wall-clock
// bounds: waits that a broken fetch would make hang are long and counted.
#include "records/page_reader.hpp"
#include "common/plugin_error.hpp"
#include "fetch/school_fetcher.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

using namespace veracross;

namespace {

// Serves `counts[name]` records per collection, `page_size` at a time.
class FakeSource : public PageSource {
public:
    std::map<std::string, int> counts{{"staff_faculty", 3},   {"parents", 5},  {"students", 4},
                                      {"relationships", 6},   {"grading_periods", 1},
                                      {"classes", 2},         {"enrollments", 7}};
    std::string fail_on; // collection name whose page 2 fails
    std::atomic<int> requests{0};
    std::mutex mutex;
    std::set<std::pair<std::string, int>> seen;
    std::set<std::thread::id> threads;
    std::map<std::string, int> in_flight, most_in_flight; // per collection
    int in_flight_total = 0, most_in_flight_total = 0;    // over the school
    std::map<std::string, int> requests_of;
    // (collection, page): that page waits until this many requests of its
    // collection ("" : of the school) were made, itself included: proof
    // that later pages were asked for while it was still out.
    std::map<std::pair<std::string, int>, int> wait_for_company;
    std::condition_variable company;
    bool stall_everything = false;      // every page waits until cancelled
    std::atomic<int> timed_out{0};      // waits that ran out: the fetch did not do its part
    std::chrono::milliseconds delay{0}; // per request: lets requests overlap
    std::string stall_past_end_of;      // collection whose pages past its end hang until cancelled
    // Those pages do not hear their cancel either (an HTTP exchange blocked
    // in a read): only abandon_in_flight() ends them.
    bool deaf_past_end = false;
    std::atomic<int> abandon_calls{0};
    // Pages out, and how many of them were not past their collection's end
    // when abandon_in_flight() was called (pages the fetch still needed).
    std::set<std::pair<std::string, int>> out;
    int page_size_seen = 1;
    int needed_out_at_abandon = 0;

    bool past_end(const std::string &name, int page, int size) const { return (page - 1) * size > counts.at(name); }

    void abandon_in_flight() override {
        std::lock_guard<std::mutex> lock(mutex);
        ++abandon_calls;
        for (const auto &p : out) needed_out_at_abandon += past_end(p.first, p.second, page_size_seen) ? 0 : 1;
    }
    std::atomic<int> repeated{0}, abandoned{0};
    // (collection, page) -> another page of it: the first comes back only
    // after the second has (and a little later, so the fetch has read it).
    std::map<std::pair<std::string, int>, int> back_after;
    std::set<std::pair<std::string, int>> back;

    std::size_t fetch_page(const ImportResource &r, int page, int size, const std::map<std::string, std::string> &,
                           bool value_lists, const HostServices &host, SchoolData &into) override {
        {
            // Counted under the lock with the in-flight numbers: a page let go
            // by the count must already see this request in flight.
            std::lock_guard<std::mutex> lock(mutex);
            ++requests;
            out.emplace(r.name, page);
            page_size_seen = size;
            if (!seen.emplace(r.name, page).second) ++repeated; // checked on the test's thread

            threads.insert(std::this_thread::get_id());
            ++requests_of[r.name];
            most_in_flight[r.name] = std::max(most_in_flight[r.name], ++in_flight[r.name]);
            most_in_flight_total = std::max(most_in_flight_total, ++in_flight_total);
        }
        company.notify_all();
        auto company_wanted = wait_for_company.find({r.name, page});
        if (company_wanted == wait_for_company.end()) company_wanted = wait_for_company.find({"", page});
        if (company_wanted != wait_for_company.end()) {
            std::unique_lock<std::mutex> lock(mutex);
            if (!company.wait_for(lock, std::chrono::seconds(60), [&] {
                    const int made = company_wanted->first.first.empty() ? requests.load() : requests_of[r.name];
                    return made >= company_wanted->second;
                }))
                ++timed_out;
        }
        std::this_thread::sleep_for(delay);
        const auto after = back_after.find({r.name, page});
        if (after != back_after.end()) {
            std::unique_lock<std::mutex> lock(mutex);
            if (!company.wait_for(lock, std::chrono::seconds(60), [&] { return back.count({r.name, after->second}) > 0; }))
                ++timed_out;
            lock.unlock();
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (stall_everything) {
            const auto given_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
            while (!host.cancelled() && std::chrono::steady_clock::now() < given_up)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            if (!host.cancelled()) ++timed_out;
            ++abandoned;
            throw PluginError(veracross::Status::cancelled, "cancelled", "stopped");
        }
        // A page past the end of a collection: Veracross would answer it
        // empty, but this one waits (as for the rate budget) until it is
        // no longer wanted.
        if (r.name == stall_past_end_of && past_end(r.name, page, size)) {
            const auto let_go = [&] { return deaf_past_end ? abandon_calls.load() > 0 : host.cancelled(); };
            const auto given_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
            while (!let_go() && std::chrono::steady_clock::now() < given_up)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            if (!let_go()) ++timed_out;
            {
                std::lock_guard<std::mutex> lock(mutex);
                out.erase({r.name, page});
            }
            ++abandoned;
            throw PluginError(veracross::Status::cancelled, "cancelled", "no longer wanted");
        }
        {
            std::lock_guard<std::mutex> lock(mutex);
            --in_flight[r.name];
            --in_flight_total;
            out.erase({r.name, page});
        }
        if (r.name == fail_on && page == 2)
            throw PluginError(veracross::Status::remote_error, "http_500", "boom");
        const int total = counts.at(r.name);
        std::string body = "{\"data\":[";
        for (int i = (page - 1) * size; i < std::min(total, page * size); ++i) {
            body += i > (page - 1) * size ? "," : "";
            const int id = i + 1;
            if (r.name == "relationships")
                body += "{\"id\":" + std::to_string(id) + ",\"person_id\":1,\"related_person_id\":2}";
            else if (r.name == "enrollments")
                body += "{\"id\":" + std::to_string(id) + ",\"internal_class_id\":1,\"person_id\":2}";
            else
                body += "{\"id\":" + std::to_string(id) + "}";
        }
        body += "]";
        {
            std::lock_guard<std::mutex> lock(mutex);
            back.emplace(r.name, page);
        }
        company.notify_all();
        if (value_lists) body += R"(,"value_lists":[{"fields":["grade_level"],"items":[{"id":9,"description":"Grade 9"}]}])";
        return read_page(into, r, body + "}");
    }
};

struct Recorder {
    std::thread::id caller = std::this_thread::get_id();
    bool wrong_thread = false;
    int progress_calls = 0;
    std::atomic<bool> cancel{false};
};

HostServices services_for(Recorder &r) {
    return HostServices(
        nullptr,
        [&r](const std::string &, uint64_t, uint64_t) {
            r.progress_calls++;
            if (std::this_thread::get_id() != r.caller) r.wrong_thread = true;
        },
        [&r] {
            if (std::this_thread::get_id() != r.caller) r.wrong_thread = true;
            return r.cancel.load();
        });
}

// One fetch_school call with a recording host: what every case below needs.
struct FetchRun {
    Recorder rec;
    HostServices services = services_for(rec);
    FetchStats stats;
    WorkerHost workers;
    SchoolData operator()(FakeSource &source, const FetchOptions &options) {
        return fetch_school(source, services, workers, options, stats);
    }
};

// Requests a collection of `records` records may cost: every page to its
// end, and at most window - 1 asked past the end of a long one.
void check_requests(FakeSource &source, const std::string &name, int page_size, int window) {
    INFO(name);
    const int pages = source.counts.at(name) / page_size + 1;
    CHECK(source.requests_of[name] >= pages);
    CHECK(source.requests_of[name] <= pages + (pages > 1 ? window - 1 : 0));
}

} // namespace

TEST_CASE("every page of every collection is fetched once and joined in page order") {
    FakeSource source;
    FetchRun fetch;
    FetchOptions options;
    options.page_size = 2;
    SchoolData d = fetch(source, options);
    CHECK(d.staff.size() == 3);
    CHECK(d.parents.size() == 5);
    CHECK(d.students.size() == 4);
    CHECK(d.relationships.size() == 6);
    REQUIRE(d.enrollments.size() == 7);
    for (std::size_t i = 0; i < d.enrollments.size(); ++i) CHECK(d.enrollments[i].id == Id(i + 1));
    // n/2 + 1 pages (the last one short or empty) to see each end.
    CHECK(fetch.stats.pages == 2 + 3 + 3 + 4 + 1 + 2 + 4);
    for (const auto &c : source.counts) check_requests(source, c.first, options.page_size, options.window);
    CHECK(source.requests_of["grading_periods"] == 1); // one page: nothing asked ahead
    CHECK(source.repeated == 0); // never the same page twice
    CHECK(source.most_in_flight_total <= options.window);
    CHECK(d.value_lists.describe("grade_level", 9) == "Grade 9");
    CHECK(fetch.rec.progress_calls > 0);
    CHECK_FALSE(fetch.rec.wrong_thread);
}

TEST_CASE("the first pages of every collection go out together, a slot's or a reader's each, and a collection's end still costs at most window - 1") {
    // Each first page waits until window + readers requests were made: a
    // fetch that sent them one by one, or left its readers idle, would leave
    // the first waiting (counted as timed out). With readers the page source
    // caps its own requests in flight (DataApiPages); the plan still
    // speculates by the window.
    for (const auto &[window, readers] : {std::pair{7, 0}, std::pair{3, 2}}) {
        INFO("window " << window << ", readers " << readers);
        FakeSource source;
        source.wait_for_company[{"", 1}] = window + readers;
        FetchRun fetch;
        FetchOptions options;
        options.page_size = 2;
        options.window = window;
        options.readers = readers;
        SchoolData d = fetch(source, options);
        CHECK(source.timed_out == 0);
        CHECK(source.most_in_flight_total == window + readers);
        CHECK(source.repeated == 0);
        REQUIRE(d.enrollments.size() == 7);
        for (std::size_t i = 0; i < d.enrollments.size(); ++i) CHECK(d.enrollments[i].id == Id(i + 1));
        for (const auto &c : source.counts) check_requests(source, c.first, options.page_size, window);
    }
}

TEST_CASE("requests in flight never exceed the window over all collections") {
    for (const int window : {1, 3, 8}) {
        INFO("window " << window);
        FakeSource source;
        for (auto &c : source.counts) c.second *= 5;
        source.delay = std::chrono::milliseconds(1);
        FetchRun fetch;
        FetchOptions options;
        options.page_size = 2;
        options.window = window;
        SchoolData d = fetch(source, options);
        CHECK(d.enrollments.size() == 35);
        CHECK(source.most_in_flight_total <= window);
        for (const auto &c : source.counts) check_requests(source, c.first, options.page_size, window);
        CHECK(source.repeated == 0);
        CHECK(source.timed_out == 0);
    }
}

TEST_CASE("a long collection has its next pages in flight together in page order and its end costs at most window - 1 requests") {
    for (const int window : {1, 3, 8}) {
        INFO("window " << window);
        FakeSource source;
        source.counts = {{"staff_faculty", 1},   {"parents", 1}, {"students", 1}, {"relationships", 1},
                         {"grading_periods", 1}, {"classes", 1}, {"enrollments", 20}};
        // Page 3 waits until page 4 was asked for too: pages past a full one go in parallel.
        if (window >= 3) source.wait_for_company[{"enrollments", 3}] = 4;
        FetchRun fetch;
        FetchOptions options;
        options.page_size = 2;
        options.window = window;
        SchoolData d = fetch(source, options);
        REQUIRE(d.enrollments.size() == 20);
        for (std::size_t i = 0; i < d.enrollments.size(); ++i) CHECK(d.enrollments[i].id == Id(i + 1)); // page order
        // 17 pages hold the data (the empty 11th ends enrollments); a page asked
        // for past the end may be answered before it is let go, within window - 1.
        CHECK(fetch.stats.pages >= 6 + 11);
        CHECK(fetch.stats.pages <= std::uint64_t(6 + 11 + window - 1));
        CHECK(source.most_in_flight_total <= window);
        check_requests(source, "enrollments", options.page_size, window);
        CHECK(source.requests_of["students"] == 1);
        CHECK(source.repeated == 0);
        CHECK(source.timed_out == 0);
    }
}

TEST_CASE("a collection of an expected length has all its pages asked for at once, and none past its end") {
    FakeSource source;
    source.counts["enrollments"] = 20; // pages of 2: ten full, an empty eleventh ends it
    source.counts["parents"] = 20;
    source.counts["students"] = 20;
    FetchRun fetch;
    FetchOptions options;
    options.page_size = 2;
    options.window = 4;
    options.expected_records = {{"enrollments", 20}, // right
                                {"parents", 10},     // grew since: past the expected pages, as if unknown
                                {"students", 40}};   // shrank since: the end stops the rest
    SchoolData d = fetch(source, options);
    CHECK(d.enrollments.size() == 20);
    CHECK(d.parents.size() == 20);
    CHECK(d.students.size() == 20);
    CHECK(source.requests_of["enrollments"] == 11);
    CHECK(source.requests_of["parents"] <= 11 + options.window - 1);
    CHECK(source.requests_of["students"] <= 21); // at most the pages expected
    CHECK(source.most_in_flight_total <= options.window);
    CHECK(source.repeated == 0);
}

TEST_CASE("an empty page past the end that comes back before the page that ends the collection is not counted") {
    FakeSource source;
    source.counts["students"] = 4;            // pages of 2: 2, 2, then an empty third ends it
    source.back_after[{"students", 3}] = 4;   // the fourth (past the end, empty too) comes back first
    FetchRun fetch;
    FetchOptions options;
    options.page_size = 2;
    options.expected_records = {{"students", 10}}; // pages 1 to 6 asked for at once
    options.resources = {{"students", "students:list", "students", true}};
    SchoolData d = fetch(source, options);
    CHECK(source.timed_out == 0);
    CHECK(source.requests_of["students"] >= 4);
    CHECK(d.students.size() == 4);
    CHECK(fetch.stats.pages == 3);
}

TEST_CASE("a page asked for past a collection's end is let go at once whatever it waits for") {
    FakeSource source;
    source.counts["enrollments"] = 5; // pages of 2: 2, 2, 1 (short)
    source.stall_past_end_of = "enrollments";
    // The last page waits until a page past it was asked for.
    source.wait_for_company[{"enrollments", 3}] = 4;
    FetchRun fetch;
    FetchOptions options;
    options.page_size = 2;
    options.resources = {{"academics/enrollments", "academics.enrollments:list", "enrollments", true}};
    SchoolData d = fetch(source, options);
    CHECK(d.enrollments.size() == 5);
    CHECK(source.abandoned >= 1);
    CHECK(source.abandoned <= options.window - 1); // every page asked for past the end, no more
    CHECK(source.timed_out == 0); // let go when the end was seen, not when the stall ran out
    CHECK(source.repeated == 0);
}

TEST_CASE("once every collection is whole, the pages still out past an end are abandoned, not waited for") {
    FakeSource source;
    // Parents (5 records, pages of 2) end on page 3, which waits until a
    // page past it was asked for; pages past the end hear nothing but
    // abandon_in_flight(), like HTTP exchanges blocked in a read.
    source.stall_past_end_of = "parents";
    source.deaf_past_end = true;
    source.wait_for_company[{"parents", 3}] = 4;
    FetchRun fetch;
    FetchOptions options;
    options.page_size = 2;
    SchoolData d = fetch(source, options);
    CHECK(d.parents.size() == 5);
    CHECK(d.enrollments.size() == 7);
    CHECK(source.abandon_calls >= 1);
    CHECK(source.needed_out_at_abandon == 0); // only once nothing needed was out
    CHECK(source.timed_out == 0);             // let go by the abandon, not by the stall running out
    CHECK(source.repeated == 0);
}

TEST_CASE("a fetch with nothing asked past an end abandons nothing") {
    FakeSource source;
    FetchRun fetch;
    FetchOptions options;
    options.page_size = 2;
    options.window = 1; // one page after another: nothing speculative
    SchoolData d = fetch(source, options);
    CHECK(d.enrollments.size() == 7);
    CHECK(source.abandon_calls == 0);
}

TEST_CASE("one failing collection fails the whole fetch with its error") {
    FakeSource source;
    source.fail_on = "parents";
    FetchRun fetch;
    FetchOptions options;
    options.page_size = 2;
    try {
        fetch(source, options);
        FAIL("no error");
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::remote_error);
        CHECK(e.code() == "http_500");
    }
}

TEST_CASE("cancellation stops the fetch with status cancelled") {
    FakeSource source;
    for (auto &c : source.counts) c.second = 100000; // would take long
    FetchRun fetch;
    fetch.rec.cancel = true;
    FetchOptions options;
    options.page_size = 1;
    try {
        fetch(source, options);
        FAIL("not cancelled");
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::cancelled);
    }
    CHECK(source.requests < 10000);
    CHECK_FALSE(fetch.rec.wrong_thread);
}

TEST_CASE("a cancel stops every page in flight at once") {
    FakeSource source;
    source.stall_everything = true; // no page ever comes back on its own
    FetchRun fetch;
    FetchOptions options;
    options.page_size = 2;
    std::thread canceller([&] {
        std::unique_lock<std::mutex> lock(source.mutex);
        source.company.wait_for(lock, std::chrono::seconds(60), [&] { return source.in_flight_total >= 7; });
        fetch.rec.cancel = true;
    });
    try {
        fetch(source, options);
        FAIL("not cancelled");
    } catch (const PluginError &e) {
        CHECK(e.status() == veracross::Status::cancelled);
    }
    canceller.join();
    CHECK(source.timed_out == 0);        // every stalled page saw the cancel
    CHECK(source.requests <= options.window); // nothing new after it
    CHECK(source.abandoned == source.requests);
}
