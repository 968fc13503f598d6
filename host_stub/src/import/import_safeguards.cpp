#include "import/import_safeguards.hpp"

#include "base/cli.hpp"
#include "base/json_object.hpp"
#include "oneroster/csv_writer.hpp"

#include <Poco/JSON/Parser.h>

#include <fstream>
#include <sstream>

namespace sis_cli {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kShown = 5; // ids or rows printed per finding; the count says the rest

std::vector<Object::Ptr> objects(const Array::Ptr &list) {
    std::vector<Object::Ptr> out;
    for (std::size_t i = 0; list && i < list->size(); ++i)
        if (auto o = list->getObject(static_cast<unsigned>(i))) out.push_back(o);
    return out;
}

std::string joined(const Array::Ptr &ids, const std::string &separator, std::size_t shown = SIZE_MAX) {
    std::string s;
    for (std::size_t i = 0; ids && i < ids->size() && i < shown; ++i)
        s += (i ? separator : "") + ids->get(static_cast<unsigned>(i)).convert<std::string>();
    if (ids && ids->size() > shown) s += separator + "... +" + std::to_string(ids->size() - shown) + " more";
    return s;
}

// "    LABEL: a, b, ... +N more" with each row's ids (kShown rows at most); nothing without rows.
template <class RowText>
std::string ids_line(const std::string &label, const Array::Ptr &list, RowText row_text) {
    const auto rows = objects(list);
    if (rows.empty()) return "";
    std::string s = "    " + label + ": ";
    for (std::size_t i = 0; i < rows.size() && i < kShown; ++i) s += (i ? ", " : "") + row_text(*rows[i]);
    if (rows.size() > kShown) s += ", ... +" + std::to_string(rows.size() - kShown) + " more (--json lists them all)";
    return s + "\n";
}

std::string count_of(const Object &o, const std::string &name) {
    const auto list = o.getArray(name);
    return std::to_string(list ? list->size() : 0);
}

void check_id(const Object &item, const std::string &field, const std::string &where) {
    const auto v = item.has(field) ? item.get(field) : Poco::Dynamic::Var();
    if (v.isEmpty()) throw UsageError(where + ": " + field + " is missing");
    // Poco counts true and false as integers: refuse them first.
    const bool ok = !v.isBoolean() && (v.isInteger() || (v.isString() && !v.extract<std::string>().empty()));
    if (!ok) throw UsageError(where + ": " + field + " must be a person id (a number, or its text)");
}

} // namespace

Array::Ptr read_bookings_file(const std::string &path) {
    std::ifstream in(path);
    if (!in) throw UsageError(path + ": --bookings file cannot be read");
    std::stringstream content;
    content << in.rdbuf();
    Array::Ptr list;
    try {
        list = Poco::JSON::Parser().parse(content.str()).extract<Array::Ptr>();
    } catch (const std::exception &) {
        list = nullptr;
    }
    if (!list) throw UsageError(path + ": --bookings must be a JSON array of {parent_id, teacher_id, student_id}");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string where = path + ": item " + std::to_string(i + 1);
        const auto item = list->getObject(static_cast<unsigned>(i));
        if (!item) throw UsageError(where + " must be an object {parent_id, teacher_id, student_id}");
        for (const char *field : {"parent_id", "teacher_id", "student_id"}) check_id(*item, field, where);
    }
    return list;
}

std::string held_summary(const Object &result) {
    std::ostringstream s;
    const auto held = result.getObject("held");
    const auto event = result.getObject("event");
    auto share = [&](const char *name) {
        const auto part = held->getObject(name);
        return part ? field_text(*part, "removed") + " of " + field_text(*part, "before") + " (" + field_text(*part, "percent") + "%)"
                    : std::string("?");
    };
    s << "HELD: the import of \"" << (event ? field_text(*event, "name") : "") << "\" removes more than "
      << field_text(*held, "threshold_percent") << "% of the last result; nothing was published\n"
      << "  people removed: " << share("people") << "; bookable parent-teacher pairs removed: "
      << share("bookable_pairs") << "\n";
    if (const auto kinds = held->getObject("people_removed_by_kind"); kinds && kinds->size()) {
        s << "  removed by kind:";
        std::vector<std::string> names;
        kinds->getNames(names);
        for (const auto &n : names) s << " " << n << " " << field_text(*kinds, n);
        s << "\n";
    }
    const auto teachers = objects(held->getArray("teachers_losing_most_pairs"));
    for (std::size_t i = 0; i < teachers.size() && i < kShown; ++i)
        s << "  teacher " << field_text(*teachers[i], "teacher_id") << " " << field_text(*teachers[i], "display_name") << ": "
          << field_text(*teachers[i], "pairs_removed") << " of " << field_text(*teachers[i], "pairs_before") << " pairs removed\n";
    s << "  to publish it anyway: run again with --accept-large-change (or accept_large_change: true in the event)\n";
    return s.str() + safeguards_summary(result);
}

