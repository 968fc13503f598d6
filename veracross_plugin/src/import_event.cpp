// import_event: fetch -> join -> the neutral roster, published only whole.
#include "data_api_pages.hpp"
#include "event_spec.hpp"
#include "operations.hpp"
#include "plugin_error.hpp"
#include "roster_builder.hpp"
#include "roster_diff.hpp"
#include "roster_json.hpp"
#include "school_connection.hpp"
#include "worker_host.hpp"

#include <chrono>
#include <sstream>

namespace veracross {

std::string run_import(SchoolConnection &connection, const std::string &event_json) {
    const auto started = std::chrono::steady_clock::now();
    const HostServices &host = connection.host();
    if (connection.config().integration_type == "sso")
        throw invalid_config("integration_type",
                             "is sso: this connection does not import rosters (choose imports or imports_and_sso)");
    const EventSpec spec = parse_event_spec(event_json);

    // The token first, on the host's thread: its errors (wrong secret,
    // missing scopes) come before any worker starts.
    connection.tokens().token();

    WorkerHost workers;
    DataApi worker_api(connection.config(), connection.http(), connection.tokens(), workers.services());
    DataApiPages pages(worker_api, workers.services());
    FetchOptions options;
    FetchStats fetch_stats;
    host.log(SIS_LOG_INFO, "importing \"" + spec.name + "\" from Veracross (" + connection.config().school_route + ")");
    const SchoolData data = fetch_school(pages, host, workers, options, fetch_stats);

    host.progress("join", 0, 1);
    const Roster roster = build_roster(data, spec);
    auto doc = roster_to_json(roster, {connection.config().school_route, &spec, &data.value_lists});
    if (spec.previous) doc->set("diff", diff_rosters(*spec.previous, *doc));
    host.progress("join", 1, 1);

    Poco::JSON::Object::Ptr stats = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    stats->set("seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    stats->set("requests", pages.requests());
    stats->set("pages", fetch_stats.pages);
    stats->set("rate_limit_wait_seconds", pages.budget().waited().count() / 1000.0);
    doc->set("stats", stats);
    std::ostringstream out;
    doc->stringify(out);
    return out.str();
}

} // namespace veracross
