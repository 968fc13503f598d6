// How much memory this process has used: the peak resident set size, which
// only grows, so a test reads it before and after the work it bounds. Each
// test case runs in its own process under CTest, so earlier cases do not
// hide a peak.
#pragma once

#include <sys/resource.h>

namespace hardening {

inline long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

} // namespace hardening
