#include "names.hpp"

#include <stdexcept>
#include <vector>

namespace vcsim {

namespace {

struct Given {
    const char *text;
    const char *ascii;
    const char *nickname; // "" when people use the first name
};

const std::vector<Given> &female_names() {
    static const std::vector<Given> names = {
        {"Zoë", "zoe", ""},          {"Emma", "emma", ""},       {"Olivia", "olivia", "Liv"},
        {"Ava", "ava", ""},          {"Sophia", "sophia", "Sophie"}, {"Isabella", "isabella", "Bella"},
        {"Mia", "mia", ""},          {"Chloé", "chloe", ""},     {"Renée", "renee", ""},
        {"Amelia", "amelia", "Millie"}, {"Harper", "harper", ""}, {"Ngọc", "ngoc", ""},
        {"Małgorzata", "malgorzata", "Gosia"}, {"Siobhán", "siobhan", ""}, {"Elizabeth", "elizabeth", "Liz"},
        {"Margaret", "margaret", "Peggy"}, {"Aaliyah", "aaliyah", ""}, {"Priya", "priya", ""},
        {"Sofía", "sofia", ""},      {"Grace", "grace", ""},     {"Hannah", "hannah", ""},
        {"Mei", "mei", ""},          {"Fatima", "fatima", ""},   {"Katherine", "katherine", "Kate"},
    };
    return names;
}

const std::vector<Given> &male_names() {
    static const std::vector<Given> names = {
        {"José", "jose", "Pepe"},    {"Łukasz", "lukasz", ""},   {"Liam", "liam", ""},
        {"Noah", "noah", ""},        {"Oliver", "oliver", "Ollie"}, {"James", "james", "Jamie"},
        {"William", "william", "Will"}, {"Benjamin", "benjamin", "Ben"}, {"Lucas", "lucas", ""},
        {"Henry", "henry", "Hank"},  {"Alexander", "alexander", "Alex"}, {"Minh", "minh", ""},
        {"Søren", "soren", ""},      {"François", "francois", ""}, {"Mateo", "mateo", ""},
        {"Daniel", "daniel", "Dan"}, {"Michael", "michael", "Mike"}, {"Wei", "wei", ""},
        {"Kwame", "kwame", ""},      {"Samuel", "samuel", "Sam"}, {"Jonathan", "jonathan", "Jon"},
        {"Rohan", "rohan", ""},      {"Thomas", "thomas", "Tom"}, {"Björn", "bjorn", ""},
    };
    return names;
}

const std::vector<Given> &neutral_names() {
    static const std::vector<Given> names = {
        {"Alex", "alex", ""}, {"Jordan", "jordan", ""}, {"Riley", "riley", ""},
        {"Quinn", "quinn", ""}, {"Avery", "avery", ""}, {"Rowan", "rowan", ""},
    };
    return names;
}

const std::vector<FamilyName> &family_names() {
    static const std::vector<FamilyName> names = {
        {"Nguyễn", "nguyen"},   {"李", "li"},            {"Kowalski", "kowalski"}, {"García", "garcia"},
        {"Smith", "smith"},     {"Johnson", "johnson"},  {"Williams", "williams"}, {"Brown", "brown"},
        {"Jones", "jones"},     {"Miller", "miller"},    {"Davis", "davis"},       {"Rodríguez", "rodriguez"},
        {"Martínez", "martinez"}, {"Hernández", "hernandez"}, {"López", "lopez"}, {"Wilson", "wilson"},
        {"Anderson", "anderson"}, {"Thomas", "thomas"},  {"Taylor", "taylor"},     {"Moore", "moore"},
        {"O'Brien", "obrien"},  {"Müller", "muller"},    {"Schäfer", "schafer"},   {"Dubois", "dubois"},
        {"Lefèvre", "lefevre"}, {"Wiśniewski", "wisniewski"}, {"Tran", "tran"},   {"Pham", "pham"},
        {"Kim", "kim"},         {"Park", "park"},        {"Chen", "chen"},         {"Wang", "wang"},
        {"Patel", "patel"},     {"Singh", "singh"},      {"Okafor", "okafor"},     {"Mensah", "mensah"},
        {"Cohen", "cohen"},     {"Rossi", "rossi"},      {"Andersson", "andersson"}, {"Van der Berg", "vanderberg"},
        {"Jackson", "jackson"}, {"White", "white"},      {"Harris", "harris"},     {"Martin", "martin"},
        {"Clark", "clark"},     {"Lewis", "lewis"},      {"Walker", "walker"},     {"Young", "young"},
        {"Allen", "allen"},     {"King", "king"},        {"Wright", "wright"},     {"Scott", "scott"},
        {"Green", "green"},     {"Baker", "baker"},      {"Adams", "adams"},       {"Nelson", "nelson"},
        {"Hill", "hill"},       {"Campbell", "campbell"}, {"Mitchell", "mitchell"}, {"Roberts", "roberts"},
    };
    return names;
}

const std::vector<Given> &pool_of(Sex sex) {
    return sex == Sex::female ? female_names() : sex == Sex::male ? male_names() : neutral_names();
}

const Given &find_given(const std::string &ascii) {
    for (const auto *pool : {&female_names(), &male_names(), &neutral_names()})
        for (const Given &g : *pool)
            if (ascii == g.ascii) return g;
    throw std::invalid_argument("no first name " + ascii);
}

PersonName make_name(Rng &rng, const Given &given, Sex sex, const FamilyName &family) {
    PersonName name;
    name.first = given.text;
    name.ascii_first = given.ascii;
    name.last = family.text;
    name.ascii_last = family.ascii;
    // Middle names: usually one, sometimes none.
    if (rng.chance(0.7)) name.middle = rng.pick(pool_of(sex)).text;
    // Preferred name: null for some people, else the nickname or first name.
    const std::int64_t style = rng.between(0, 99);
    if (style >= 35) name.preferred = *given.nickname && style >= 75 ? given.nickname : given.text;
    return name;
}

} // namespace

FamilyName random_family_name(Rng &rng) { return rng.pick(family_names()); }

FamilyName family_name(const std::string &ascii) {
    for (const FamilyName &f : family_names())
        if (f.ascii == ascii) return f;
    throw std::invalid_argument("no family name " + ascii);
}

PersonName random_name(Rng &rng, Sex sex, const FamilyName &family) {
    return make_name(rng, rng.pick(pool_of(sex)), sex, family);
}

PersonName named(Rng &rng, Sex sex, const std::string &ascii_first, const FamilyName &family) {
    return make_name(rng, find_given(ascii_first), sex, family);
}

std::string full_name(const PersonName &name) { return name.last + ", " + name.first; }

} // namespace vcsim
