// Which page a free request slot asks for next, across every collection of
// one school import: one plan for all of them, so the school's few slots
// (max_requests_in_flight) go where they shorten the import most.
//
// - Needed pages first: page 1 of every collection, the page after any page
//   that came back full, and the pages the previous import's counts say
//   exist. Among them, the collection with the most pages still to come
//   (the longest chain) goes first.
// - Then speculative pages, past what is known to exist, ranked by a guess
//   of the collection's length: its size as other collections suggest
//   (records per student seen: page_plan.cpp) and, once it has run past that,
//   twice its full pages so far. Never more than max_in_flight - 1 pages
//   past its last full page, so a collection's end costs at most that many
//   requests; a collection with counts speculates only once its expected
//   pages are all full.
// Guesses only ever add speculative requests: every page up to the first
// short one is asked for whatever they say.
//
// Not thread-safe: the caller holds its lock around every call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace veracross {

struct PlannedCollection {
    std::string name;             // ImportResource::name ("enrollments")
    std::uint64_t expected = 0;   // records the previous import read
    bool has_expected = false;    // false: length unknown
};

struct PageAsk {
    std::size_t collection = 0; // index into the plan's collections
    int page = 0;               // from 1
    bool needed = false;        // known to exist (false: speculative)
};

class PagePlan {
public:
    PagePlan(std::vector<PlannedCollection> collections, int page_size, int max_in_flight);

    // The page to ask for now, or none: then wait for an answer.
    std::optional<PageAsk> next();
    // A page came back holding `records` records (fewer than a page: the last).
    void answered(std::size_t collection, int page, std::size_t records);

    // The collection's last page (its first short one); 0 while unknown.
    int end_page(std::size_t collection) const { return state_[collection].end; }
    // Every page of the collection up to its end has come back.
    bool finished(std::size_t collection) const;
    bool finished() const;
    // Records in the pages answered up to its end: a lower bound, exact once finished.
    std::uint64_t records(std::size_t collection) const;
    std::size_t collections() const { return state_.size(); }

private:
    struct State {
        PlannedCollection plan;
        int expected_pages = 0; // from plan.expected; 0 when unknown
        int next = 1;           // the next page not asked for yet
        int most_full = 0;      // the highest page that came back full
        int end = 0;            // the first short page; 0 while unknown
        std::vector<long long> counts; // records by page - 1; -1: not answered yet
    };

    // The highest page known to exist now.
    int needed_upto(const State &s) const;
    // How many pages the collection probably has, from everything known.
    int guessed_pages(const State &s) const;
    // The highest page worth asking for on speculation.
    int speculate_upto(const State &s) const;
    // The student count as far as it is known: exact, or a lower bound.
    std::uint64_t students_seen() const;

    std::vector<State> state_;
    const int page_size_;
    const int max_in_flight_;
};

// How many pages it takes to see the end of `records` records: the last
// page holds fewer than page_size (none, when page_size divides them).
int pages_to_see_the_end(std::uint64_t records, int page_size);

} // namespace veracross
