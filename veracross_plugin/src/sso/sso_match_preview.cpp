#include "sso/sso_match_preview.hpp"

#include "common/email_key.hpp"
#include "common/json_text.hpp"

#include <Poco/JSON/Array.h>

#include <map>
#include <set>

namespace veracross {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

using IdsByKey = std::map<std::string, std::set<std::string>>;

IdsByKey ids_by(const std::vector<SsoPreviewPerson> &people, std::string SsoPreviewPerson::*field) {
    IdsByKey out;
    for (const auto &p : people)
        if (const std::string key = email_key(p.*field); !key.empty()) out[key].insert(p.id);
    return out;
}

Object::Ptr tally(std::size_t total, std::size_t recognised) {
    Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("total", total);
    o->set("recognised", recognised);
    return o;
}

} // namespace

Object::Ptr sso_match_preview(const std::vector<SsoPreviewPerson> &people, const std::string &match_by) {
    const IdsByKey by_email = ids_by(people, &SsoPreviewPerson::email);
    const IdsByKey by_username = ids_by(people, &SsoPreviewPerson::username);
    const bool usernames = match_by == "email_or_username";

    // Each (id, kind) once: a teacher who is also a parent is judged as both.
    std::set<std::pair<std::string, std::string>> judged;
    std::size_t totals[2] = {}, recognised[2] = {}; // teachers, parents
    Array::Ptr not_recognised = new Array;
    for (const auto &p : people) {
        if ((p.kind != "teacher" && p.kind != "parent") || !judged.insert({p.id, p.kind}).second) continue;
        const int slot = p.kind == "teacher" ? 0 : 1;
        ++totals[slot];
        const std::string email = email_key(p.email), username = email_key(p.username);
        std::string reason;
        std::set<std::string> candidates;
        if (!email.empty()) {
            candidates = by_email.at(email);
            if (candidates.size() > 1) reason = "shared_email";
        } else if (usernames && !username.empty()) {
            candidates = by_username.at(username);
            if (candidates.size() > 1) reason = "shared_username";
        } else {
            reason = "no_email";
        }
        if (reason.empty()) {
            ++recognised[slot];
            continue;
        }
        Object::Ptr row = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        row->set("id", p.id);
        row->set("kind", p.kind);
        row->set("reason", reason);
        row->set("candidates", json_list({candidates.begin(), candidates.end()}));
        not_recognised->add(row);
    }

    std::map<std::string, std::set<std::string>> kinds_by_email;
    for (const auto &p : people)
        if (const std::string key = email_key(p.email); !key.empty() && by_email.at(key).size() > 1)
            kinds_by_email[key].insert(p.kind);
    Array::Ptr collisions = new Array;
    for (const auto &[email, ids] : by_email) {
        if (ids.size() < 2) continue;
        const std::set<std::string> &kinds = kinds_by_email[email];
        Object::Ptr row = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        row->set("email", email);
        row->set("ids", json_list({ids.begin(), ids.end()}));
        row->set("kinds", json_list({kinds.begin(), kinds.end()}));
        collisions->add(row);
    }

    Object::Ptr out = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    out->set("match_by", usernames ? "email_or_username" : "email");
    out->set("teachers", tally(totals[0], recognised[0]));
    out->set("parents", tally(totals[1], recognised[1]));
    out->set("not_recognised", not_recognised);
    out->set("collisions", collisions);
    return out;
}

} // namespace veracross
