// Strings the plugin has handed to the host and not yet taken back, so that
// free_string can tell a string of its own from a second free or the host's
// memory, and refuse those instead of letting the allocator abort.
#pragma once

#include <mutex>
#include <string>
#include <unordered_set>

namespace veracross {

class StringRegistry {
public:
    static StringRegistry &get();

    // A malloc'ed copy of `text`, remembered; nullptr when out of memory.
    char *hand_out(const std::string &text) noexcept;
    // Frees `s` if it was handed out and not taken back; false otherwise.
    bool take_back(char *s) noexcept;

private:
    std::mutex mutex_;
    std::unordered_set<const char *> out_;
};

} // namespace veracross
