// Household records: the homes of families and staff, with addresses.
#include "generation_context.hpp"

#include <cstdio>

namespace vcsim {

Id add_household(GenerationContext &ctx, const std::string &family_name) {
    static const std::vector<std::string> streets = {"Maple Street", "Oak Avenue", "Elm Road", "Cedar Lane",
                                                     "Chestnut Street", "Birch Way", "Rue Saint-Denis", "Hillside Drive"};
    static const std::vector<std::pair<std::string, std::string>> towns = {
        {"Springfield", "MA"}, {"Brookline", "MA"}, {"Newton", "MA"}, {"Cambridge", "MA"}, {"Providence", "RI"}};
    model::Household h;
    h.id = ctx.household_ids.next(ctx.rng);
    h.name = family_name + " Household";
    const std::int64_t number = ctx.rng.between(1, 999); // one draw per statement: a fixed order
    h.street = std::to_string(number) + " " + ctx.rng.pick(streets);
    const auto &town = ctx.rng.pick(towns);
    h.city = town.first;
    h.state = town.second;
    char digits[16];
    std::snprintf(digits, sizeof digits, "0%04d", static_cast<int>(ctx.rng.between(1000, 2999)));
    h.zip = digits;
    std::snprintf(digits, sizeof digits, "617-555-%04d", static_cast<int>(ctx.rng.between(0, 9999)));
    h.phone = digits;
    h.country = ctx.codes.id("country", "United States");
    h.modified = ctx.stamp();
    ctx.school.households.push_back(h);
    return h.id;
}

} // namespace vcsim
