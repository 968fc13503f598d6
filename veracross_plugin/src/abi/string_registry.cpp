// The plugin's record of the strings it handed out (see string_registry.hpp).
#include "abi/string_registry.hpp"

#include <cstdlib>
#include <cstring>

namespace veracross {

StringRegistry &StringRegistry::get() {
    static StringRegistry registry;
    return registry;
}

char *StringRegistry::hand_out(const std::string &text) noexcept {
    char *p = static_cast<char *>(std::malloc(text.size() + 1));
    if (!p) return nullptr;
    std::memcpy(p, text.c_str(), text.size() + 1);
    try {
        std::lock_guard<std::mutex> lock(mutex_);
        out_.insert(p);
    } catch (...) { // out of memory for the record: no string rather than an unfreeable one
        std::free(p);
        return nullptr;
    }
    return p;
}

bool StringRegistry::take_back(char *s) noexcept {
    if (!s) return false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (out_.erase(s) == 0) return false;
    }
    std::free(s);
    return true;
}

} // namespace veracross
