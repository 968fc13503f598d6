// The readiness report (docs/conference-rules.md, "Readiness"): what a
// school should fix before families book. Students no parent can be reached
// for, teachers without email, emails shared between records. The SSO
// preview (sso/sso_match_preview) joins it in the result as `sso_match`.
#pragma once

#include "roster/roster.hpp"

#include <Poco/JSON/Object.h>

namespace veracross {

// {"students_without_reachable_parent": [{student_id, display_name, why}],
//  "teachers_without_email": [{teacher_id, display_name}],
//  "shared_emails": [{email, between, ids}]}, ids as text, sorted.
Poco::JSON::Object::Ptr readiness_report(const Roster &roster);

} // namespace veracross
