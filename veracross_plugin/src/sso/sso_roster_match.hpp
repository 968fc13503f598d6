// Which person of an event's roster (the neutral roster document of
// import_event) logged in. Veracross does not say whether `sub` equals the
// person id, and calls preferred_username display-only, so the match is by
// email (trimmed, any case); by roster username only when the school's
// config says so (sso_match: email_or_username); never by sub.
#pragma once

#include "sso/sso_identity.hpp"

#include <Poco/JSON/Object.h>

#include <string>

namespace veracross {

// Adds to `result` either "person": {id, kind, kinds, display_name, email,
// matched_by, may_book, may_be_booked, teachers}, or, when several people
// share the email, "candidates": [such persons] and "matched_by", for the
// host to ask which one the user is. may_book: a parent with a may_book
// link; may_be_booked: a teacher; teachers (with the children and classes
// that make it so) from the roster's conference view. match_by: "email" or
// "email_or_username". Throws PluginError user_not_in_roster (details carry
// `identity`).
void add_roster_match(const SsoIdentity &identity, const Poco::JSON::Object &roster,
                      const Poco::JSON::Object::Ptr &identity_json, const std::string &match_by,
                      Poco::JSON::Object &result);

} // namespace veracross
