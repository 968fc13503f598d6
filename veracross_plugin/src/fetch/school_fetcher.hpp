// Fetches every page of the import collections with `window` request
// slots shared by all of them: one plan (page_plan.hpp) gives each free slot
// the page that shortens the import most, needed pages before speculative
// ones. Each page is parsed as it arrives and joined in page order. The
// calling thread stays the host's: it relays progress and watches for
// cancellation while the slots fetch.
#pragma once

#include "common/host_services.hpp"
#include "records/import_resources.hpp"
#include "records/school_data.hpp"
#include "fetch/worker_host.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace veracross {

// Where pages come from: the Data API in the plugin, a fake in tests.
class PageSource {
public:
    virtual ~PageSource() = default;
    // Reads one page and appends its records (readable or not) and value
    // lists to `into`, only once the whole page was read; returns how many
    // records the page held. Throws PluginError when the page cannot be had
    // after the source's own retries, or is no page of records. Called from
    // several threads at once. `host` is this page's: worker services (never
    // the host's own) that say "cancelled" when the import stops or the page
    // is no longer wanted, so waits and retries must watch it.
    virtual std::size_t fetch_page(const ImportResource &resource, int page_number, int page_size,
                                   const std::map<std::string, std::string> &query, bool include_value_lists,
                                   const HostServices &host, SchoolData &into) = 0;
    // Every page still being fetched is no longer wanted (each collection's
    // end is known and every page up to it came back): a source that can
    // end its requests in flight at once does so, so that the fetch need
    // not wait out their answers. Their fetch_page calls may then throw.
    virtual void abandon_in_flight() {}
};

struct FetchOptions {
    int page_size = 1000; // Veracross's largest: fewest requests
    // How many pages of the school may be asked for at once, over every
    // collection (the request slots); 1: one page after another. A
    // collection's end costs at most window - 1 requests past it. The page
    // source caps the school's requests in flight too (DataApiPages:
    // Config::max_requests_in_flight, the same number).
    int window = 8;
    // Threads beyond the window's: a page that came back is read (parsed)
    // by the thread that asked for it, and meanwhile these keep the window's
    // requests on the network. Only for a page source that caps its requests
    // in flight itself (DataApiPages does, per exchange); 0: one thread a slot.
    int readers = 0;
    // Per collection name: how many records (readable or not) the collection
    // is expected to hold, e.g. the previous import's count; its pages are
    // then needed pages, asked for at once. Unknown: page 1, then the page
    // after each full page, and speculative pages as slots are free.
    std::map<std::string, std::uint64_t> expected_records;
    // Per collection name: query parameters (a delta import's
    // on_or_after_last_modified_date, for the collections that take it).
    std::map<std::string, std::map<std::string, std::string>> queries;
    // The collections to read; empty: import_resources().
    std::vector<ImportResource> resources;
};

struct FetchStats {
    std::uint64_t pages = 0; // pages used (up to each collection's end)
};

// Throws the first worker's PluginError, or PluginError(Status::cancelled) when
// the host cancels; then no partial data is returned.
// `workers` is what `source` was given as host; its logs are relayed to
// `host` and it is stopped when the host cancels or a worker fails.
SchoolData fetch_school(PageSource &source, const HostServices &host, WorkerHost &workers,
                        const FetchOptions &options, FetchStats &stats);

} // namespace veracross
