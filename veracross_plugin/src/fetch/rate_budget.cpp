#include "fetch/rate_budget.hpp"

#include "http/retry.hpp"

#include <algorithm>

namespace veracross {

// Counts the wall time during which at least one request waits for the
// window: several requests waiting at once are one wait, not several.
// Its members are used with the budget's lock held.
class RateBudget::WindowWait {
public:
    explicit WindowWait(RateBudget &budget) : budget_(budget) {}
    WindowWait(const WindowWait &) = delete;
    WindowWait &operator=(const WindowWait &) = delete;
    void begin() {
        if (waiting_) return;
        waiting_ = true;
        if (budget_.waiting_++ == 0) budget_.waiting_since_ = std::chrono::steady_clock::now();
    }
    ~WindowWait() {
        if (waiting_ && --budget_.waiting_ == 0)
            budget_.waited_ += std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - budget_.waiting_since_);
    }

private:
    RateBudget &budget_;
    bool waiting_ = false;
};

void RateBudget::acquire(const HostServices &host) {
    std::unique_lock<std::mutex> lock(mutex_);
    WindowWait window_wait(*this); // ends before the lock is let go
    for (;;) {
        throw_if_cancelled(host);
        const auto now = std::chrono::system_clock::now();
        if (reset_at_ && now >= *reset_at_) { // a new window: its budget is not known yet
            remaining_.reset();
            reset_at_.reset();
        }
        // Until a response tells the window's budget, one request at a time
        // (the token may have been used already), unless fresh_window() said more.
        // Without a reset time there is nothing to wait for: the retry layer copes.
        const bool window_has_room = !remaining_ ? in_flight_ == 0 : ((!reset_at_ && !assumed_) || *remaining_ - in_flight_ > 0);
        if (window_has_room && in_flight_ < max_in_flight_) break;
        if (window_has_room) { // only the school's cap: a request ends soon
            released_.wait_for(lock, std::chrono::milliseconds(100));
            continue;
        }
        // Wait for the reset (a second late: the reset is given in whole seconds), or for a
        // response that tells more; check cancellation in between.
        window_wait.begin();
        const auto until = reset_at_ ? *reset_at_ + std::chrono::milliseconds(1000)
                                     : now + std::chrono::milliseconds(100);
        released_.wait_for(lock, std::min<std::chrono::system_clock::duration>(until - now, std::chrono::milliseconds(20)));
    }
    ++in_flight_;
    peak_in_flight_ = std::max(peak_in_flight_, in_flight_);
}

void RateBudget::release(const RateLimit &seen) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        --in_flight_;
        if (assumed_) { // the first answer ends the assumption: what it tells, or nothing known
            assumed_ = false;
            remaining_.reset();
        }
        if (seen.limit) limit_seen_ = *seen.limit;
        if (seen.remaining) {
            const bool newer_window = seen.reset_at && (!reset_at_ || *seen.reset_at > *reset_at_);
            if (newer_window || !remaining_) {
                remaining_ = seen.remaining;
                reset_at_ = seen.reset_at;
            } else if (!seen.reset_at || seen.reset_at == reset_at_) {
                remaining_ = std::min(*remaining_, *seen.remaining); // answers arrive out of order
            }
        }
    }
    released_.notify_all();
}

void RateBudget::fresh_window(long limit) {
    if (limit < 1) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (remaining_) return; // an answer has told already
        // The window's whole limit, not capped here: a request that waits
        // for the school's cap then is not counted as waiting for the window.
        remaining_ = limit;
        assumed_ = true;
    }
    released_.notify_all();
}

long RateBudget::limit_seen() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return limit_seen_;
}

int RateBudget::in_flight() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return in_flight_;
}

int RateBudget::peak_in_flight() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return peak_in_flight_;
}

std::chrono::milliseconds RateBudget::waited() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return waited_;
}

} // namespace veracross
