#include "sim_test_support.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <cstdio>
#include <memory>

namespace simtest {

Poco::JSON::Object::Ptr Response::json() const {
    return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

Poco::Net::Context::Ptr client_context(const std::string &ca_file, bool strict) {
    Poco::Net::Context::Params params;
    params.caLocation = ca_file;
    params.loadDefaultCAs = false;
    params.verificationMode = strict ? Poco::Net::Context::VERIFY_STRICT : Poco::Net::Context::VERIFY_RELAXED;
    return new Poco::Net::Context(Poco::Net::Context::CLIENT_USE, params);
}

Response send(const std::string &base_url, const Call &call, Poco::Net::Context::Ptr context) {
    const Poco::URI base(base_url);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (base.getScheme() == "https")
        session = std::make_unique<Poco::Net::HTTPSClientSession>(base.getHost(), base.getPort(), context);
    else
        session = std::make_unique<Poco::Net::HTTPClientSession>(base.getHost(), base.getPort());
    session->setTimeout(Poco::Timespan(10, 0));

    Poco::Net::HTTPRequest request(call.method, call.path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto &[name, value] : call.headers) request.set(name, value);
    if (!call.content_type.empty()) request.setContentType(call.content_type);
    if (!call.body.empty() || call.method == "POST" || call.method == "PUT")
        request.setContentLength(static_cast<std::streamsize>(call.body.size()));
    session->sendRequest(request) << call.body;

    Poco::Net::HTTPResponse response;
    std::istream &in = session->receiveResponse(response);
    Response out;
    out.status = response.getStatus();
    for (const auto &[name, value] : response) out.headers.add(name, value);
    Poco::StreamCopier::copyToString(in, out.body);
    return out;
}

Response get(const std::string &base_url, const std::string &path, const Fields &headers) {
    Call call;
    call.path = path;
    call.headers = headers;
    return send(base_url, call);
}

std::string form_encode(const Fields &fields) {
    std::string body;
    for (const auto &[name, value] : fields) {
        std::string encoded;
        Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encoded);
        body += (body.empty() ? "" : "&") + name + "=" + encoded;
    }
    return body;
}

Response post_form(const std::string &base_url, const std::string &path, const Fields &form) {
    Call call;
    call.method = "POST";
    call.path = path;
    call.content_type = "application/x-www-form-urlencoded";
    call.body = form_encode(form);
    return send(base_url, call);
}

namespace {

Poco::JSON::Object::Ptr object(std::initializer_list<std::pair<const char *, Poco::Dynamic::Var>> fields) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(true);
    for (const auto &[name, value] : fields) o->set(name, value);
    return o;
}

vcsim::Resource students(int count) {
    vcsim::Resource r;
    r.path = "students";
    r.scope_prefix = "students";
    r.filters = {{"household_id", "household_id"},
                 {"homeroom_teacher_id", "homeroom_teacher.id"},
                 {"enrollment_status", "enrollment_status"},
                 {"on_or_after_last_modified_date", "last_modified_date"},
                 {"on_or_before_last_modified_date", "last_modified_date"},
                 {"on_or_after_entry_date", "entry_date"},
                 {"on_or_before_entry_date", "entry_date"}};
    for (int i = 0; i < count; ++i) {
        const std::int64_t id = 101 + i;
        char modified[32], entry[16];
        std::snprintf(modified, sizeof modified, "2026-01-%02dT12:00:00Z", 1 + i % 28);
        std::snprintf(entry, sizeof entry, "2025-08-%02d", 1 + i % 28);
        const int teacher = 7 + i % 2;
        auto record = object({{"id", id},
                              {"first_name", "Student" + std::to_string(i)},
                              {"last_name", "Test"},
                              {"email_1", i % 2 ? Poco::Dynamic::Var("s" + std::to_string(i) + "@example.org")
                                                : Poco::Dynamic::Var()},
                              {"grade_level", 20 + i % 3},
                              {"household_id", 1 + i % 3},
                              {"homeroom_teacher", object({{"id", teacher}, {"name", "Teacher " + std::to_string(teacher)}})},
                              {"campus", object({{"id", 1}, {"description", "Main"}})},
                              {"enrollment_status", i % 2 ? 5 : 18},
                              {"entry_date", std::string(entry)},
                              {"last_modified_date", std::string(modified)}});
        r.records.push_back(record);
        auto read = object({{"id", id}, {"first_name", "Student" + std::to_string(i)}, {"campus", 1}});
        r.read_records[id] = read;
    }
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    items->add(object({{"id", 20}, {"description", "Kindergarten"}, {"sort_key", 1}}));
    items->add(object({{"id", 21}, {"description", "Grade 1"}, {"sort_key", 2}}));
    Poco::JSON::Array::Ptr fields = new Poco::JSON::Array;
    fields->add(std::string("grade_level"));
    r.value_lists = new Poco::JSON::Array;
    r.value_lists->add(object({{"fields", fields}, {"items", items}}));
    return r;
}

vcsim::Resource classes() {
    vcsim::Resource r;
    r.path = "academics/classes";
    r.scope_prefix = "academics.classes";
    r.filters = {{"school_year", "school_year"}, {"parent_portal_visibility", "parent_portal_visibility"}};
    for (int i = 0; i < 3; ++i)
        r.records.push_back(object({{"id", 3000 + i},
                                    {"description", "Class " + std::to_string(i)},
                                    {"school_year", 2025 + i / 2},
                                    {"parent_portal_visibility", i != 1},
                                    {"begin_date", "2025-09-01"},
                                    {"end_date", Poco::Dynamic::Var()}}));
    return r;
}

} // namespace

vcsim::School make_school(const std::string &route, int student_count) {
    vcsim::School school;
    school.route = route;
    school.apps.push_back({kClientId,
                           kSecret,
                           {"students:list", "students:read", "academics.classes:list", "academics.classes:read",
                            "sso", "openid"},
                           {kRedirect, "https://www.pickatime.com/client"}});
    school.apps.push_back({kLimitedClientId, kLimitedSecret, {"students:list"}, {kRedirect}});
    school.users.push_back({"900001", "pat.parent", "pat@example.org", {"Parent"}, 501});
    school.users.push_back({"900002", "sam.staff", "", {"Faculty", "Staff"}, 7});
    school.resources["students"] = students(student_count);
    school.resources["academics/classes"] = classes();
    return school;
}

std::unique_ptr<vcsim::Simulator> start_simulator(vcsim::Options options, std::vector<vcsim::School> schools) {
    if (schools.empty()) schools = {make_school("demo"), make_school("other")};
    auto sim = std::make_unique<vcsim::Simulator>(std::move(options), std::move(schools));
    sim->start();
    return sim;
}

std::string fetch_token(const std::string &base_url, const std::string &scope, const std::string &route,
                        const std::string &client_id, const std::string &secret) {
    Response r = post_form(base_url, "/" + route + "/oauth/token",
                           {{"grant_type", "client_credentials"},
                            {"client_id", client_id},
                            {"client_secret", secret},
                            {"scope", scope}});
    INFO(r.body);
    REQUIRE(r.status == 200);
    return r.json()->getValue<std::string>("access_token");
}

Response get_data(const std::string &base_url, const std::string &path, const std::string &token, Fields headers) {
    headers.emplace_back("Authorization", "Bearer " + token);
    headers.emplace_back("Accept", "application/json");
    return get(base_url, path, headers);
}

} // namespace simtest
