#include "fetch/page_plan.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace veracross {
namespace {

constexpr int kMostPages = 100000;

// Records per student in a typical school, to guess a long collection's
// length from the students seen so far: enrollments are a student's
// classes (5 to 8), parents and relationships one or two per student,
// class meetings (class_schedules) one or two, classes and their
// teachers' permissions about one per four students, staff one per
// fifteen. Kept a little low: a low guess costs a round trip, a high one
// requests. They also order the first round: with more collections than
// slots, the one left for later is one with no guess (grading periods).
const std::map<std::string, double> &guess_per_student() {
    static const std::map<std::string, double> ratios{
        {"enrollments", 5.0}, {"parents", 1.4},  {"relationships", 1.8},  {"class_schedules", 1.4},
        {"classes", 0.2},     {"permissions", 0.2}, {"staff_faculty", 0.05}};
    return ratios;
}

} // namespace

int pages_to_see_the_end(std::uint64_t records, int page_size) {
    const std::uint64_t pages = records / static_cast<std::uint64_t>(std::max(1, page_size)) + 1;
    return pages > kMostPages ? kMostPages : static_cast<int>(pages);
}

PagePlan::PagePlan(std::vector<PlannedCollection> collections, int page_size, int max_in_flight)
    : page_size_(std::max(1, page_size)), max_in_flight_(std::max(1, max_in_flight)) {
    for (auto &c : collections) {
        State s;
        s.plan = std::move(c);
        s.expected_pages = s.plan.has_expected ? pages_to_see_the_end(s.plan.expected, page_size_) : 0;
        state_.push_back(std::move(s));
    }
}

std::uint64_t PagePlan::students_seen() const {
    for (std::size_t i = 0; i < state_.size(); ++i)
        if (state_[i].plan.name == "students") return records(i);
    return 0;
}

int PagePlan::needed_upto(const State &s) const {
    if (s.end) return s.end;
    return std::max({1, s.most_full + 1, s.expected_pages});
}

int PagePlan::guessed_pages(const State &s) const {
    if (s.end) return s.end;
    int guess = std::max(needed_upto(s), 2 * s.most_full); // past any guess: it doubles
    const auto ratio = guess_per_student().find(s.plan.name);
    if (!s.plan.has_expected && ratio != guess_per_student().end())
        guess = std::max(guess, pages_to_see_the_end(static_cast<std::uint64_t>(ratio->second * students_seen()), page_size_));
    return std::min(guess, kMostPages);
}

int PagePlan::speculate_upto(const State &s) const {
    if (s.end || s.most_full == 0) return 0; // not known to be longer than a page
    if (s.plan.has_expected && s.most_full < s.expected_pages) return 0; // the counts say where it ends
    // At most max_in_flight - 1 pages past the page after the last full one.
    return std::min(guessed_pages(s), s.most_full + max_in_flight_);
}

std::optional<PageAsk> PagePlan::next() {
    std::optional<PageAsk> best;
    std::pair<int, double> best_rank;
    const auto consider = [&](std::size_t i, bool needed) {
        const State &s = state_[i];
        // Furthest inside its guess first; equal guesses: the usually longer collection.
        const auto ratio = guess_per_student().find(s.plan.name);
        const std::pair<int, double> rank{guessed_pages(s) - s.next,
                                          ratio == guess_per_student().end() ? 0.0 : ratio->second};
        if (!best || rank > best_rank) best = PageAsk{i, s.next, needed}, best_rank = rank;
    };
    // Needed pages first: the longest chain first.
    for (std::size_t i = 0; i < state_.size(); ++i)
        if (!state_[i].end && state_[i].next <= needed_upto(state_[i])) consider(i, true);
    // Then speculative ones: the likeliest needed first.
    if (!best)
        for (std::size_t i = 0; i < state_.size(); ++i)
            if (state_[i].next <= speculate_upto(state_[i])) consider(i, false);
    if (best) ++state_[best->collection].next;
    return best;
}

void PagePlan::answered(std::size_t collection, int page, std::size_t records) {
    State &s = state_[collection];
    if (page < 1 || (s.end && page > s.end)) return; // past the end: not wanted
    if (s.counts.size() < static_cast<std::size_t>(page)) s.counts.resize(page, -1);
    s.counts[page - 1] = static_cast<long long>(records);
    if (records >= static_cast<std::size_t>(page_size_)) s.most_full = std::max(s.most_full, page);
    else if (!s.end || page < s.end) s.end = page; // pages past it were asked in vain
}

std::uint64_t PagePlan::records(std::size_t collection) const {
    const State &s = state_[collection];
    std::uint64_t n = 0;
    for (std::size_t p = 0; p < s.counts.size() && (!s.end || p < static_cast<std::size_t>(s.end)); ++p)
        if (s.counts[p] > 0) n += static_cast<std::uint64_t>(s.counts[p]);
    return n;
}

bool PagePlan::finished(std::size_t collection) const {
    const State &s = state_[collection];
    if (!s.end || s.counts.size() < static_cast<std::size_t>(s.end)) return false;
    return std::all_of(s.counts.begin(), s.counts.begin() + s.end, [](long long n) { return n >= 0; });
}

bool PagePlan::finished() const {
    for (std::size_t i = 0; i < state_.size(); ++i)
        if (!finished(i)) return false;
    return true;
}

} // namespace veracross
