#include "fetch/data_api_pages.hpp"

#include "records/page_reader.hpp"

namespace veracross {

RetryPolicy import_retry_policy() {
    RetryPolicy p;
    p.max_attempts = 6;
    p.first_backoff = std::chrono::milliseconds(300);
    p.max_backoff = std::chrono::milliseconds(8000);
    p.max_rate_limit_wait = std::chrono::seconds(190);
    return p;
}

DataApiPages::DataApiPages(const Config &config, HttpClient &http, TokenProvider &tokens)
    : config_(config), http_(http), tokens_(tokens), budget_(config.max_requests_in_flight) {}

std::size_t DataApiPages::fetch_page(const ImportResource &resource, int page_number, int page_size,
                                     const std::map<std::string, std::string> &query, bool include_value_lists,
                                     const HostServices &host, SchoolData &into) {
    DataApi api(config_, http_, tokens_, host, &budget_); // a slot per exchange, not kept while reading
    DataRequest request;
    request.path = resource.path;
    request.query.assign(query.begin(), query.end());
    request.page = page_number;
    request.page_size = page_size;
    request.value_lists = include_value_lists;
    // Each attempt reads into a fresh page: only a page read whole is kept.
    PageRecords page;
    PageShape shape = PageShape::not_json_object;
    const auto read = [&](const std::string &body) {
        page = PageRecords{};
        shape = read_page_text(resource, body, page);
        return shape != PageShape::not_json_object;
    };
    ++requests_;
    const DataResponse response = api.get(request, read, import_retry_policy());
    bytes_ += response.body_bytes;
    // JSON, but no page: asking again would not help.
    if (shape == PageShape::no_data_array) throw not_a_page_error(resource);
    append_records(into, page.data);
    return page.records;
}

} // namespace veracross
