#include "auth/scope_search.hpp"

namespace veracross {
namespace {

// Precondition: [first, last) holds at least one refused scope.
void search(Scopes::const_iterator first, Scopes::const_iterator last,
            const std::function<bool(const Scopes &)> &grantable, Scopes &refused) {
    if (last - first == 1) {
        refused.push_back(*first);
        return;
    }
    const auto middle = first + (last - first) / 2;
    if (grantable(Scopes(first, middle))) {
        search(middle, last, grantable, refused); // the refusal must be in the second half
        return;
    }
    search(first, middle, grantable, refused);
    if (!grantable(Scopes(middle, last))) search(middle, last, grantable, refused);
}

} // namespace

Scopes find_refused_scopes(const Scopes &scopes, const std::function<bool(const Scopes &)> &grantable) {
    Scopes refused;
    if (!scopes.empty()) search(scopes.begin(), scopes.end(), grantable, refused);
    return refused;
}

} // namespace veracross
