// import_event: fetch -> join -> the neutral roster, published only whole.
#include "fetch/data_api_pages.hpp"
#include "http/rate_limit.hpp"
#include "roster/delta_cursor.hpp"
#include "roster/event_spec.hpp"
#include "records/import_resources.hpp"
#include "operations/import_safeguards.hpp"
#include "operations/operations.hpp"
#include "common/plugin_error.hpp"
#include "roster/roster_builder.hpp"
#include "roster/roster_diff.hpp"
#include "roster/roster_json.hpp"
#include "operations/school_connection.hpp"
#include "fetch/worker_host.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <optional>
#include <thread>

namespace veracross {
namespace {

// The base for a delta import, when the event asks for none and the
// previous result's cursor fits; why not, in the log, when it does not.
std::optional<DeltaBase> delta_base(const EventSpec &spec, const std::string &route, const HostServices &host) {
    if (!spec.previous || spec.full_import) return std::nullopt;
    std::string why_not;
    auto base = read_delta_base(*spec.previous, route, why_not);
    if (!why_not.empty()) host.log(LogLevel::warn, why_not + ": importing everything");
    return base;
}

// Room for what follows the roster in the result besides the cursor: the
// diff, the safeguards, the stats.
constexpr std::size_t kResultTail = 64 * 1024;

// Events smaller than this are read before the token is asked for (a few
// milliseconds); larger ones, with a previous result of some hundreds of
// students or more, in two reads: what the fetch needs of the previous
// result (its cursor) beside the token request, its lists beside the fetch.
constexpr std::size_t kEventReadFirstBytes = 1024 * 1024;

// The value of `pending`, while this thread (the host's: its callbacks are
// this thread's) watches for a cancel, which sets `stop` for the reader.
template <class T> T wait_watching_cancel(std::future<T> &pending, const HostServices &host, std::atomic<bool> &stop) {
    while (pending.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready)
        if (host.cancelled()) stop = true;
    return pending.get();
}

// Sets `flag` when it goes out of scope: a read beside other work stops when
// the import ends early (an error, a cancel), before its future waits for it.
struct SetOnExit {
    std::atomic<bool> &flag;
    ~SetOnExit() { flag = true; }
};

} // namespace

std::string run_import(SchoolConnection &connection, const std::string &event_json) {
    const auto started = std::chrono::steady_clock::now();
    const HostServices &host = connection.host();
    if (connection.config().integration_type == "sso")
        throw invalid_config("integration_type",
                             "is sso: this connection does not import rosters (choose imports or imports_and_sso)");
    // An event with a large previous result (60 MB at 20,000 students: a
    // second to read) is read while the token request is out, and its lists
    // while the fetch runs; a cancel stops either read. A small one is read
    // first: a wrong event then sends nothing.
    std::atomic<bool> stop_reading{false};
    const auto stop = [&stop_reading] { return stop_reading.load(); };
    const bool read_in_two = event_json.size() >= kEventReadFirstBytes;
    std::future<EventSpec> parsing;
    if (!read_in_two) {
        std::promise<EventSpec> read;
        read.set_value(parse_event_spec(event_json, stop));
        parsing = read.get_future();
    } else {
        parsing = std::async(std::launch::async, [&event_json, stop] {
            return parse_event_spec(event_json, stop, ResultParts::cursor_and_heading);
        });
    }

    // The token first, on the host's thread: its errors (wrong secret,
    // missing scopes) come before any worker starts, after the event's
    // (the admin's own file, to fix first).
    std::shared_ptr<const AccessToken> cached;
    bool fresh_token = false;
    std::exception_ptr token_error;
    try {
        cached = connection.tokens().cached();
        fresh_token = connection.tokens().token() != cached;
    } catch (...) {
        token_error = std::current_exception();
    }
    EventSpec spec = wait_watching_cancel(parsing, host, stop_reading);
    if (token_error) std::rethrow_exception(token_error);
    std::future<ResultDigest> previous_lists;
    if (read_in_two && spec.previous)
        previous_lists = std::async(std::launch::async, [&event_json, stop] {
            return read_event_previous(event_json, ResultParts::all_but_cursor, stop);
        });
    const SetOnExit stop_previous_lists{stop_reading}; // after previous_lists: ends it before it is waited for

    WorkerHost workers;
    DataApiPages pages(connection.config(), connection.http(), connection.tokens());
    // A token issued just now has its whole rate window, so the first pages
    // need not go one by one. Its size: what an earlier import saw (on this
    // connection, else in the previous result's cursor), else what Veracross
    // documents. Were a school's window smaller, the first answer says so, and
    // the few requests over it wait for the reset (docs/veracross-contract.md).
    const long previous_limit = spec.previous ? previous_rate_limit(*spec.previous) : 0;
    const long known_limit = connection.rate_limit_seen() > 0 ? connection.rate_limit_seen()
                             : previous_limit > 0             ? previous_limit
                                                              : documented_rate_limit;
    if (fresh_token) pages.fresh_token(known_limit);
    const std::string &route = connection.config().school_route;
    std::optional<DeltaBase> base = delta_base(spec, route, host);
    FetchOptions options;
    // The optional collections whose scopes the token has: co-teachers, class terms.
    options.resources = import_resources();
    const auto grants = connection.tokens().grants();
    for (const auto &resource : optional_import_resources())
        if (grants && std::find(grants->granted.begin(), grants->granted.end(), resource.scope) != grants->granted.end())
            options.resources.push_back(resource);
    options.window = connection.config().max_requests_in_flight;
    // While pages are parsed (a CPU's work), the window's requests stay out:
    // DataApiPages holds a slot per exchange only, never while reading.
    options.readers = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
    // A repeat import knows how long each collection was last time: it asks
    // for all the pages a collection read whole needs at once.
    const auto counts = spec.previous ? previous_record_counts(*spec.previous) : std::map<std::string, std::uint64_t>{};
    for (const auto &resource : options.resources) {
        const bool changes_only = base && resource.has_modified_filter;
        if (changes_only)
            options.queries[resource.name] = {{"on_or_after_last_modified_date", base->since}};
        else if (counts.count(resource.name))
            options.expected_records[resource.name] = counts.at(resource.name);
    }
    FetchStats fetch_stats;
    host.log(LogLevel::info, "importing \"" + spec.name + "\" from Veracross (" + route + ")" +
                               (base ? ": changes since " + base->since : ""));
    const auto fetch_began = std::chrono::system_clock::now();
    SchoolData data = fetch_school(pages, host, workers, options, fetch_stats);
    connection.saw_rate_limit(pages.budget().limit_seen());
    for (const auto &resource : options.resources) {
        data.permissions_read |= resource.name == "permissions";
        data.class_schedules_read |= resource.name == "class_schedules";
    }
    // The cursor served the fetch; the diff and the safeguards read the rest.
    if (previous_lists.valid())
        spec.previous = std::make_shared<const ResultDigest>(wait_watching_cancel(previous_lists, host, stop_reading));
    Poco::JSON::Object::Ptr delta;
    if (base) {
        delta = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        delta->set("since", base->since);
        delta->set("changed", changed_counts(data));
        delta->set("deletions", "not visible: Veracross does not report deleted records, so a record deleted "
                                "since then stays until the next full import (full_import: true)");
        apply_changes(data, std::move(*base));
    }

    if (host.cancelled()) throw cancelled_error(); // the fetch is whole: the join would take a while
    host.progress("join", 0, 1);
    const Roster roster = build_roster(data, spec);
    const ImportContext context{route, &spec, &data.value_lists};
    // The roster is written once; a diff reads the digest of that same text.
    std::string roster_text = roster_json_text(roster, context, kResultTail + cursor_text_estimate(data));
    // Its digest is read while the safeguards are checked (each a few
    // hundred ms at 20,000 students).
    std::future<ResultDigest> reading_written;
    if (spec.previous)
        reading_written = std::async(std::launch::async, [&roster_text, stop] {
            return read_result(roster_text, ResultParts::diff_and_heading, stop);
        });
    const SetOnExit stop_reading_written{stop_reading};
    const SafeguardReport safeguards = check_safeguards(roster, spec, connection.config().sso_match);
    Poco::JSON::Object::Ptr diff;
    ResultDigest written;
    if (reading_written.valid()) {
        written = wait_watching_cancel(reading_written, host, stop_reading);
        diff = diff_rosters(*spec.previous, written);
    }
    JsonWriter out;
    if (safeguards.held) {
        // A large change waits for the host's acceptance: no roster, no cursor.
        host.log(LogLevel::warn, "held: this import removes more than " +
                                     std::to_string(static_cast<int>(spec.safeguards.large_change_percent)) +
                                     "% of the last result; nothing to publish until the host accepts it");
        out.begin_object();
        write_held_heading(out, *written.heading, safeguards);
        out.key("diff").tree(diff);
        write_safeguards(out, safeguards);
    } else {
        out.reopen_object(std::move(roster_text));
        if (diff) out.key("diff").tree(diff);
        if (delta) out.key("delta").tree(delta);
        write_safeguards(out, safeguards);
        write_cursor(out.key("cursor"), route, fetch_began, data, pages.budget().limit_seen());
    }
    host.progress("join", 1, 1);

    Poco::JSON::Object::Ptr stats = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    stats->set("seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    stats->set("requests", pages.requests());
    stats->set("pages", fetch_stats.pages);
    stats->set("bytes", pages.bytes());
    stats->set("rate_limit_wait_seconds", pages.budget().waited().count() / 1000.0);
    stats->set("max_requests_in_flight", pages.budget().peak_in_flight());
    out.key("stats").tree(stats);
    out.end_object();
    return out.take();
}

} // namespace veracross
