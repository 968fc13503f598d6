#include "plan_time.hpp"

#include "fetch/page_plan.hpp"
#include "records/import_resources.hpp"

#include <algorithm>
#include <optional>
#include <queue>
#include <vector>

namespace bench {
namespace {

// The records of the list asked for at `path` (with or without a query);
// none when the import did not ask for it (an optional collection the
// bench's app has no scope for).
std::optional<std::uint64_t> records_at(const std::map<std::string, std::uint64_t> &lists, const std::string &path) {
    for (const auto &[key, records] : lists)
        if (key == path || key.rfind(path + "?", 0) == 0) return records;
    return std::nullopt;
}

} // namespace

double plan_seconds(const std::map<std::string, std::uint64_t> &lists, bool counts_known, const FloorConditions &c) {
    // The collections in the order the import lists them, as it plans them.
    std::vector<veracross::PlannedCollection> planned;
    std::vector<std::uint64_t> records;
    auto add = [&](const veracross::ImportResource &r) {
        if (const auto n = records_at(lists, r.path)) {
            records.push_back(*n);
            planned.push_back({r.name, *n, counts_known});
        }
    };
    for (const auto &r : veracross::import_resources()) add(r);
    for (const auto &r : veracross::optional_import_resources()) add(r);

    veracross::PagePlan plan(planned, c.page_size, c.in_flight);
    const double latency = std::chrono::duration<double>(c.latency).count();
    struct Answer {
        double at;
        std::uint64_t order; // ties: in the order asked
        veracross::PageAsk ask;
        bool operator>(const Answer &o) const { return at != o.at ? at > o.at : order > o.order; }
    };
    std::priority_queue<Answer, std::vector<Answer>, std::greater<Answer>> in_flight;
    double now = latency; // the token
    std::uint64_t asked = 0;
    const auto fill = [&] {
        while (static_cast<int>(in_flight.size()) < c.in_flight)
            if (const auto a = plan.next()) in_flight.push({now + latency, asked++, *a});
            else break;
    };
    fill();
    while (!plan.finished() && !in_flight.empty()) {
        const Answer a = in_flight.top();
        in_flight.pop();
        now = a.at;
        const std::uint64_t total = records[a.ask.collection];
        const std::uint64_t before = static_cast<std::uint64_t>(a.ask.page - 1) * static_cast<std::uint64_t>(c.page_size);
        plan.answered(a.ask.collection, a.ask.page,
                      static_cast<std::size_t>(total > before ? std::min<std::uint64_t>(c.page_size, total - before) : 0));
        fill();
    }
    return now;
}

} // namespace bench
