// Data API v3: GET /{route}/v3/<resource>[/<id>][.json] (details doc
// sections 2-5, Simulator contract C). The checks run in the contract's order.
#include "endpoints.hpp"

#include "record_filter.hpp"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>
#include <optional>

namespace vcsim {

namespace {

constexpr std::int64_t kDefaultPageSize = 100;
constexpr std::int64_t kMaxPageSize = 1000;

struct Target {
    const ResourceIndex *index = nullptr;
    std::optional<std::int64_t> id; // set for a read
    const Resource &resource() const { return index->resource; }
};

bool all_digits(const std::string &text) {
    return !text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos;
}

// "academics/classes" is a list, "academics/classes/12" a read.
std::optional<Target> resolve(const std::map<std::string, ResourceIndex> &indexes, const std::string &path) {
    auto list = indexes.find(path);
    if (list != indexes.end()) return Target{&list->second, std::nullopt};
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos || !all_digits(path.substr(slash + 1))) return std::nullopt;
    auto read = indexes.find(path.substr(0, slash));
    if (read == indexes.end() || !read->second.resource.readable) return std::nullopt;
    return Target{&read->second, std::stoll(path.substr(slash + 1))};
}

// Entries of a header like "application/json;q=0.9, */*" with their weights.
std::vector<std::pair<std::string, double>> weighted_list(const std::string &header) {
    std::vector<std::pair<std::string, double>> entries;
    std::size_t start = 0;
    while (start <= header.size() && !header.empty()) {
        std::size_t comma = header.find(',', start);
        if (comma == std::string::npos) comma = header.size();
        std::string item = header.substr(start, comma - start);
        std::string name = Poco::toLower(Poco::trim(item.substr(0, item.find(';'))));
        double weight = 1.0;
        const std::size_t q = item.find("q=");
        if (q != std::string::npos && !Poco::NumberParser::tryParseFloat(Poco::trim(item.substr(q + 2)), weight))
            weight = 0.0;
        if (!name.empty()) entries.emplace_back(name, weight);
        start = comma + 1;
    }
    return entries;
}

bool accepts_json(const std::string &accept) {
    if (Poco::trim(accept).empty()) return true;
    for (const auto &[type, weight] : weighted_list(accept))
        if (weight > 0 && (type == "application/json" || type == "application/*" || type == "*/*")) return true;
    return false;
}

// The answer is sent unencoded, so identity, deflate or * must be acceptable.
bool accepts_encoding(const std::string &accept_encoding) {
    if (Poco::trim(accept_encoding).empty()) return true;
    std::optional<double> identity, any;
    for (const auto &[coding, weight] : weighted_list(accept_encoding)) {
        if (coding == "deflate" && weight > 0) return true;
        if (coding == "identity") identity = weight;
        if (coding == "*") any = weight;
    }
    if (identity) return *identity > 0;
    return !any || *any > 0;
}

// A strict non-negative integer header; nullopt when present and malformed.
std::optional<std::int64_t> header_number(const Request &request, const std::string &name,
                                          std::int64_t fallback) {
    if (!request.headers.has(name)) return fallback;
    std::string text = Poco::trim(request.header(name));
    if (!all_digits(text)) return std::nullopt;
    return std::stoll(text);
}

void add_rate_headers(Reply &reply, const RateDecision &rate) {
    reply.headers.emplace_back("X-Rate-Limit-Limit", std::to_string(rate.limit));
    reply.headers.emplace_back("X-Rate-Limit-Remaining", std::to_string(rate.remaining));
    reply.headers.emplace_back("X-Rate-Limit-Reset", std::to_string(rate.reset_epoch_seconds));
}

// {"data": <data>[, "value_lists": [...]]}
std::string envelope(const Request &request, const ResourceIndex &index, const std::string &data, bool read) {
    const bool value_lists = Poco::icompare(Poco::trim(request.header("X-API-Value-Lists")), "include") == 0;
    const std::string &lists = read ? index.read_value_lists_text : index.value_lists_text;
    std::string body;
    body.reserve(data.size() + 32 + lists.size());
    body.append("{\"data\":").append(data);
    if (value_lists) body.append(",\"value_lists\":").append(lists);
    body += '}';
    return body;
}

Reply list_page(const Target &target, const Request &request) {
    const auto page = header_number(request, "X-Page-Number", 1);
    if (!page || *page < 1) return data_error(400, "Invalid page number");
    const auto size = header_number(request, "X-Page-Size", kDefaultPageSize);
    if (!size || *size < 1 || *size > kMaxPageSize) return data_error(400, "Invalid page size");

    const Selection selection = select_rows(*target.index, request.query);
    if (!selection.bad_parameter.empty())
        return data_error(400, "Invalid value for parameter: " + selection.bad_parameter);
    const auto page_size = static_cast<std::size_t>(*size);
    // Pages past the end are empty; the bound also keeps the multiplication in range.
    const auto skipped = static_cast<std::uint64_t>(*page - 1);
    const std::size_t first = skipped <= selection.rows.size() / page_size
                                  ? static_cast<std::size_t>(skipped) * page_size
                                  : selection.rows.size();
    const std::size_t last = std::min(selection.rows.size(), first + page_size);
    // The records' texts, rendered when the index was built, joined.
    const ResourceIndex &index = *target.index;
    std::size_t bytes = 2 + (last - first); // brackets and commas
    for (std::size_t i = first; i < last; ++i) bytes += index.row_text(selection.rows[i]).size();
    std::string data;
    data.reserve(bytes);
    data += '[';
    for (std::size_t i = first; i < last; ++i) {
        if (i > first) data += ',';
        data += index.row_text(selection.rows[i]);
    }
    data += ']';
    return json_reply(200, envelope(request, index, data, false));
}

Reply read_record(const Target &target, const Request &request) {
    auto row = target.index->row_of_id.find(*target.id);
    if (row == target.index->row_of_id.end()) return data_error(404, "The requested record wasn't found");
    const auto &read_shapes = target.resource().read_records;
    auto read_shape = read_shapes.find(*target.id);
    const Poco::JSON::Object &record =
        read_shape != read_shapes.end() && read_shape->second ? *read_shape->second : *target.index->rows[row->second];
    return json_reply(200, envelope(request, *target.index, json_text(record), true));
}

// Step 4-5 of the contract: the bearer token, then the scope.
std::optional<Reply> check_token(ServerState &state, const Request &request, const std::string &scope,
                                 std::string &token) {
    const std::string authorization = request.header("Authorization");
    const std::string prefix = "Bearer ";
    token = authorization.compare(0, prefix.size(), prefix) == 0 ? authorization.substr(prefix.size()) : "";
    if (token.empty()) return data_error(401, "An authorization header with a bearer token is required");
    TokenLookup found = state.tokens.find(request.route, token);
    switch (found.state) {
    case TokenState::unknown: return data_error(401, "The provided access token is unknown");
    case TokenState::revoked: return data_error(401, "The provided access token has been revoked");
    case TokenState::expired: return data_error(401, "The provided access token has expired");
    case TokenState::active: break;
    }
    if (!found.token.has_scope(scope))
        return data_error(401, "The provided access token is missing a required scope: " + scope);
    return std::nullopt;
}

} // namespace

