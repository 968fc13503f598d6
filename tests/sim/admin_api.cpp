// The test-only control endpoint /_sim/... (README.md, "Admin endpoint"):
// the same live changes as the C++ API, for tests that run veracross-sim as
// a separate process. Never subject to faults or latency.
#include "endpoints.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/StringTokenizer.h>

#include <stdexcept>

namespace vcsim {

namespace {

Reply admin_error(int status, const std::string &text) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("error", text);
    return json_reply(status, body);
}

Reply ok() { return json_reply(200, "{}"); }

Poco::JSON::Object::Ptr counters_json(const Counters &c) {
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object(true);
    body->set("requests", c.requests);
    body->set("token_requests", c.token_requests);
    body->set("revoke_requests", c.revoke_requests);
    body->set("introspect_requests", c.introspect_requests);
    body->set("authorize_requests", c.authorize_requests);
    body->set("userinfo_requests", c.userinfo_requests);
    body->set("data_requests", c.data_requests);
    body->set("most_data_requests_at_once", c.most_data_requests_at_once);
    Poco::JSON::Object::Ptr by_resource = new Poco::JSON::Object(true);
    for (const auto &[path, n] : c.data_requests_by_resource) by_resource->set(path, n);
    body->set("data_requests_by_resource", by_resource);
    body->set("too_many_requests", c.too_many_requests);
    body->set("faults_fired", c.faults_fired);
    return body;
}

Reply list_faults(ServerState &state) {
    Poco::JSON::Array::Ptr faults = new Poco::JSON::Array;
    for (const auto &fault : state.faults.list()) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object(true);
        for (const auto &[name, value] : fault_fields(fault)) item->set(name, value);
        faults->add(item);
    }
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("faults", faults);
    return json_reply(200, body);
}

// Body: one fault object or an array of them (field names of the YAML config).
Reply add_faults(ServerState &state, const Request &request) {
    Poco::Dynamic::Var parsed = Poco::JSON::Parser().parse(request.body);
    std::vector<Poco::JSON::Object::Ptr> items;
    if (auto array = parsed.type() == typeid(Poco::JSON::Array::Ptr) ? parsed.extract<Poco::JSON::Array::Ptr>()
                                                                      : nullptr) {
        for (std::size_t i = 0; i < array->size(); ++i) items.push_back(array->getObject(i));
    } else {
        items.push_back(parsed.extract<Poco::JSON::Object::Ptr>());
    }
    std::vector<Fault> faults;
    for (const auto &item : items) {
        if (!item) throw std::invalid_argument("each fault must be a JSON object");
        std::map<std::string, std::string> fields;
        for (const auto &[name, value] : *item) fields[name] = value.convert<std::string>();
        faults.push_back(parse_fault(fields));
    }
    for (auto &fault : faults) state.faults.add(std::move(fault));
    return list_faults(state);
}

Reply set_scopes(ServerState &state, const Request &request, const std::string &route,
                 const std::string &client_id) {
    auto body = Poco::JSON::Parser().parse(request.body).extract<Poco::JSON::Object::Ptr>();
    auto list = body->getArray("scopes");
    if (!list) throw std::invalid_argument("expected {\"scopes\": [...]}");
    std::set<std::string> scopes;
    for (std::size_t i = 0; i < list->size(); ++i) scopes.insert(list->getElement<std::string>(i));
    if (!state.set_app_scopes(route, client_id, std::move(scopes))) return admin_error(404, "unknown route or client");
    return ok();
}

Reply change_settings(ServerState &state, const Request &request) {
    auto body = Poco::JSON::Parser().parse(request.body).extract<Poco::JSON::Object::Ptr>();
    for (const auto &[name, value] : *body)
        if (name != "token_lifetime_seconds" && name != "rate_limit" && name != "rate_window_ms")
            throw std::invalid_argument("unknown setting: " + name);
    if (body->has("token_lifetime_seconds"))
        state.tokens.set_token_lifetime(std::chrono::seconds(body->getValue<int>("token_lifetime_seconds")));
    if (body->has("rate_limit") || body->has("rate_window_ms")) {
        RateLimit limits = state.rate_limiter.limits();
        limits.limit = body->optValue("rate_limit", limits.limit);
        limits.window = std::chrono::milliseconds(body->optValue<int>("rate_window_ms", int(limits.window.count())));
        state.rate_limiter.set_limits(limits);
    }
    return ok();
}

Reply route_action(ServerState &state, const Request &request, const std::vector<std::string> &parts) {
    // parts: routes, <route>, <action...>
    const std::string &route = parts[1];
    if (!state.find_school(route)) return admin_error(404, "unknown route");
    if (parts.size() == 3 && parts[2] == "revoke_tokens" && request.method == "POST") {
        state.tokens.revoke_all(route);
        return ok();
    }
    if (parts.size() == 3 && parts[2] == "expire_tokens" && request.method == "POST") {
        state.tokens.expire_all(route);
        return ok();
    }
    if (parts.size() == 5 && parts[2] == "apps" && parts[4] == "scopes" && request.method == "PUT")
        return set_scopes(state, request, route, parts[3]);
    return admin_error(404, "unknown admin endpoint");
}

} // namespace

Reply admin_endpoint(ServerState &state, const Request &request) {
    Poco::StringTokenizer tokens(request.rest, "/", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    const std::vector<std::string> parts(tokens.begin(), tokens.end());
    const std::string &method = request.method;
    try {
        if (request.rest == "counters" && method == "GET") return json_reply(200, counters_json(state.counters.snapshot()));
        if (request.rest == "counters/reset" && method == "POST") {
            state.counters.reset();
            return ok();
        }
        if (request.rest == "faults" && method == "GET") return list_faults(state);
        if (request.rest == "faults" && method == "POST") return add_faults(state, request);
        if (request.rest == "faults" && method == "DELETE") {
            state.faults.clear();
            return ok();
        }
        if (request.rest == "settings" && method == "PUT") return change_settings(state, request);
        if (parts.size() >= 3 && parts[0] == "routes") return route_action(state, request, parts);
        return admin_error(404, "unknown admin endpoint");
    } catch (const Poco::Exception &e) {
        return admin_error(400, e.displayText());
    } catch (const std::exception &e) {
        return admin_error(400, e.what());
    }
}

} // namespace vcsim
