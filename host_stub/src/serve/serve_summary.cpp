#include "serve/serve_summary.hpp"

#include "import/import_command.hpp"
#include "import/import_safeguards.hpp"

#include <Poco/JSON/Array.h>

#include <set>

namespace sis_cli {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kIdsShown = 8; // ids listed per warning or change; the count says the rest

Array::Ptr first_ids(const Array::Ptr &ids) {
    Array::Ptr shown = new Array;
    for (std::size_t i = 0; ids && i < ids->size() && i < kIdsShown; ++i) {
        const auto v = ids->get(static_cast<unsigned>(i));
        // changed entries are objects {id, fields}: show the id
        if (v.type() == typeid(Object::Ptr))
            shown->add(v.extract<Object::Ptr>()->optValue<std::string>("id", ""));
        else
            shown->add(v.toString());
    }
    return shown;
}

Object::Ptr changes(const Object::Ptr &section) {
    Object::Ptr out = new Object(true);
    for (const char *kind : {"added", "changed", "removed"}) {
        const auto list = section ? section->getArray(kind) : nullptr;
        Object::Ptr part = new Object(true);
        part->set("count", list ? static_cast<int>(list->size()) : 0);
        part->set("ids", first_ids(list));
        out->set(kind, part);
    }
    return out;
}

Array::Ptr sorted(const std::set<std::string> &names) {
    Array::Ptr a = new Array;
    for (const auto &n : names) a->add(n);
    return a;
}

// The first rows of a list, and how many there are.
Object::Ptr first_rows(const Array::Ptr &list) {
    Object::Ptr out = new Object(true);
    Array::Ptr rows = new Array;
    for (std::size_t i = 0; list && i < list->size() && i < kIdsShown; ++i) rows->add(list->get(static_cast<unsigned>(i)));
    out->set("count", list ? static_cast<int>(list->size()) : 0);
    out->set("rows", rows);
    return out;
}

// The safeguards (docs/conference-rules.md): a held large change, the
// bookings at risk and the readiness report, each list cut to its first rows.
void add_safeguards(Object &s, const Object &roster) {
    const auto held = roster.getObject("held");
    s.set("held", held ? Poco::Dynamic::Var(held) : Poco::Dynamic::Var());
    if (held) {
        s.set("title", "Held: a large change, nothing published");
        s.set("text", held_summary(roster));
    }
    const auto change = roster.getObject("large_change");
    s.set("large_change", change ? Poco::Dynamic::Var(change) : Poco::Dynamic::Var());
    const auto at_risk = roster.getArray("bookings_at_risk");
    s.set("bookings_at_risk", at_risk ? Poco::Dynamic::Var(first_rows(at_risk)) : Poco::Dynamic::Var());
    const auto readiness = roster.getObject("readiness");
    if (!readiness) {
        s.set("readiness", Poco::Dynamic::Var());
        return;
    }
    Object::Ptr r = new Object(true);
    for (const char *list : {"students_without_reachable_parent", "teachers_without_email", "shared_emails"})
        r->set(list, first_rows(readiness->getArray(list)));
    if (const auto sso = readiness->getObject("sso_match")) {
        Object::Ptr m = new Object(true);
        for (const char *name : {"match_by", "teachers", "parents"}) m->set(name, sso->get(name));
        m->set("not_recognised", first_rows(sso->getArray("not_recognised")));
        m->set("collisions", first_rows(sso->getArray("collisions")));
        r->set("sso_match", m);
    }
    s.set("readiness", r);
}

} // namespace

const std::set<std::string> kRosterSummaryMembers = {
    "held", "large_change", "bookings_at_risk", "readiness", "preview", "event", "sis", "school_route",
    "counts", "warnings", "notes", "diff", "people", "stats"};

Object::Ptr roster_summary(const Object &roster) {
    Object::Ptr s = new Object(true);
    const bool preview = roster.optValue<bool>("preview", false);
    const auto event = roster.getObject("event");
    s->set("preview", preview);
    s->set("title", preview ? "Test import (preview, nothing published)" : "Imported");
    s->set("event_name", event ? event->optValue<std::string>("name", "") : "");
    s->set("sis", roster.optValue<std::string>("sis", ""));
    s->set("school_route", roster.optValue<std::string>("school_route", ""));
    Array::Ptr periods = new Array;
    if (const auto list = event ? event->getArray("grading_periods") : nullptr)
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto p = list->getObject(static_cast<unsigned>(i));
            Object::Ptr row = new Object(true);
            for (const char *f : {"name", "start", "end"}) row->set(f, p->optValue<std::string>(f, ""));
            // The period's school year and level, as descriptions ("" when not
            // named; a period that names no level is every level's).
            for (const char *f : {"school_year", "school_level"}) {
                const auto coded = p->getObject(f);
                row->set(f, coded ? coded->optValue<std::string>("description", "")
                                  : std::string(f) == "school_level" ? "every school level" : "");
            }
            periods->add(row);
        }
    s->set("grading_periods", periods);
    s->set("counts", roster.getObject("counts") ? roster.getObject("counts") : Object::Ptr(new Object));

    Array::Ptr warnings = new Array;
    if (const auto list = roster.getArray("warnings"))
        for (std::size_t i = 0; i < list->size(); ++i) {
            const auto w = list->getObject(static_cast<unsigned>(i));
            const auto ids = w->getArray("ids");
            Object::Ptr row = new Object(true);
            row->set("code", w->optValue<std::string>("code", ""));
            row->set("message", w->optValue<std::string>("message", ""));
            row->set("count", ids ? static_cast<int>(ids->size()) : 0);
            row->set("ids", first_ids(ids));
            warnings->add(row);
        }
    s->set("warnings", warnings);
    s->set("notes", roster.getArray("notes") ? roster.getArray("notes") : Array::Ptr(new Array));

    if (const auto diff = roster.getObject("diff")) {
        Object::Ptr d = new Object(true);
        for (const char *section : {"people", "links", "classes", "enrollments"})
            d->set(section, changes(diff->getObject(section)));
        s->set("diff", d);
    } else {
        s->set("diff", Poco::Dynamic::Var());
    }

    std::set<std::string> school_levels, grade_levels;
    if (const auto people = roster.getArray("people"))
        for (std::size_t i = 0; i < people->size(); ++i) {
            const auto p = people->getObject(static_cast<unsigned>(i));
            for (auto [field, into] : {std::pair{"school_level", &school_levels}, std::pair{"grade_level", &grade_levels}})
                if (const auto level = p->getObject(field))
                    if (const auto text = level->optValue<std::string>("description", ""); !text.empty())
                        into->insert(text);
        }
    s->set("school_levels", sorted(school_levels));
    s->set("grade_levels", sorted(grade_levels));
    if (const auto stats = roster.getObject("stats")) {
        Object::Ptr st = new Object(true);
        st->set("seconds", stats->optValue<double>("seconds", 0));
        st->set("requests", stats->optValue<Poco::Int64>("requests", 0));
        s->set("stats", st);
    }
    s->set("text", import_summary(roster));
    add_safeguards(*s, roster);
    return s;
}

} // namespace sis_cli
