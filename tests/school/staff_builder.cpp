// Staff and faculty: teachers sized to the student body, per school level
// and subject, plus staff who do not teach (and one who left last June).
#include "generation_context.hpp"

#include <cmath>

namespace vcsim {

namespace {

struct Staffing {
    int level;           // -1 for whole-school staff
    std::string subject; // the teacher pool (a subject description), "" for non-teaching staff
    std::string department, job_title, faculty_type;
    int count;
};

int at_least_one(double x) { return std::max(1, static_cast<int>(std::ceil(x))); }

std::vector<Staffing> staffing_for(int student_count) {
    // Sections per grade if every grade had the same number of students.
    const double sections = std::max(1.0, std::round(student_count / 13.0 / 20.0));
    const int lower = at_least_one(6 * sections / 10), middle = at_least_one(3 * sections / 5);
    const int upper = at_least_one(4 * sections / 5), upper_elective = at_least_one(4 * sections / 8);
    std::vector<Staffing> plan = {
        {0, "Homeroom", "Lower School", "Lower School Teacher", "Faculty", at_least_one(6 * sections)},
        {0, "Assistant", "Lower School", "Teaching Assistant", "Faculty", at_least_one(6 * sections / 3)},
        {0, "Visual Arts", "Arts", "Art Teacher", "Faculty", lower},
        {0, "Music", "Arts", "Music Teacher", "Faculty", lower},
        {0, "Physical Education", "Physical Education", "PE Teacher", "Faculty", lower},
        {0, "World Languages", "World Languages", "Spanish Teacher", "Faculty", lower},
        {0, "Study Skills", "Student Support", "Learning Specialist", "Faculty", 1},
    };
    for (const char *subject : {"English", "Mathematics", "Science", "History", "World Languages", "Physical Education"})
        plan.push_back({1, subject, subject, std::string("Middle School ") + subject + " Teacher", "Faculty", middle});
    for (const char *subject : {"English", "Mathematics", "Science", "History", "World Languages"})
        plan.push_back({2, subject, subject, std::string("Upper School ") + subject + " Teacher", "Faculty", upper});
    plan.push_back({2, "Visual Arts", "Arts", "Art History Teacher", "Faculty", upper_elective});
    plan.push_back({2, "Computer Science", "Technology", "Computer Science Teacher", "Faculty", upper_elective});
    plan.push_back({2, "Health", "Physical Education", "Health Teacher", "Faculty", upper_elective});
    for (const char *title : {"Head of School", "Director of Admissions"})
        plan.push_back({-1, "", "Administration", title, "Administrator", 1});
    for (const char *title : {"Registrar", "School Nurse", "Business Manager", "Technology Director"})
        plan.push_back({-1, "", title == std::string("Technology Director") ? "Technology" : "Administration", title,
                        "Staff", 1});
    plan.push_back({-1, "", "Student Support", "School Counselor", "Staff", 1});
    plan.push_back({-1, "", "Administration", "Substitute Teacher", "Substitute", 1});
    return plan;
}

model::StaffMember new_staff_member(GenerationContext &ctx, Sex sex, const Staffing &role) {
    model::StaffMember s;
    s.id = ctx.person_ids.next(ctx.rng);
    s.sex = sex;
    s.name = random_name(ctx.rng, sex, random_family_name(ctx.rng));
    s.household_id = add_household(ctx, s.name.last);
    s.prefix = ctx.codes.id("name_prefix", sex == Sex::female ? "Ms." : sex == Sex::male ? "Mr." : "Mx.");
    s.faculty_type = ctx.codes.id("faculty_type", role.faculty_type);
    s.department = ctx.codes.id("department", role.department);
    s.campus = ctx.codes.id("campus", role.level == 0 ? "North Campus" : "Main Campus");
    s.job_title = role.job_title;
    s.roles = role.faculty_type == "Faculty" ? "Faculty" : "Staff";
    s.level = role.level;
    s.username = ctx.unique(s.name.ascii_first.substr(0, 1) + s.name.ascii_last);
    if (role.faculty_type != "Substitute") // a staff member without email
        s.email = ctx.unique(s.name.ascii_first + "." + s.name.ascii_last, "@" + ctx.domain);
    s.date_hired = static_cast<int>(ctx.rng.between(day_number(1998, 7, 1), day_number(2025, 8, 15)));
    s.modified = ctx.stamp();
    return s;
}

Sex random_sex(Rng &rng) { return rng.chance(0.6) ? Sex::female : rng.chance(0.95) ? Sex::male : Sex::nonbinary; }

} // namespace

void build_staff(GenerationContext &ctx, int student_count) {
    model::School &school = ctx.school;
    for (const Staffing &role : staffing_for(student_count)) {
        for (int n = 0; n < role.count; ++n) {
            const bool staff_parent = role.job_title == "Director of Admissions";
            model::StaffMember s = new_staff_member(ctx, staff_parent ? Sex::female : random_sex(ctx.rng), role);
            if (!role.subject.empty()) school.teachers[{role.level, role.subject}].push_back(s.id);
            if (role.job_title == "School Counselor") school.counselor_id = s.id;
            if (role.job_title == "Head of School") s.suffix = ctx.codes.id("name_suffix", "III");
            if (staff_parent) {
                // Also the mother of a student (family_builder.cpp): one person
                // id in both /staff_faculty and /parents.
                school.staff_parent_id = s.id;
                s.prefix = ctx.codes.id("name_prefix", "Dr.");
                s.roles = "Staff, Parent";
            }
            school.staff.push_back(s);
        }
    }
    // A teacher who left last June: still listed, with a termination date,
    // and teaching nothing.
    Staffing former_role{2, "", "History", "History Teacher", "Faculty", 1};
    model::StaffMember former = new_staff_member(ctx, Sex::male, former_role);
    former.date_terminated = day_number(2025, 6, 13);
    school.staff.push_back(former);
    // A teacher who is also an aunt of a student (family_builder.cpp): a
    // relative who is staff, not a parent.
    school.aunt_teacher_id = school.teachers.at({2, "English"}).front();
    for (const model::StaffMember &t : school.staff)
        if (t.level == 2 && t.sex == Sex::female && !t.date_terminated) {
            school.aunt_teacher_id = t.id;
            break;
        }
}

} // namespace vcsim
