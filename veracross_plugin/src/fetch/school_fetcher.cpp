#include "fetch/school_fetcher.hpp"

#include "records/page_reader.hpp"
#include "common/plugin_error.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace veracross {
namespace {

// What the workers tell the host's thread.
struct Shared {
    explicit Shared(WorkerHost &h) : host(h) {}
    std::mutex mutex;
    std::condition_variable changed;
    WorkerHost &host;
    std::size_t workers_done = 0;
    std::uint64_t pages = 0;
    std::exception_ptr error;
};

// The services a collection's pages run with: the workers' own, and
// "cancelled" as well once the collection has ended, so that a page read
// ahead past its end stops waiting (for the rate budget, for retries) at once.
class CollectionHost {
public:
    explicit CollectionHost(const HostServices &workers)
        : workers_(workers),
          services_([this](LogLevel level, const std::string &message) { workers_.log(level, message); },
                    nullptr, [this] { return ended_.load() || workers_.cancelled(); }) {}
    CollectionHost(const CollectionHost &) = delete;
    CollectionHost &operator=(const CollectionHost &) = delete;

    const HostServices &services() const { return services_; }
    void end() { ended_.store(true); }

private:
    const HostServices &workers_;
    std::atomic<bool> ended_{false};
    HostServices services_;
};

struct FetchedPage {
    SchoolData records;
    std::size_t count = 0;
};

// How many pages it takes to see the end of `records` records: the last
// page holds fewer than page_size (none, when page_size divides them).
int pages_to_see_the_end(std::uint64_t records, int page_size) {
    const std::uint64_t pages = records / static_cast<std::uint64_t>(page_size) + 1;
    return pages > 100000 ? 100000 : static_cast<int>(pages);
}

// Pages one collection until a page holds fewer records than asked for.
// Unknown length: page 1 alone (most collections fit in it); once a page
// comes back full, up to `window` pages in flight, in page order, so a long
// collection's end costs at most window - 1 requests past it. Expected
// length: all its pages at once (up to `window`), and past them only once
// the last expected page comes back full.
void fetch_collection(PageSource &source, const ImportResource &resource, const FetchOptions &options,
                      SchoolData &part, Shared &shared) {
    static const std::map<std::string, std::string> no_query;
    auto q = options.queries.find(resource.name);
    const auto &query = q == options.queries.end() ? no_query : q->second;
    const auto expected = options.expected_records.find(resource.name);
    const int expected_pages =
        expected == options.expected_records.end() ? 1 : pages_to_see_the_end(expected->second, options.page_size);
    const std::size_t window = static_cast<std::size_t>(std::max(1, options.window));
    CollectionHost collection(shared.host.services());
    const auto fetch = [&](int page) {
        FetchedPage fetched;
        fetched.count = source.fetch_page(resource, page, options.page_size, query, page == 1,
                                          collection.services(), fetched.records);
        return fetched;
    };
    // Pages asked for and not yet used, in page order.
    std::deque<std::future<FetchedPage>> asked;
    // However this ends, pages still asked for are not wanted: they stop, and
    // the futures' destructors wait for them (they use `source`); their
    // errors are dropped.
    struct EndCollection {
        CollectionHost &host;
        ~EndCollection() { host.end(); }
    } end_collection{collection};
    int next_page = 1;
    int last_full_page = 0; // the highest page known to be full: the collection goes on past it
    const auto ask_more = [&] {
        const int last_to_ask = last_full_page >= expected_pages ? last_full_page + static_cast<int>(window)
                                                                 : expected_pages;
        while (asked.size() < window && next_page <= last_to_ask)
            asked.push_back(std::async(std::launch::async, fetch, next_page++));
    };
    ask_more();
    for (int page_number = 1; !shared.host.stopped(); ++page_number) {
        FetchedPage page = asked.front().get();
        asked.pop_front();
        append_records(part, page.records);
        {
            std::lock_guard<std::mutex> lock(shared.mutex);
            ++shared.pages;
        }
        shared.changed.notify_one();
        if (page.count < static_cast<std::size_t>(options.page_size)) break;
        last_full_page = page_number;
        ask_more();
    }
}

} // namespace

SchoolData fetch_school(PageSource &source, const HostServices &host, WorkerHost &worker_host,
                        const FetchOptions &options, FetchStats &stats) {
    const std::vector<ImportResource> &resources = options.resources.empty() ? import_resources() : options.resources;
    Shared shared(worker_host);
    std::vector<SchoolData> parts(resources.size());
    // Until Veracross tells the rate budget, requests go one at a time
    // (rate_budget.hpp): the first should be the longest collection's, the
    // enrollments (several a student). Starting its worker first makes that
    // likely, not certain: the others only wait one answer longer if not.
    std::vector<std::size_t> start_order(resources.size());
    for (std::size_t i = 0; i < resources.size(); ++i) start_order[i] = i;
    std::stable_partition(start_order.begin(), start_order.end(),
                          [&](std::size_t i) { return resources[i].name == "enrollments"; });
    std::vector<std::thread> workers;
    workers.reserve(resources.size());
    for (const std::size_t i : start_order) {
        workers.emplace_back([&, i] {
            try {
                fetch_collection(source, resources[i], options, parts[i], shared);
            } catch (...) {
                std::lock_guard<std::mutex> lock(shared.mutex);
                if (!shared.error) shared.error = std::current_exception();
                shared.host.stop();
            }
            {
                std::lock_guard<std::mutex> lock(shared.mutex);
                ++shared.workers_done;
            }
            shared.changed.notify_one();
        });
    }

    // The host's thread: progress and cancellation, until every worker ends.
    bool cancelled = false;
    std::uint64_t reported_pages = ~std::uint64_t(0);
    std::unique_lock<std::mutex> lock(shared.mutex);
    while (shared.workers_done < workers.size()) {
        shared.changed.wait_for(lock, std::chrono::milliseconds(50));
        if (!cancelled && host.cancelled()) {
            cancelled = true;
            worker_host.stop();
        }
        lock.unlock();
        worker_host.relay_logs(host);
        lock.lock();
        if (shared.pages != reported_pages) {
            reported_pages = shared.pages;
            const std::uint64_t done = shared.workers_done;
            lock.unlock();
            host.progress("fetch", done, resources.size());
            lock.lock();
        }
    }
    lock.unlock();
    for (auto &w : workers) w.join();
    worker_host.relay_logs(host);

    if (shared.error) std::rethrow_exception(shared.error);
    if (cancelled) throw PluginError(Status::cancelled, "cancelled", "the import was cancelled; nothing was changed");
    host.progress("fetch", resources.size(), resources.size());

    SchoolData data;
    for (auto &part : parts) append_records(data, part);
    stats.pages = shared.pages;
    return data;
}

} // namespace veracross
