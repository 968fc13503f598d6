#include "fetch/school_fetcher.hpp"

#include "fetch/page_plan.hpp"

#include "records/page_reader.hpp"
#include "common/plugin_error.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <map>
#include <optional>
#include <mutex>
#include <thread>
#include <vector>

namespace veracross {
namespace {

// One collection's pages as they come back, joined in page order as soon
// as the pages before them are there (so few pages wait in memory).
struct CollectionParts {
    std::mutex mutex;
    SchoolData joined;                 // pages 1..next_to_join - 1
    std::map<int, SchoolData> waiting; // pages that came back before an earlier one
    int next_to_join = 1;
};

// Everything the request slots share; `mutex` guards the plan and the counters.
struct Shared {
    Shared(WorkerHost &h, const std::vector<ImportResource> &r, PagePlan p)
        : host(h), resources(r), plan(std::move(p)), parts(r.size()), ends(r.size()) {
        for (auto &e : ends) e.store(0);
    }
    WorkerHost &host;
    const std::vector<ImportResource> &resources;
    std::mutex mutex;
    std::condition_variable changed;
    PagePlan plan;
    std::vector<CollectionParts> parts;
    // Each collection's last page once known (0 before): pages past it are
    // no longer wanted, and their waits (rate budget, retries) stop at once.
    std::vector<std::atomic<int>> ends;
    std::size_t slots_done = 0;
    int asked = 0;           // pages asked for whose fetch has not ended yet
    std::uint64_t pages = 0; // answered within the end known then: for progress
    std::exception_ptr error;
};

// Adds a page to its collection, and joins every page now in order up to the end.
void keep_page(Shared &shared, std::size_t c, int page, SchoolData &records) {
    CollectionParts &part = shared.parts[c];
    std::lock_guard<std::mutex> lock(part.mutex);
    part.waiting.emplace(page, std::move(records));
    const int end = shared.ends[c].load();
    for (auto at = part.waiting.find(part.next_to_join); at != part.waiting.end() && (!end || at->first <= end);
         at = part.waiting.find(part.next_to_join)) {
        append_records(part.joined, at->second);
        part.waiting.erase(at);
        ++part.next_to_join;
    }
}

// One request slot: asks the plan for a page, fetches it, tells the plan,
// until every collection is finished or the fetch stops.
void run_slot(PageSource &source, const FetchOptions &options, Shared &shared) {
    static const std::map<std::string, std::string> no_query;
    const HostServices &workers = shared.host.services();
    for (;;) {
        PageAsk ask;
        {
            std::unique_lock<std::mutex> lock(shared.mutex);
            std::optional<PageAsk> next;
            while (!shared.host.stopped() && !shared.plan.finished() && !(next = shared.plan.next()))
                shared.changed.wait_for(lock, std::chrono::milliseconds(50));
            if (!next) return;
            ask = *next;
            ++shared.asked;
        }
        const ImportResource &resource = shared.resources[ask.collection];
        const auto q = options.queries.find(resource.name);
        std::atomic<int> &end = shared.ends[ask.collection];
        const HostServices page_host(
            [&workers](LogLevel level, const std::string &message) { workers.log(level, message); }, nullptr,
            [&workers, &end, page = ask.page] {
                const int last = end.load();
                return (last && page > last) || workers.cancelled();
            });
        SchoolData records;
        std::size_t count = 0;
        try {
            count = source.fetch_page(resource, ask.page, options.page_size, q == options.queries.end() ? no_query : q->second,
                                      ask.page == 1, page_host, records);
        } catch (...) {
            const int last = end.load();
            if (!(last && ask.page > last)) throw;
            std::lock_guard<std::mutex> lock(shared.mutex); // no longer wanted: its error does not count
            --shared.asked;
            continue;
        }
        bool past_end = false, only_unwanted_left = false;
        {
            std::lock_guard<std::mutex> lock(shared.mutex);
            --shared.asked;
            shared.plan.answered(ask.collection, ask.page, count);
            const int last = shared.plan.end_page(ask.collection);
            end.store(last);
            past_end = last && ask.page > last;
            if (!past_end) ++shared.pages;
            // Every collection is whole: what is still out was asked for
            // past an end, and waiting for it would only delay the import.
            only_unwanted_left = shared.plan.finished() && shared.asked > 0;
        }
        shared.changed.notify_all();
        if (only_unwanted_left) source.abandon_in_flight();
        if (!past_end) keep_page(shared, ask.collection, ask.page, records);
    }
}

} // namespace

SchoolData fetch_school(PageSource &source, const HostServices &host, WorkerHost &worker_host,
                        const FetchOptions &options, FetchStats &stats) {
    const std::vector<ImportResource> &resources = options.resources.empty() ? import_resources() : options.resources;
    std::vector<PlannedCollection> planned;
    for (const auto &r : resources) {
        const auto expected = options.expected_records.find(r.name);
        const bool known = expected != options.expected_records.end();
        planned.push_back({r.name, known ? expected->second : 0, known});
    }
    const int slots = std::max(1, options.window);
    const int threads = slots + std::max(0, options.readers);
    Shared shared(worker_host, resources, PagePlan(std::move(planned), options.page_size, slots));
    std::vector<std::thread> workers;
    workers.reserve(static_cast<std::size_t>(threads));
    for (int i = 0; i < threads; ++i) {
        workers.emplace_back([&] {
            try {
                run_slot(source, options, shared);
            } catch (...) {
                std::lock_guard<std::mutex> lock(shared.mutex);
                if (!shared.error) shared.error = std::current_exception();
                shared.host.stop();
            }
            {
                std::lock_guard<std::mutex> lock(shared.mutex);
                ++shared.slots_done;
            }
            shared.changed.notify_all();
        });
    }

    // The host's thread: progress and cancellation, until every slot ends.
    bool cancelled = false;
    std::uint64_t reported_pages = ~std::uint64_t(0);
    std::unique_lock<std::mutex> lock(shared.mutex);
    while (shared.slots_done < workers.size()) {
        shared.changed.wait_for(lock, std::chrono::milliseconds(50));
        if (!cancelled && host.cancelled()) {
            cancelled = true;
            worker_host.stop();
            shared.changed.notify_all();
        }
        lock.unlock();
        worker_host.relay_logs(host);
        lock.lock();
        if (shared.pages != reported_pages) {
            reported_pages = shared.pages;
            std::uint64_t done = 0;
            for (std::size_t i = 0; i < resources.size(); ++i) done += shared.plan.finished(i) ? 1 : 0;
            lock.unlock();
            host.progress("fetch", done, resources.size());
            lock.lock();
        }
    }
    lock.unlock();
    for (auto &w : workers) w.join();
    worker_host.relay_logs(host);

    if (shared.error) std::rethrow_exception(shared.error);
    if (cancelled || !shared.plan.finished())
        throw PluginError(Status::cancelled, "cancelled", "the import was cancelled; nothing was changed");
    host.progress("fetch", resources.size(), resources.size());

    SchoolData data;
    for (auto &part : shared.parts) append_records(data, part.joined);
    // Each collection's pages up to its end. Not the pages counted while
    // fetching: an empty page past the end can come back before the short
    // page that ends the collection, and counted then as within it.
    stats.pages = 0;
    for (std::size_t c = 0; c < resources.size(); ++c)
        stats.pages += static_cast<std::uint64_t>(shared.plan.end_page(c));
    return data;
}

} // namespace veracross
