#include "operations/import_safeguards.hpp"

#include "roster/bookings_at_risk.hpp"
#include "roster/large_change_hold.hpp"
#include "roster/readiness.hpp"
#include "sso/sso_match_preview.hpp"

namespace veracross {
namespace {

// A member of the roster document, as it is, into the open object.
void copy_member(JsonWriter &out, const Poco::JSON::Object &doc, const std::string &name) {
    if (!doc.has(name)) return;
    const auto v = doc.get(name);
    if (v.type() == typeid(Poco::JSON::Object::Ptr)) out.key(name).tree(v.extract<Poco::JSON::Object::Ptr>());
    else if (v.isBoolean()) out.key(name).value(v.extract<bool>());
    else out.key(name).value(v.convert<std::string>());
}

} // namespace

SafeguardReport check_safeguards(const Roster &roster, const EventSpec &spec, const std::string &sso_match) {
    SafeguardReport report;
    const SafeguardSettings &settings = spec.safeguards;
    if (spec.previous) {
        const LargeChange change = measure_large_change(*spec.previous, roster, settings.large_change_percent);
        if (change.large()) {
            report.large_change = change.details;
            report.held = !spec.dry_run && !settings.accept_large_change;
            report.large_change->set("accepted", !spec.dry_run && settings.accept_large_change);
        }
    }
    if (settings.bookings_given)
        report.bookings_at_risk = bookings_at_risk_json(bookings_at_risk(roster, settings.bookings));

    report.readiness = readiness_report(roster);
    std::vector<SsoPreviewPerson> people;
    people.reserve(roster.people.size());
    // One entry per role: a teacher who is also a parent is judged as both.
    for (const auto &p : roster.people) {
        if (p.roles.empty()) people.push_back({std::to_string(p.id), kind_name(p.kind), p.email, p.username});
        for (PersonKind role : p.roles) people.push_back({std::to_string(p.id), kind_name(role), p.email, p.username});
    }
    report.readiness->set("sso_match", sso_match_preview(people, sso_match));
    return report;
}

void write_safeguards(JsonWriter &out, const SafeguardReport &report) {
    if (report.large_change && !report.held) out.key("large_change").tree(report.large_change);
    if (report.bookings_at_risk) {
        out.key("bookings_at_risk").begin_array();
        for (std::size_t i = 0; i < report.bookings_at_risk->size(); ++i)
            out.tree(report.bookings_at_risk->getObject(static_cast<unsigned>(i)));
        out.end_array();
    }
    out.key("readiness").tree(report.readiness);
}

void write_held_heading(JsonWriter &out, const Poco::JSON::Object &doc, const SafeguardReport &report) {
    for (const char *name : {"schema", "sis", "school_route", "event", "preview"}) copy_member(out, doc, name);
    out.key("held").tree(report.large_change);
    copy_member(out, doc, "counts");
}

} // namespace veracross
