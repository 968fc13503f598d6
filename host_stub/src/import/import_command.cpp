#include "import/import_command.hpp"
#include "base/json_object.hpp"

#include "base/atomic_file.hpp"
#include "base/exit_codes.hpp"
#include "base/json_members.hpp"
#include "import/import_safeguards.hpp"
#include "oneroster/oneroster_export.hpp"
#include "base/yaml_json.hpp"

#include <Poco/JSON/Parser.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace sis_cli {
namespace {

std::string list_ids(const Poco::JSON::Array &ids, std::size_t shown) {
    std::string s;
    for (std::size_t i = 0; i < ids.size() && i < shown; ++i) s += (i ? ", " : "") + ids.getElement<std::string>(static_cast<unsigned>(i));
    if (ids.size() > shown) s += ", ... +" + std::to_string(ids.size() - shown) + " more";
    return s;
}

std::string change_counts(const Poco::JSON::Object &section) {
    auto count = [&](const char *name) {
        auto arr = section.getArray(name);
        return std::to_string(arr ? arr->size() : 0);
    };
    return "+" + count("added") + " ~" + count("changed") + " -" + count("removed");
}

std::string previous_error(const std::string &file) {
    return file + ": --previous must be a roster JSON file an import wrote";
}

} // namespace

ImportRequest read_import_request(const Args &args) {
    const std::string file = args.required("event");
    auto event = parse_object(yaml_file_to_json(file));
    if (!event) throw UsageError(file + ": the event file must be a mapping of settings");
    if (args.flag("dry-run")) event->set("dry_run", true);
    if (args.flag("full")) event->set("full_import", true);
    if (args.flag("accept-large-change")) event->set("accept_large_change", true);
    if (args.options.count("bookings")) event->set("bookings", read_bookings_file(args.option("bookings")));
    ImportRequest request;
    if (args.options.count("previous")) {
        const std::string previous_file = args.option("previous");
        std::ifstream in(previous_file, std::ios::binary);
        if (in) {
            request.previous_file = previous_file;
            // Read at once into its size: tens of MB, copied no more than needed.
            std::error_code no_size; // a folder, say
            const auto size = std::filesystem::file_size(previous_file, no_size);
            if (no_size) throw UsageError(previous_error(previous_file));
            request.previous_text.resize(static_cast<std::size_t>(size));
            if (!in.read(&request.previous_text[0], static_cast<std::streamsize>(size)))
                throw UsageError(previous_error(previous_file));
            // An object or nothing: the text goes into the request as it is
            // (not built: a result is 60+ MB at 20,000 students).
            const auto first = request.previous_text.find_first_not_of(" \t\r\n");
            if (first == std::string::npos || request.previous_text[first] != '{')
                throw UsageError(previous_error(request.previous_file));
            event->remove("previous");
        } // no previous file yet: the first import has nothing to compare with
    }
    std::ostringstream out;
    event->stringify(out);
    request.json = out.str();
    if (!request.previous_text.empty()) request.json = with_member(std::move(request.json), "previous", request.previous_text);
    return request;
}

void check_previous(const std::string &file, const std::string &text) {
    try {
        parse_members(text, {});
    } catch (const std::exception &) {
        throw UsageError(previous_error(file));
    }
}

namespace {

// "2025-2026, Upper School: " for a period that names its year and level,
// and "every school level" for one that names none (it is every level's,
// docs/conference-rules.md): an admin sees at once what the event covers.
std::string period_year_and_level(const Poco::JSON::Object &period) {
    std::string out;
    for (const char *field : {"school_year", "school_level"}) {
        const auto coded = period.getObject(field);
        const std::string text = coded ? coded->optValue<std::string>("description", "")
                                 : std::string(field) == "school_level" ? "every school level"
                                                                        : "";
        if (!text.empty()) out += (out.empty() ? "" : ", ") + text;
    }
    return out.empty() ? out : out + ": ";
}

} // namespace

// The top-level members import_summary reads. Keep in step with it:
// import_summary_of_json parses nothing else.
const std::set<std::string> kSummaryMembers = {"preview", "sis",      "school_route", "event", "counts",
                                               "diff",    "warnings", "notes",        "stats", "delta",
                                               "held",    "large_change", "bookings_at_risk", "readiness"};

