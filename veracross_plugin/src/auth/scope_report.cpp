#include "auth/scope_report.hpp"

namespace veracross {

Poco::JSON::Array::Ptr scope_rows(const std::vector<ScopeNeed> &needs,
                                  const std::optional<ScopeGrants> &grants) {
    Poco::JSON::Array::Ptr rows = new Poco::JSON::Array;
    for (const auto &need : needs) {
        Poco::JSON::Object::Ptr row = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        row->set("scope", need.scope);
        row->set("purpose", need.purpose);
        row->set("required", need.required);
        if (grants && has_scope(grants->granted, need.scope)) row->set("granted", true);
        if (grants && has_scope(grants->refused, need.scope)) row->set("granted", false);
        rows->add(row);
    }
    return rows;
}

std::vector<std::string> refused_scopes(const std::vector<ScopeNeed> &needs,
                                        const std::optional<ScopeGrants> &grants, bool required) {
    std::vector<std::string> out;
    if (!grants) return out;
    for (const auto &need : needs)
        if (need.required == required && has_scope(grants->refused, need.scope))
            out.push_back(need.scope);
    return out;
}

} // namespace veracross
