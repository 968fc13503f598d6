#include "data_api_pages.hpp"

namespace veracross {

RetryPolicy import_retry_policy() {
    RetryPolicy p;
    p.max_attempts = 6;
    p.first_backoff = std::chrono::milliseconds(300);
    p.max_backoff = std::chrono::milliseconds(8000);
    p.max_rate_limit_wait = std::chrono::seconds(190);
    return p;
}

DataApiPages::DataApiPages(DataApi &api, const HostServices &worker_host) : api_(api), host_(worker_host) {}

Poco::JSON::Object::Ptr DataApiPages::fetch_page(const ImportResource &resource, int page_number, int page_size,
                                                 const std::map<std::string, std::string> &query,
                                                 bool include_value_lists) {
    DataRequest request;
    request.path = resource.path;
    request.query.assign(query.begin(), query.end());
    request.page = page_number;
    request.page_size = page_size;
    request.value_lists = include_value_lists;
    budget_.acquire(host_);
    ++requests_;
    try {
        DataResponse response = api_.get(request, import_retry_policy());
        budget_.release(response.rate_limit);
        bytes_ += response.body_bytes;
        return response.body;
    } catch (...) {
        budget_.release(RateLimit{});
        throw;
    }
}

} // namespace veracross
