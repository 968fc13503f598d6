// How much a new roster removes from the previous result, and whether that
// is a large change an import must hold until the host accepts it
// (docs/conference-rules.md, "Large changes are held").
#pragma once

#include "roster/result_digest.hpp"
#include "roster/roster.hpp"

#include <Poco/JSON/Object.h>

#include <cstddef>

namespace veracross {

struct LargeChange {
    double threshold_percent = 10;
    std::size_t people_before = 0, people_removed = 0; // distinct person ids
    std::size_t pairs_before = 0, pairs_removed = 0;   // bookable (parent, teacher) pairs
    double people_percent() const;
    double pairs_percent() const;
    // More than the threshold of either was removed.
    bool large() const;
    Poco::JSON::Object::Ptr details; // the numbers and the largest removals, as the result shows them
};

// `previous` is the digest of a roster document as import_event returns
// it; one of another shape (or a held result) has nothing to remove.
LargeChange measure_large_change(const ResultDigest &previous, const Roster &current, double threshold_percent);

} // namespace veracross
