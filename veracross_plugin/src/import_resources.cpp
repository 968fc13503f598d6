#include "import_resources.hpp"

#include "plugin_error.hpp"
#include "record_parsers.hpp"


namespace veracross {

const std::vector<ImportResource> &import_resources() {
    static const std::vector<ImportResource> resources{
        {"staff_faculty", "staff_faculty:list", "staff_faculty", false},
        {"parents", "parents:list", "parents", false},
        {"students", "students:list", "students", true},
        {"relationships", "relationships:list", "relationships", true},
        {"academics/config/grading_periods", "academics.config.grading_periods:list", "grading_periods", true},
        {"academics/classes", "academics.classes:list", "classes", true},
        {"academics/enrollments", "academics.enrollments:list", "enrollments", true},
    };
    return resources;
}

namespace {

template <class Record, class Parse>
void read_records(const Poco::JSON::Array &records, std::vector<Record> &out, Parse parse, SchoolData &data,
                  const std::string &resource) {
    // Grow geometrically: reserving exactly size + page on every page would
    // reallocate (and move every record so far) once per page.
    if (out.capacity() < out.size() + records.size()) out.reserve(2 * (out.size() + records.size()));
    for (std::size_t i = 0; i < records.size(); ++i) {
        auto record = records.getObject(static_cast<unsigned>(i));
        if (!record) {
            data.unreadable.push_back({resource, "?", "is not a JSON object"});
            continue;
        }
        try {
            out.push_back(parse(*record));
        } catch (const BadRecord &e) {
            data.unreadable.push_back({resource, record_id_text(*record), e.what()});
        } catch (const Poco::Exception &) {
            data.unreadable.push_back({resource, record_id_text(*record), "has a value of the wrong type"});
        }
    }
}

} // namespace

std::size_t read_page(SchoolData &data, const ImportResource &resource, const Poco::JSON::Object &page) {
    Poco::JSON::Array::Ptr records = page.getArray("data");
    if (!records)
        throw PluginError(SIS_REMOTE_ERROR, "unexpected_body",
                          "Veracross answered " + resource.path + " with something that is not a page of records");
    if (auto lists = page.getArray("value_lists")) data.value_lists.add(*lists);

    const std::string &name = resource.name;
    if (name == "staff_faculty") read_records(*records, data.staff, parse_staff, data, name);
    else if (name == "parents") read_records(*records, data.parents, parse_parent, data, name);
    else if (name == "students") read_records(*records, data.students, parse_student, data, name);
    else if (name == "relationships") read_records(*records, data.relationships, parse_relationship, data, name);
    else if (name == "grading_periods") read_records(*records, data.grading_periods, parse_grading_period, data, name);
    else if (name == "classes") read_records(*records, data.classes, parse_class, data, name);
    else if (name == "enrollments") read_records(*records, data.enrollments, parse_enrollment, data, name);
    return records->size();
}

} // namespace veracross
