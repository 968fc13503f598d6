// One Veracross Data API page as it reaches the importer: its text read
// straight into records (page_reader.cpp, record_fields.cpp,
// record_parsers.cpp, value_lists.cpp). The first byte picks which of the
// seven collections the page claims to be.
// Any body gives records and unreadable-record warnings, or
// PluginError(veracross::Status::remote_error) for a body that is no page at all.
#include "fuzz_support.hpp"

#include "records/page_reader.hpp"
#include "common/plugin_error.hpp"
#include "records/school_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size == 0) return 0;
    const auto &resources = veracross::import_resources();
    const veracross::ImportResource &resource = resources[data[0] % resources.size()];
    const std::string body = fuzz::text(data + 1, size - 1);
    try {
        veracross::SchoolData school;
        const std::size_t count = veracross::read_page(school, resource, body);
        const std::size_t read = school.staff.size() + school.parents.size() + school.students.size() +
                                 school.relationships.size() + school.grading_periods.size() +
                                 school.classes.size() + school.enrollments.size();
        if (read + school.unreadable.size() != count)
            fuzz::broken("every record of a page is read or reported unreadable");
        for (const auto &r : school.unreadable)
            if (r.resource != resource.name || r.id.empty() || r.problem.empty())
                fuzz::broken("an unreadable record says which, where and why");
        // The value lists the page brought, as the roster uses them.
        for (const auto &s : school.students) {
            school.value_lists.describe("grade_level", s.grade_level);
            school.value_lists.find("school_level", school.value_lists.describe("school_level", s.school_level));
        }
        school.value_lists.find("grade_level", "Kindergarten");
    } catch (const veracross::PluginError &e) {
        if (e.status() != veracross::Status::remote_error) fuzz::broken("a bad page is SIS_REMOTE_ERROR");
    }
    return 0;
}
