// How much memory this process has used: the peak resident set size, which
// only grows, so a test reads it before and after the work it bounds. Each
// test case runs in its own process under CTest, so earlier cases do not
// hide a peak.
#pragma once

#include <sys/resource.h>

namespace hardening {

// Under ASan or TSan the allocator pads every block and keeps freed memory
// in quarantine, so the resident set says nothing about the code's own
// bounds: memory bounds are checked in the plain build only (CI runs it
// first; the sanitizer builds still check everything else).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kMemoryBoundsMeasurable = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kMemoryBoundsMeasurable = false;
#else
constexpr bool kMemoryBoundsMeasurable = true;
#endif
#else
constexpr bool kMemoryBoundsMeasurable = true;
#endif

inline long peak_rss_kib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss; // KiB on Linux
}

} // namespace hardening
