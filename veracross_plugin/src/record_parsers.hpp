// Turning one Veracross JSON record into its struct. A record with a field
// of the wrong type is refused with a reason (the importer warns and goes
// on); unknown fields are ignored, as Veracross may add fields at any time.
#pragma once

#include "records.hpp"

#include <Poco/JSON/Object.h>

#include <stdexcept>

namespace veracross {

class BadRecord : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Each throws BadRecord naming the field.
StaffRecord parse_staff(const Poco::JSON::Object &record);
ParentRecord parse_parent(const Poco::JSON::Object &record);
StudentRecord parse_student(const Poco::JSON::Object &record);
RelationshipRecord parse_relationship(const Poco::JSON::Object &record);
GradingPeriodRecord parse_grading_period(const Poco::JSON::Object &record);
ClassRecord parse_class(const Poco::JSON::Object &record);
EnrollmentRecord parse_enrollment(const Poco::JSON::Object &record);

// The record's id as text for a warning, or "?" when it has none.
std::string record_id_text(const Poco::JSON::Object &record);

} // namespace veracross
