// Which person of an event's roster (the neutral roster document of
// import_event) logged in. Veracross does not say whether `sub` equals the
// person id, so the match is by email (case-insensitive), narrowed or
// replaced by username (preferred_username), never by sub.
#pragma once

#include "sso/sso_identity.hpp"

#include <Poco/JSON/Object.h>

namespace veracross {

// {id, kind, kinds, display_name, email, matched_by, may_book, may_be_booked, teachers}:
// may_book for a parent with a may_book link, may_be_booked for a teacher,
// teachers (with the children and classes that make it so) from the
// roster's conference view. Throws PluginError user_not_in_roster or
// user_ambiguous_in_roster, whose details carry `identity`.
Poco::JSON::Object::Ptr match_roster_person(const SsoIdentity &identity, const Poco::JSON::Object &roster,
                                            const Poco::JSON::Object::Ptr &identity_json);

} // namespace veracross
