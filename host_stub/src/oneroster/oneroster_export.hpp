// sis-host import --format oneroster-csv: the neutral roster an import
// returned, written as a OneRoster 1.2 bulk CSV folder that any other
// OneRoster tool can read.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstddef>
#include <string>

namespace sis_cli {

// What one export wrote: the data rows of each file.
struct OneRosterCounts {
    std::size_t orgs = 0, users = 0, roles = 0, academic_sessions = 0, courses = 0, classes = 0, enrollments = 0;
    // Class teacher ids that are not among the roster's people (the importer
    // warns of them): no user, so no teacher enrollment either.
    std::size_t unknown_teachers = 0;
};

// Writes manifest.csv, orgs.csv, users.csv, roles.csv, academicSessions.csv,
// courses.csv, classes.csv and enrollments.csv into out_dir, replacing the
// folder as a whole (see oneroster_atomic_folder.hpp). Throws
// std::runtime_error naming out_dir when the roster lacks a part the files
// need or refers to something it does not hold, or on I/O failure; out_dir is
// then as it was.
OneRosterCounts export_oneroster_csv(const Poco::JSON::Object &roster, const std::string &out_dir);

} // namespace sis_cli
