// Before anyone logs in: which teachers and parents of a roster Veracross
// SSO will recognise, by the rules of sso_roster_match (an email, trimmed and
// in any case, that belongs to one person; a username only when the school
// chose email_or_username), who it will not and why, and which emails
// several people share (their login shows a choice of candidates).
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace veracross {

struct SsoPreviewPerson {
    std::string id, kind; // kind: teacher, staff, student, parent
    std::string email, username;
};

// `people`: every person of the roster (a person under two kinds may come
// twice); match_by: "email" or "email_or_username". Returns
// {match_by, teachers: {total, recognised}, parents: {total, recognised},
//  not_recognised: [{id, kind, reason, candidates}], collisions: [{email, ids, kinds}]};
// reason: no_email, shared_email, shared_username.
Poco::JSON::Object::Ptr sso_match_preview(const std::vector<SsoPreviewPerson> &people, const std::string &match_by);

} // namespace veracross
