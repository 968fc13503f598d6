// Reading one Data API page ({"data": [...], "value_lists": [...]}) of one
// collection straight from its text into records: Poco's JSON parser
// reports what it reads (a SAX-style Poco::JSON::Handler) and each record
// becomes its struct as soon as it ends, so no JSON tree of the page is
// ever built (only of the small value_lists).
#pragma once

#include "records/import_resources.hpp"
#include "common/plugin_error.hpp"
#include "records/school_data.hpp"

#include <cstddef>
#include <string>

namespace veracross {

// What a page's text turned out to be.
enum class PageShape {
    page,            // a JSON object with a "data" array: read
    not_json_object, // invalid or truncated JSON, too deep, or not an object
    no_data_array,   // a JSON object without a "data" array
};

struct PageRecords {
    SchoolData data;         // the page's records, unreadable records and value lists
    std::size_t records = 0; // how many records "data" held, readable or not
};

// Reads `body` into `page` (given empty); `page` is complete only when the
// answer is PageShape::page. A record that cannot be read becomes an
// UnreadableRecord. Whatever the body, it returns, never throws.
PageShape read_page_text(const ImportResource &resource, const std::string &body, PageRecords &page);

// The error for a JSON object that is no page of records (not worth a retry).
PluginError not_a_page_error(const ImportResource &resource);

// read_page_text for callers that want an error: appends the page to
// `data` and returns how many records it held; a body that is no page
// throws PluginError(Status::remote_error, "unexpected_body").
std::size_t read_page(SchoolData &data, const ImportResource &resource, const std::string &body);

// Moves the records of `page` onto the end of `into`, and adds its value lists.
void append_records(SchoolData &into, SchoolData &page);

} // namespace veracross