std::string import_summary(const Poco::JSON::Object &roster) {
    std::ostringstream s;
    auto event = roster.getObject("event");
    auto counts = roster.getObject("counts");
    s << (roster.optValue<bool>("preview", false) ? "Test import (preview, nothing published) of " : "Imported ")
      << '"' << event->optValue<std::string>("name", "") << "\" from " << roster.optValue<std::string>("sis", "")
      << " (" << roster.optValue<std::string>("school_route", "") << ")\n";
    if (auto periods = event->getArray("grading_periods")) {
        s << "  grading periods:";
        for (std::size_t i = 0; i < periods->size(); ++i) {
            auto p = periods->getObject(static_cast<unsigned>(i));
            s << (i ? "," : "") << " " << p->optValue<std::string>("name", "") << " ("
              << period_year_and_level(*p) << p->optValue<std::string>("start", "") << " .. "
              << p->optValue<std::string>("end", "") << ")";
        }
        s << "\n";
    }
    auto n = [&](const char *name) { return counts->optValue<Poco::Int64>(name, 0); };
    s << "  teachers " << n("teachers") << ", students " << n("students") << ", parents " << n("parents") << " ("
      << n("bookable_parents") << " may book), households " << n("households");
    // Split households (docs/conference-rules.md 6a): students each household books apart.
    if (counts->has("students_split_by_household"))
        s << " (" << n("students_split_by_household") << " students booked once per household)";
    s << "\n"
      << "  classes " << n("classes") << ", enrollments " << n("enrollments") << ", bookable parent-teacher pairs "
      << n("bookings") << "\n";
    if (auto diff = roster.getObject("diff")) {
        s << "  changes since the last import: people " << change_counts(*diff->getObject("people")) << ", links "
          << change_counts(*diff->getObject("links")) << ", classes " << change_counts(*diff->getObject("classes"))
          << ", enrollments " << change_counts(*diff->getObject("enrollments")) << "\n";
    }
    auto warnings = roster.getArray("warnings");
    if (warnings && warnings->size()) {
        s << "  warnings (" << warnings->size() << "):\n";
        for (std::size_t i = 0; i < warnings->size(); ++i) {
            auto w = warnings->getObject(static_cast<unsigned>(i));
            s << "    " << w->optValue<std::string>("code", "") << ": " << w->optValue<std::string>("message", "");
            if (auto ids = w->getArray("ids"); ids && ids->size()) s << " (" << list_ids(*ids, 5) << ")";
            s << "\n";
        }
    } else {
        s << "  no warnings\n";
    }
    if (auto notes = roster.getArray("notes"))
        for (std::size_t i = 0; i < notes->size(); ++i) s << "  note: " << notes->getElement<std::string>(static_cast<unsigned>(i)) << "\n";
    if (auto stats = roster.getObject("stats")) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.1f", stats->optValue<double>("seconds", 0));
        s << "  took " << seconds << " s, " << stats->optValue<Poco::Int64>("requests", 0) << " requests\n";
    }
    s << safeguards_summary(roster);
    if (auto delta = roster.getObject("delta"))
        s << "  delta: read only the records changed since " << delta->optValue<std::string>("since", "?")
          << "; records deleted in Veracross are removed by a full import (--full)\n";
    return s.str();
}

std::string import_summary_of_json(const std::string &roster_json) {
    return import_summary(*parse_members(roster_json, kSummaryMembers));
}

int finish_import(const sis_host::CallResult &result, const Args &args, std::ostream &out, std::ostream &err) {
    if (!result.ok()) {
        if (args.flag("json")) out << result.json << "\n";
        std::string message = result.json;
        try {
            message = parse_object(result.json)->optValue<std::string>("message", result.json);
        } catch (const std::exception &) {
        }
        err << "import failed (" << sis_status_name(result.status) << "): " << message << "\n";
        if (args.options.count("out")) err << "nothing was written: " << args.option("out") << " is unchanged\n";
        return kExitStatusBase + static_cast<int>(result.status);
    }
    // The few members the summary reads (not the roster's lists), read first:
    // a held result must not be written.
    const auto members = parse_members(result.json, kSummaryMembers);
    if (members->has("held")) {
        // Held: a large change waits for the host's acceptance; nothing is written.
        if (args.flag("json")) out << result.json << "\n";
        else out << held_summary(*members);
        if (args.options.count("out")) err << "nothing was written: " << args.option("out") << " is unchanged\n";
        return kExitHeld;
    }
    const std::string format = args.option("format", "roster-json");
    if (args.options.count("out")) {
        const std::string path = args.option("out");
        if (format == "roster-json") {
            write_file_atomically(path, result.json);
        } else if (format == "oneroster-csv") {
            export_oneroster_csv(*parse_object(result.json), path);
        } else {
            throw UsageError("--format must be roster-json or oneroster-csv");
        }
    }
    if (args.flag("json"))
        out << result.json << "\n";
    else
        out << import_summary(*members);
    return kExitOk;
}

} // namespace sis_cli
