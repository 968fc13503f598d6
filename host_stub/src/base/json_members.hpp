// A JSON object with only some of its top-level members built: the summary
// of an import needs a few small members of a roster whose people, links
// and enrollments are megabytes (60+ MB at 20,000 students).
#pragma once

#include <Poco/JSON/Object.h>

#include <set>
#include <string>

namespace sis_cli {

// The members of the JSON object `json` named in `names`, as parse_object
// would give them. Every other top-level member is still checked as JSON
// (a malformed document throws, as parse_object does) but never built.
Poco::JSON::Object::Ptr parse_members(const std::string &json, const std::set<std::string> &names);

// `object` (a JSON object's text as Poco writes it: nothing after its
// closing brace) with one more member, `name` (a plain name: nothing JSON
// escapes), whose value is the JSON text `value` as it is: a previous
// result of 60+ MB goes into an import request without being built and
// written again.
std::string with_member(std::string object, const std::string &name, const std::string &value);

} // namespace sis_cli
