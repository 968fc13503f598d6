// generate_school: the steps in order, then the Veracross records.
#include "accounts.hpp"
#include "generation_context.hpp"
#include "record_writer.hpp"

#include <cctype>
#include <stdexcept>

namespace vcsim {

namespace {

// The school's email domain, from its route: "demo-school.example.org".
std::string email_domain(const std::string &route) {
    std::string domain;
    for (unsigned char c : route) domain += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '-';
    return (domain.empty() ? "school" : domain) + ".example.org";
}

} // namespace

School generate_school(const SchoolSpec &spec) {
    if (spec.students < 50 || spec.students > 20000)
        throw std::invalid_argument("generate_school: students must be 50..20000, not " + std::to_string(spec.students));
    GenerationContext ctx(spec.seed, email_domain(spec.route));
    build_calendar(ctx);
    build_staff(ctx, spec.students);
    build_families(ctx, spec.students);
    build_academics(ctx);
    add_rules_cases(ctx);
    add_duplicate_records(ctx);

    School school;
    school.route = spec.route;
    school.apps.push_back(make_app(spec.route, spec.seed));
    school.users = make_users(ctx.school, spec.seed);
    for (const auto &p : ctx.school.parents) school.parent_homes[p.id] = p.household_id;
    school.resources = write_resources(ctx.school, ctx.codes);
    add_unlisted_references(school, ctx.codes.id("school_level", level_names()[0]));
    return school;
}

} // namespace vcsim
