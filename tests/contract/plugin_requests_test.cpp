// Every request the plugin sends during imports (a full one, then a delta)
// uses only documented paths, query parameters and headers.
#include "contract.hpp"
#include "import_fixture.hpp"

#include <catch2/catch.hpp>

#include <Poco/String.h>

namespace {

using contract::endpoints;

// The documented operation a request path names: "students" (list),
// "students/12" (read), either with ".json"; nullptr when none.
const contract::Operation *operation_of(std::string path) {
    if (Poco::endsWith(path, std::string(".json"))) path.erase(path.size() - 5);
    auto list = endpoints().find(path);
    if (list != endpoints().end()) return list->second.list ? &*list->second.list : nullptr;
    const auto slash = path.rfind('/');
    if (slash == std::string::npos || path.find_first_not_of("0123456789", slash + 1) != std::string::npos)
        return nullptr;
    auto read = endpoints().find(path.substr(0, slash));
    return read != endpoints().end() && read->second.read ? &*read->second.read : nullptr;
}

} // namespace

TEST_CASE("every Data API request of a full and a delta import is documented", "[contract]") {
    vcsim::Options options;
    options.record_data_requests = true;
    import_test::ImportFixture f({"demo", 8, 300}, options);
    const auto first = f.import(import_test::event_for("Semester 1"));
    REQUIRE(first.status == SIS_OK);
    auto delta_event = import_test::event_for("Semester 1");
    delta_event.set("previous", first.doc);
    const auto delta = f.import(delta_event);
    REQUIRE(delta.status == SIS_OK);
    REQUIRE(delta.doc->has("delta")); // the delta used the last-modified filters

    const auto seen = f.sim->data_requests_seen();
    REQUIRE(seen.size() > 10);
    std::set<std::string> paths;
    for (const auto &request : seen) {
        CAPTURE(request.path);
        CHECK(request.method == "GET");
        const contract::Operation *op = operation_of(request.path);
        REQUIRE(op);
        paths.insert(request.path);
        for (const auto &[name, value] : request.query) {
            CAPTURE(name);
            CHECK(op->query.count(name));
        }
        for (const auto &header : request.header_names) {
            CAPTURE(header);
            CHECK((op->headers.count(header) || contract::is_transport_header(header)));
        }
    }
    // The seven collections the importer reads, and the two optional ones (granted here), were asked for.
    for (const char *path : {"staff_faculty", "parents", "students", "relationships",
                             "academics/config/grading_periods", "academics/classes", "academics/enrollments",
                             "academics/permissions", "academics/class_schedules"})
        CHECK(paths.count(path));
}
