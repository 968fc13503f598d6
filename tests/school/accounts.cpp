#include "accounts.hpp"

#include "random.hpp"
#include "record_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <unordered_set>

namespace vcsim {

namespace {

std::uint64_t fnv1a(const std::string &text) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
    return hash;
}

std::string hex16(std::uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

// Secret-looking hex derived from the route, the seed and a purpose.
std::string derived_hex(const std::string &route, std::uint64_t seed, std::uint64_t salt, int words) {
    const std::uint64_t base = fnv1a(route) ^ mix64(seed);
    std::string out;
    for (int w = 0; w < words; ++w) out += hex16(mix64(base ^ mix64(salt * 16 + static_cast<std::uint64_t>(w))));
    return out;
}

std::vector<std::string> split_roles(const std::string &roles) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t comma; (comma = roles.find(", ", start)) != std::string::npos; start = comma + 2)
        out.push_back(roles.substr(start, comma - start));
    out.push_back(roles.substr(start));
    return out;
}

} // namespace

OAuthApp make_app(const std::string &route, std::uint64_t seed) {
    OAuthApp app;
    app.client_id = derived_hex(route, seed, 1, 2);
    app.client_secret = derived_hex(route, seed, 2, 4);
    for (const auto &[path, prefix] : resource_scopes()) {
        app.enabled_scopes.insert(prefix + ":list");
        if (path != "academics/class_schedules") app.enabled_scopes.insert(prefix + ":read"); // list only
    }
    app.enabled_scopes.insert("sso");
    app.enabled_scopes.insert("openid");
    app.redirect_uris = {"https://pickatime.com/client", "https://www.pickatime.com/client"};
    return app;
}

std::string account_sub(std::int64_t person_id, std::uint64_t seed) {
    // mix64 is a bijection, so distinct people get distinct subs.
    return "acct-" + hex16(mix64(static_cast<std::uint64_t>(person_id) ^ mix64(seed ^ 0x5ab)));
}

std::vector<LoginUser> make_users(const model::School &school, std::uint64_t seed) {
    Rng rng(mix64(seed ^ 0xacc));
    std::vector<LoginUser> users;
    std::unordered_set<std::int64_t> has_account, deceased, scripted_students, scripted_relatives;
    for (const auto &s : school.students)
        if (s.in_scripted_family) scripted_students.insert(s.id);
    for (const auto &r : school.relationships) {
        if (r.deceased) deceased.insert(r.related_person_id);
        if (scripted_students.count(r.person_id)) scripted_relatives.insert(r.related_person_id);
        if (scripted_students.count(r.related_person_id)) scripted_relatives.insert(r.person_id);
    }
    auto add = [&](std::int64_t id, const std::string &username, const std::optional<std::string> &email,
                   std::vector<std::string> roles) {
        has_account.insert(id);
        users.push_back({account_sub(id, seed), username, email.value_or(""), std::move(roles), id});
    };
    for (const auto &s : school.staff)
        if (!s.date_terminated) add(s.id, s.username, s.email, split_roles(s.roles));
    for (const auto &p : school.parents) {
        if (has_account.count(p.id) || deceased.count(p.id)) continue;
        // Most parents have activated their account; every relative in the
        // scripted families has, so their cases can be signed in as.
        if (rng.chance(0.1) && !scripted_relatives.count(p.id)) continue;
        add(p.id, p.username, p.email, {"Parent"});
    }
    for (const auto &s : school.students)
        if (s.grade >= 9 && rng.chance(0.25)) add(s.id, s.username, s.email, {"Student"});
    std::sort(users.begin(), users.end(), [](const LoginUser &a, const LoginUser &b) { return a.person_id < b.person_id; });
    return users;
}

} // namespace vcsim
