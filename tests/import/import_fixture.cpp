#include "import_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <iterator>
#include <mutex>
#include <sstream>

namespace import_test {
namespace {

struct Callbacks {
    std::atomic<int> progress{0};
    int cancel_after = 0;
    const vcsim::Simulator *sim = nullptr;
    std::once_flag cancel_seen;
    std::atomic<std::uint64_t> data_requests_at_cancel{0};
};

} // namespace

ImportFixture::ImportFixture(vcsim::SchoolSpec spec, vcsim::Options options)
    : school(vcsim::generate_school(spec)),
      plugin_(sis_host::load_checked(sis_host::load_manifest(SIS_PLUGIN_DIR "/veracross.yaml"))) {
    sim = std::make_unique<vcsim::Simulator>(options, std::vector<vcsim::School>{school});
    sim->start();
}

std::string ImportFixture::config_json() const {
    Poco::JSON::Object c;
    c.set("school_domain", school.route);
    c.set("client_id", school.apps.at(0).client_id);
    c.set("client_secret", school.apps.at(0).client_secret);
    c.set("integration_type", "imports");
    c.set("accounts_base_url", sim->https_base_url());
    c.set("api_base_url", sim->https_base_url());
    c.set("tls_ca_file", vcsim::test_ca_file());
    c.set("timeout_seconds", 10);
    std::ostringstream out;
    c.stringify(out);
    return out.str();
}

ImportRun ImportFixture::import(const Poco::JSON::Object &event, int cancel_after_progress) {
    Callbacks cb;
    cb.cancel_after = cancel_after_progress;
    cb.sim = sim.get();
    sis_host_services services{};
    services.struct_size = sizeof services;
    services.user_data = &cb;
    services.progress = [](void *u, const char *, uint64_t, uint64_t) { ++static_cast<Callbacks *>(u)->progress; };
    services.is_cancelled = [](void *u) {
        auto *c = static_cast<Callbacks *>(u);
        if (c->cancel_after <= 0 || c->progress < c->cancel_after) return 0;
        std::call_once(c->cancel_seen, [c] { c->data_requests_at_cancel = c->sim->counters().data_requests; });
        return 1;
    };
    sis_host::CallResult r;
    auto instance = sis_host::Instance::create(plugin_.plugin, config_json(), &services, r);
    if (instance) {
        std::ostringstream event_json;
        event.stringify(event_json);
        r = instance->import_event(event_json.str());
    }
    ImportRun run{r.status, r.json, nullptr, cb.progress.load(), cb.data_requests_at_cancel.load(),
                  sim->counters().data_requests};
    run.doc = Poco::JSON::Parser().parse(r.json).extract<Poco::JSON::Object::Ptr>();
    return run;
}

std::vector<std::int64_t> ImportFixture::period_ids(const std::string &description) const {
    std::vector<std::int64_t> ids;
    for (const auto &p : school.resources.at("academics/config/grading_periods").records)
        if (p->getValue<std::string>("description") == description) ids.push_back(p->getValue<std::int64_t>("id"));
    return ids;
}

vcsim::EventQuery ImportFixture::truth_query(const std::string &period) const {
    vcsim::EventQuery q;
    q.grading_period_names = {period}; // resolved in the current school year, as the import does
    const auto &scopes = school.apps.at(0).enabled_scopes;
    q.co_teachers = scopes.count("academics.permissions:list") > 0;
    q.class_terms = scopes.count("academics.class_schedules:list") > 0;
    return q;
}

Poco::JSON::Object event_for(const std::string &period, bool dry_run) {
    Poco::JSON::Object e;
    e.set("event_id", "fall-2025");
    e.set("name", "Fall Parent-Teacher Conferences");
    Poco::JSON::Array periods;
    periods.add(period);
    e.set("grading_periods", periods);
    if (dry_run) e.set("dry_run", true);
    return e;
}

namespace {

// Calls visit(parent, teacher, reason) for every booking reason of the
// roster's conference view.
template <class Visit> void for_each_reason(const Poco::JSON::Object &roster, Visit &&visit) {
    auto conference = roster.getArray("conference");
    REQUIRE(conference);
    for (std::size_t i = 0; i < conference->size(); ++i) {
        auto parent = conference->getObject(static_cast<unsigned>(i));
        auto teachers = parent->getArray("teachers");
        for (std::size_t t = 0; t < teachers->size(); ++t) {
            auto teacher = teachers->getObject(static_cast<unsigned>(t));
            auto reasons = teacher->getArray("for");
            for (std::size_t k = 0; k < reasons->size(); ++k)
                visit(*parent, *teacher, *reasons->getObject(static_cast<unsigned>(k)));
        }
    }
}

template <class Each> void for_each_object(const Poco::JSON::Object &roster, const std::string &list, Each each) {
    const Poco::JSON::Array::Ptr items = roster.getArray(list);
    REQUIRE(items);
    for (std::size_t i = 0; i < items->size(); ++i) each(*items->getObject(static_cast<unsigned>(i)));
}

std::vector<std::string> texts(const Poco::JSON::Array::Ptr &listed) {
    REQUIRE(listed);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < listed->size(); ++i) out.push_back(listed->getElement<std::string>(static_cast<unsigned>(i)));
    return out;
}

} // namespace

