// Who can sign in: the school's OAuth application and its SSO accounts.
#pragma once

#include "school/school.hpp"
#include "school_model.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace vcsim {

// The one application, with every import scope, the optional ones, sso and
// openid, registered for pickAtime's two redirect URIs.
OAuthApp make_app(const std::string &route, std::uint64_t seed);

// The account id of a person: "acct-" and 16 hex digits, never the person id.
std::string account_sub(std::int64_t person_id, std::uint64_t seed);

// Accounts for every current staff member, most living parents and some
// Upper School students, ordered by person id.
std::vector<LoginUser> make_users(const model::School &school, std::uint64_t seed);

} // namespace vcsim
