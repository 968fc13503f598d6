// Turning one Veracross record into its struct. A record with a field
// of the wrong type is refused with a reason (the importer warns and goes
// on); unknown fields are ignored, as Veracross may add fields at any time.
#pragma once

#include "records/record_fields.hpp"
#include "records/records.hpp"

#include <Poco/JSON/Object.h>

#include <stdexcept>

namespace veracross {

class BadRecord : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Each throws BadRecord naming the field (or "has a value of the wrong
// type" for a number out of range).
StaffRecord parse_staff(const RecordFields &record);
ParentRecord parse_parent(const RecordFields &record);
StudentRecord parse_student(const RecordFields &record);
RelationshipRecord parse_relationship(const RecordFields &record);
GradingPeriodRecord parse_grading_period(const RecordFields &record);
ClassRecord parse_class(const RecordFields &record);
EnrollmentRecord parse_enrollment(const RecordFields &record);
PermissionRecord parse_permission(const RecordFields &record);
ClassScheduleRecord parse_class_schedule(const RecordFields &record);

// For a record already parsed as a JSON tree (connect reads one small page so).
GradingPeriodRecord parse_grading_period(const Poco::JSON::Object &record);

// The record's id as text for a warning, or "?" when it has none.
std::string record_id_text(const RecordFields &record);

} // namespace veracross