Reply data_endpoint(ServerState &state, const Request &request) {
    ServedSchool *school = state.find_school(request.route);
    if (!school) return data_error(404, "The requested client is unknown");
    std::string path = request.rest.substr(std::min<std::size_t>(3, request.rest.size())); // below "v3/"
    const bool json_suffix = Poco::endsWith(path, std::string(".json"));
    if (json_suffix) path.erase(path.size() - 5);

    return school->read([&](const School &, const std::map<std::string, ResourceIndex> &indexes) -> Reply {
        const auto target = resolve(indexes, path);
        if (!target) return data_error(404, "The requested endpoint wasn't found");
        if (request.method != "GET") return data_error(405, "Request Method Not Allowed");
        if (!json_suffix && !accepts_json(request.header("Accept")))
            return data_error(406, "The requested content type isn't supported");
        if (!accepts_encoding(request.header("Accept-Encoding")))
            return data_error(406, "The requested encoding isn't supported");

        const std::string scope = target->resource().scope_prefix + (target->id ? ":read" : ":list");
        std::string token;
        if (auto refused = check_token(state, request, scope, token)) return *refused;

        const RateDecision rate = state.rate_limiter.count(token);
        Reply reply = [&] {
            if (!rate.allowed) return data_error(429, "Too Many Requests");
            std::vector<std::string> unknown;
            for (const auto &[name, value] : request.query)
                if ((target->id || !target->resource().filters.count(name)) &&
                    std::find(unknown.begin(), unknown.end(), name) == unknown.end())
                    unknown.push_back(name);
            if (!unknown.empty())
                return data_error(400, "Unknown parameters were provided: " +
                                           Poco::cat(std::string(", "), unknown.begin(), unknown.end()));
            return target->id ? read_record(*target, request) : list_page(*target, request);
        }();
        if (reply.status == 200) reply.headers.emplace_back("X-API-Revision", state.api_revision);
        add_rate_headers(reply, rate);
        return reply;
    });
}

} // namespace vcsim
