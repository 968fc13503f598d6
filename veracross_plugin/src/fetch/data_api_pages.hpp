// The importer's page source on the real Data API: every request paced by
// the token's rate budget and retried on transient failures.
#pragma once

#include "fetch/data_api.hpp"
#include "fetch/rate_budget.hpp"
#include "fetch/school_fetcher.hpp"

#include <atomic>

namespace veracross {

class DataApiPages : public PageSource {
public:
    DataApiPages(const Config &config, HttpClient &http, TokenProvider &tokens);

    // The page is read as it arrives (page_reader.hpp), inside the retries;
    // the request, its waits and retries run with the page's `host`. Each
    // exchange holds one of the budget's slots until its answer is in, not
    // while the page is read (DataApi).
    std::size_t fetch_page(const ImportResource &resource, int page_number, int page_size,
                           const std::map<std::string, std::string> &query, bool include_value_lists,
                           const HostServices &host, SchoolData &into) override;

    // Cuts the HTTP exchanges in flight (the pages past a collection's end
    // that were asked for on speculation): their answers would only be dropped.
    void abandon_in_flight() override { http_.cut_in_flight(); }

    std::uint64_t requests() const { return requests_.load(); }
    // Response bodies received (pages delivered), in bytes.
    std::uint64_t bytes() const { return bytes_.load(); }
    const RateBudget &budget() const { return budget_; }
    // The token was issued for this import and not used yet, and its
    // window's limit is known from earlier answers (RateBudget::fresh_window).
    void fresh_token(long limit) { budget_.fresh_window(limit); }

private:
    const Config &config_;
    HttpClient &http_;
    TokenProvider &tokens_;
    RateBudget budget_;
    std::atomic<std::uint64_t> requests_{0};
    std::atomic<std::uint64_t> bytes_{0};
};

// Retries for import pages: a few attempts with backoff for drops, timeouts
// and 5xx, and waiting out a 429 until the window resets (3 minutes at most).
RetryPolicy import_retry_policy();

} // namespace veracross
