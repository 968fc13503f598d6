// The time the plugin's own page plan (fetch/page_plan.hpp) needs to read a
// school's collections when every request takes exactly the latency and
// costs no CPU. Beside the floor, which knows every collection's length
// before the first request, it shows what a cold import cannot know: the
// rest of a row's time is the implementation's (CPU, process, TLS).
#pragma once

#include "time_floor.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace bench {

// `lists`: the lists the import asked for (path, then any query) and their
// records, as the bench records them. `counts_known`: a repeat import, which
// has every collection's count from the previous result's cursor. Counts the
// token request; not the rate limit (the tables stay inside one window).
double plan_seconds(const std::map<std::string, std::uint64_t> &lists, bool counts_known, const FloorConditions &conditions);

} // namespace bench
