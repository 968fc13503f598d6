#include "base/render.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <sstream>

namespace sis_cli {
namespace {

using Object = Poco::JSON::Object;

Object::Ptr parse(const std::string &json) {
    try {
        return Poco::JSON::Parser().parse(json).extract<Object::Ptr>();
    } catch (const std::exception &) {
        return nullptr;
    }
}

std::string text(const Object::Ptr &o, const std::string &name) {
    return o ? o->optValue<std::string>(name, "") : std::string();
}

std::string joined(const Poco::JSON::Array::Ptr &list) {
    std::string s;
    if (list)
        for (const auto &v : *list) s += (s.empty() ? "" : ", ") + v.toString();
    return s;
}

// One line per scope: ✓ granted, ✗ refused, · not checked yet.
void scope_lines(std::ostream &out, const Poco::JSON::Array::Ptr &scopes) {
    if (!scopes) return;
    std::size_t width = 0;
    for (std::size_t i = 0; i < scopes->size(); ++i)
        width = std::max(width, text(scopes->getObject(i), "scope").size() +
                                    (scopes->getObject(i)->optValue("required", true) ? 0 : 11));
    for (std::size_t i = 0; i < scopes->size(); ++i) {
        const auto s = scopes->getObject(i);
        const std::string mark = !s->has("granted") ? "·" : s->getValue<bool>("granted") ? "✓" : "✗";
        std::string name = text(s, "scope") + (s->optValue("required", true) ? "" : " (optional)");
        name.resize(width, ' ');
        out << "  " << mark << " " << name << "  " << text(s, "purpose") << "\n";
    }
}

} // namespace

std::string render_connect(const std::string &json) {
    const auto doc = parse(json);
    if (!doc || !doc->has("checks")) return {}; // an error without a report: its message is enough
    std::ostringstream out;
    const bool ok = doc->optValue("ok", false);
    if (doc->has("school_route"))
        out << "Veracross connection of school route '" << text(doc, "school_route")
            << "' (integration type " << text(doc, "integration_type") << ")\n\n";
    if (auto checks = doc->getArray("checks")) {
        for (std::size_t i = 0; i < checks->size(); ++i) {
            const auto c = checks->getObject(i);
            out << "  " << (c->optValue("ok", false) ? "✓ " : "✗ ") << text(c, "message") << "\n";
        }
        out << "\n";
    }
    if (auto scopes = doc->getArray("scopes"); scopes && scopes->size() > 0) {
        out << "Scopes (✓ enabled, ✗ not enabled, · not checked):\n";
        scope_lines(out, scopes);
        out << "\n";
    }
    if (auto warnings = doc->getArray("warnings"); warnings && warnings->size() > 0) {
        for (const auto &w : *warnings) out << "  ! " << w.toString() << "\n";
        out << "\n";
    }
    out << (ok ? "Connected: everything this integration type needs works.\n"
               : "Not connected: fix what is marked ✗ above, then connect again.\n");
    return out.str();
}

std::string render_scopes(const std::string &json) {
    const auto doc = parse(json);
    if (!doc) return json + "\n";
    if (!doc->has("scopes")) return text(doc, "message") + "\n"; // an error
    std::ostringstream out;
    const bool checked = doc->optValue("checked", false);
    out << "Scopes for integration type " << text(doc, "integration_type")
        << (checked ? " (✓ enabled, ✗ not enabled, · not checked):\n"
                    : " (not checked against Veracross: add --check to see which are enabled):\n");
    scope_lines(out, doc->getArray("scopes"));
    const std::string missing = joined(doc->getArray("missing_scopes"));
    if (!missing.empty())
        out << "\nMissing required scopes: " << missing
            << ".\nEnable them in Axiom > Identity & Access Management > OAuth Applications > "
               "(the pickAtime application) > Scopes, then click Save.\n";
    return out.str();
}

} // namespace sis_cli
