// The form an email is compared in: trimmed, any case. SSO finds a login's
// person by it, and the readiness report finds shared emails by it, so both
// agree on what "the same email" is.
#pragma once

#include <Poco/String.h>

#include <string>

namespace veracross {

inline std::string email_key(const std::string &email) { return Poco::toLower(Poco::trim(email)); }

} // namespace veracross