std::string safeguards_summary(const Object &result) {
    std::ostringstream s;
    if (const auto change = result.getObject("large_change"))
        s << "  large change (more than " << field_text(*change, "threshold_percent") << "% removed): "
          << (change->optValue<bool>("accepted", false) ? "accepted" : "an import would be held") << "\n";
    if (const auto at_risk = result.getArray("bookings_at_risk")) {
        s << "  bookings at risk: " << at_risk->size() << "\n";
        const auto rows = objects(at_risk);
        for (std::size_t i = 0; i < rows.size() && i < kShown; ++i)
            s << "    parent " << field_text(*rows[i], "parent_id") << ", teacher " << field_text(*rows[i], "teacher_id")
              << ", student " << field_text(*rows[i], "student_id") << ": " << field_text(*rows[i], "reason") << "\n";
        if (rows.size() > kShown) s << "    ... +" << rows.size() - kShown << " more (--json lists them all)\n";
    }
    if (const auto r = result.getObject("readiness")) {
        s << "  readiness: " << count_of(*r, "students_without_reachable_parent")
          << " students without a parent who can be reached, " << count_of(*r, "teachers_without_email")
          << " teachers without email, " << count_of(*r, "shared_emails") << " shared emails\n";
        s << ids_line("students without a parent who can be reached", r->getArray("students_without_reachable_parent"),
                      [](const Object &o) { return field_text(o, "student_id") + " (" + field_text(o, "why") + ")"; })
          << ids_line("teachers without email", r->getArray("teachers_without_email"),
                      [](const Object &o) { return field_text(o, "teacher_id"); })
          << ids_line("shared emails", r->getArray("shared_emails"), [](const Object &o) {
                 return joined(o.getArray("ids"), " ") + " (" + field_text(o, "between") + ")";
             });
        if (const auto sso = r->getObject("sso_match")) {
            auto tally = [&](const char *name) {
                const auto t = sso->getObject(name);
                return t ? field_text(*t, "recognised") + " of " + field_text(*t, "total") : std::string("?");
            };
            s << "  SSO (" << field_text(*sso, "match_by") << ") will recognise teachers " << tally("teachers")
              << ", parents " << tally("parents") << "; " << count_of(*sso, "not_recognised") << " not, "
              << count_of(*sso, "collisions") << " emails shared by several people\n";
            s << ids_line("not recognised", sso->getArray("not_recognised"),
                          [](const Object &o) { return field_text(o, "id") + " (" + field_text(o, "kind") + ", " + field_text(o, "reason") + ")"; })
              << ids_line("one email, several people", sso->getArray("collisions"),
                          [](const Object &o) { return joined(o.getArray("ids"), " "); });
        }
    }
    return s.str();
}

std::string readiness_csv(const Object &result) {
    CsvTable table({"check", "ids", "kind", "display_name", "email", "detail"});
    const auto r = result.getObject("readiness");
    if (!r) return table.text();
    for (const auto &row : objects(r->getArray("students_without_reachable_parent")))
        table.add({{"check", "student_without_reachable_parent"}, {"ids", field_text(*row, "student_id")}, {"kind", "student"},
                   {"display_name", field_text(*row, "display_name")}, {"detail", field_text(*row, "why")}});
    for (const auto &row : objects(r->getArray("teachers_without_email")))
        table.add({{"check", "teacher_without_email"}, {"ids", field_text(*row, "teacher_id")}, {"kind", "teacher"},
                   {"display_name", field_text(*row, "display_name")}});
    for (const auto &row : objects(r->getArray("shared_emails")))
        table.add({{"check", "shared_email"}, {"ids", joined(row->getArray("ids"), " ")}, {"email", field_text(*row, "email")},
                   {"detail", field_text(*row, "between")}});
    if (const auto sso = r->getObject("sso_match")) {
        for (const auto &row : objects(sso->getArray("not_recognised")))
            table.add({{"check", "sso_not_recognised"}, {"ids", field_text(*row, "id")}, {"kind", field_text(*row, "kind")},
                       {"detail", field_text(*row, "reason") +
                                      (row->getArray("candidates") && row->getArray("candidates")->size()
                                           ? ": candidates " + joined(row->getArray("candidates"), " ")
                                           : "")}});
        for (const auto &row : objects(sso->getArray("collisions")))
            table.add({{"check", "sso_collision"}, {"ids", joined(row->getArray("ids"), " ")},
                       {"kind", joined(row->getArray("kinds"), " ")}, {"email", field_text(*row, "email")}});
    }
    return table.text();
}

} // namespace sis_cli