std::set<BookingKey> bookings_of(const Poco::JSON::Object &roster) {
    std::set<BookingKey> out;
    for_each_reason(roster, [&](const Poco::JSON::Object &parent, const Poco::JSON::Object &teacher,
                                const Poco::JSON::Object &why) {
        out.emplace(parent.getValue<std::string>("parent_id"), why.getValue<std::string>("student_id"),
                    teacher.getValue<std::string>("teacher_id"), text_or_empty(why, "class_id"),
                    why.getValue<std::string>("reason"));
    });
    return out;
}

std::set<BookingKey> bookings_of(const std::vector<vcsim::Booking> &truth) {
    std::set<BookingKey> out;
    for (const auto &b : truth)
        out.emplace(std::to_string(b.parent_id), std::to_string(b.student_id), std::to_string(b.teacher_id),
                    b.class_id ? std::to_string(b.class_id) : std::string(), b.reason);
    return out;
}

std::set<GroupKey> booking_groups_of(const Poco::JSON::Object &roster) {
    std::set<GroupKey> out;
    for_each_reason(roster, [&](const Poco::JSON::Object &parent, const Poco::JSON::Object &, const Poco::JSON::Object &why) {
        REQUIRE(why.has("booking_group"));
        out.emplace(parent.getValue<std::string>("parent_id"), why.getValue<std::string>("student_id"),
                    text_or_empty(why, "booking_group"));
    });
    return out;
}

std::set<GroupKey> booking_groups_of(const std::map<std::pair<std::int64_t, std::int64_t>, std::string> &truth) {
    std::set<GroupKey> out;
    for (const auto &[pair, group] : truth) out.emplace(std::to_string(pair.first), std::to_string(pair.second), group);
    return out;
}

vcsim::ConferenceView conference_view_of(const Poco::JSON::Object &roster) {
    using Poco::JSON::Object;
    vcsim::ConferenceView v;
    for_each_reason(roster, [&](const Object &parent, const Object &teacher, const Object &why) {
        v.bookings.insert(id_text(parent, "parent_id") + " " + id_text(why, "student_id") + " " +
                          id_text(teacher, "teacher_id") + " " + id_text(why, "class_id") + " " +
                          why.getValue<std::string>("reason"));
    });
    for_each_object(roster, "warnings", [&](const Object &w) {
        const auto ids = texts(w.getArray("ids"));
        const std::string message = w.getValue<std::string>("message");
        CHECK(message.rfind(std::to_string(ids.size()) + " ", 0) == 0); // the count it says is the ids it lists
        v.warnings.insert(vcsim::warning_text(w.getValue<std::string>("code"), ids));
    });
    for_each_object(roster, "people", [&](const Object &p) {
        std::string roles;
        for (const auto &role : texts(p.getArray("roles"))) roles += (roles.empty() ? "" : ",") + role;
        CHECK(roles.rfind(p.getValue<std::string>("kind"), 0) == 0); // kind is the first role
        v.people.insert(id_text(p, "id") + " " + roles);
    });
    for_each_object(roster, "links", [&](const Object &l) {
        v.links.insert(id_text(l, "parent_id") + " " + id_text(l, "student_id") +
                       (l.getValue<bool>("may_book") ? " may_book" : " may_not_book"));
    });
    for_each_object(roster, "classes", [&](const Object &c) {
        std::vector<long long> teachers;
        for (const auto &t : texts(c.getArray("teacher_ids"))) teachers.push_back(std::stoll(t));
        std::sort(teachers.begin(), teachers.end());
        std::string text = id_text(c, "id");
        for (long long t : teachers) text += " " + std::to_string(t);
        v.classes.insert(teachers.empty() ? text + " -" : text);
    });
    return v;
}

void withdraw_a_third(ImportFixture &f) {
    f.sim->mutate_school(f.school.route, [](vcsim::School &s) {
        auto &students = s.resources.at("students").records;
        std::vector<vcsim::Record> kept;
        for (std::size_t i = 0; i < students.size(); ++i)
            if (i % 3 != 0) kept.push_back(students[i]);
        students = kept;
    });
}

std::string text_or_empty(const Poco::JSON::Object &o, const std::string &key) {
    return o.isNull(key) ? std::string() : o.getValue<std::string>(key);
}

std::string id_text(const Poco::JSON::Object &o, const std::string &field) {
    return o.isNull(field) ? "-" : o.getValue<std::string>(field);
}

std::set<std::string> person_ids(const Poco::JSON::Object &roster) {
    std::set<std::string> ids;
    for_each_object(roster, "people", [&](const Poco::JSON::Object &p) { ids.insert(text_or_empty(p, "id")); });
    return ids;
}

std::string differences(const std::multiset<std::string> &got, const std::multiset<std::string> &want) {
    std::vector<std::string> extra, missing;
    std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
    std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
    std::ostringstream out;
    out << extra.size() << " extra, " << missing.size() << " missing";
    for (std::size_t i = 0; i < std::min<std::size_t>(extra.size(), 5); ++i) out << "\n  extra: " << extra[i];
    for (std::size_t i = 0; i < std::min<std::size_t>(missing.size(), 5); ++i) out << "\n  missing: " << missing[i];
    return out.str();
}

} // namespace import_test
