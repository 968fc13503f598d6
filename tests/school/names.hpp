// People's names, from small pools that include non-ASCII spellings, with
// the ASCII forms that usernames and email addresses are made from.
#pragma once

#include "random.hpp"

#include <optional>
#include <string>

namespace vcsim {

enum class Sex { female, male, nonbinary };

struct PersonName {
    std::string first, middle, last;
    std::optional<std::string> preferred; // null in some records, as in real data
    std::string ascii_first, ascii_last;   // for usernames and emails
};

struct FamilyName {
    std::string text, ascii;
};

FamilyName random_family_name(Rng &rng);
// A family name by its ASCII form, for cases that must show a particular
// spelling (e.g. "nguyen" -> "Nguyễn"); throws if it is not in the pool.
FamilyName family_name(const std::string &ascii);

PersonName random_name(Rng &rng, Sex sex, const FamilyName &family);
// The same, with a given first name from the pool (by ASCII form).
PersonName named(Rng &rng, Sex sex, const std::string &ascii_first, const FamilyName &family);

// "Last, First": Veracross's usual full-name format.
std::string full_name(const PersonName &name);

} // namespace vcsim
