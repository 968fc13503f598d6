// The naive strategy, for comparison with the plugin's: the same Data API
// client, parsers and join (veracross_core), but one request at a time, the
// collections one after another, at the Data API's default page size (100).
// It is a bench executable, not a plugin option: no school should ever run it.
//
//   naive_import --config school.yaml --event event.yaml [--dir PLUGIN_DIR]
// prints {"requests", "pages", "bytes", "seconds"} on stdout. The secret
// comes as for sis-host (SIS_CLIENT_SECRET), never from the command line.
#include "fetch/data_api_pages.hpp"
#include "roster/event_spec.hpp"
#include "records/import_resources.hpp"
#include "roster/roster_builder.hpp"
#include "roster/roster_json.hpp"
#include "operations/school_connection.hpp"

#include "base/school_config.hpp"
#include "sis_host/manifest.hpp"
#include "base/yaml_json.hpp"

#include <chrono>
#include <iostream>
#include <map>

using namespace veracross;

namespace {

std::map<std::string, std::string> options_of(int argc, char **argv) {
    std::map<std::string, std::string> o{{"dir", SIS_PLUGIN_DIR}};
    for (int i = 1; i + 1 < argc; i += 2) o[std::string(argv[i]).substr(2)] = argv[i + 1];
    return o;
}

} // namespace

int main(int argc, char **argv) {
    try {
        const auto args = options_of(argc, argv);
        if (!args.count("config") || !args.count("event")) {
            std::cerr << "usage: naive_import --config school.yaml --event event.yaml [--dir PLUGIN_DIR]\n";
            return 2;
        }
        const auto started = std::chrono::steady_clock::now();
        const auto manifest = sis_host::load_manifest(args.at("dir") + "/veracross.yaml");
        const Config config = parse_config(sis_cli::plugin_config_json(sis_cli::read_school_config(args.at("config")), manifest));
        const EventSpec spec = parse_event_spec(sis_cli::yaml_file_to_json(args.at("event")));

        SchoolConnection connection(config, HostServices());
        connection.tokens().token();
        DataApiPages source(connection.config(), connection.http(), connection.tokens());
        const HostServices no_host; // this loop is the pages' only caller

        // One collection after another, one page after another.
        const int page_size = 100;
        SchoolData data;
        std::uint64_t pages = 0;
        for (const auto &resource : import_resources()) {
            for (int page = 1;; ++page) {
                ++pages;
                if (source.fetch_page(resource, page, page_size, {}, page == 1, no_host, data) < static_cast<std::size_t>(page_size))
                    break;
            }
        }
        const Roster roster = build_roster(data, spec);
        JsonWriter roster_json; // written as the plugin writes it
        roster_json.begin_object();
        write_roster(roster_json, roster, {config.school_route, &spec, &data.value_lists});
        const std::string roster_text = roster_json.end_object().take();

        std::cout << "{\"requests\":" << source.requests() << ",\"pages\":" << pages << ",\"bytes\":" << source.bytes()
                  << ",\"roster_bytes\":" << roster_text.size() << ",\"seconds\":"
                  << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << "}\n";
        return 0;
    } catch (const std::exception &e) {
        std::cerr << "naive_import: " << e.what() << "\n";
        return 1;
    }
}
