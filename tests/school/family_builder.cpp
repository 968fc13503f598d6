// Families: households, parents and other relatives, students, and the
// relationship records between them. A few scripted families come first so
// that every awkward case exists at every size; random families fill the
// rest of the student body.
#include "generation_context.hpp"

#include <algorithm>
#include <stdexcept>

namespace vcsim {

namespace {

enum class Direction { natural, reverse, both };

// How an adult relates to a student, written as one or two records:
// natural = person_id is the student, reverse = person_id is the adult.
struct Link {
    std::string relationship; // the adult's relation to the student
    bool portal = true, custody = true, resident = true, deceased = false;
    Direction direction = Direction::natural;
    bool reverse_disagrees = false; // the reverse record has the opposite portal flag
};

class FamilyBuilder {
public:
    explicit FamilyBuilder(GenerationContext &ctx) : ctx_(ctx), rng_(ctx.rng) {}

    void build(int student_count) {
        int made = scripted_families();
        if (made != kScriptedStudents) throw std::logic_error("kScriptedStudents is out of date");
        while (made < student_count) made += random_family(student_count - made);
    }

private:
    int scripted_families();
    int random_family(int max_students);

    model::Parent &adult(const PersonName &name, Sex sex, Id household, bool head, bool with_email = true) {
        model::Parent p;
        p.id = ctx_.person_ids.next(rng_);
        p.name = name;
        p.sex = sex;
        p.household_id = household;
        p.head_of_household = head;
        p.prefix = ctx_.codes.id("name_prefix", sex == Sex::female ? (rng_.chance(0.3) ? "Mrs." : "Ms.")
                                                : sex == Sex::male ? "Mr."
                                                                   : "Mx.");
        if (rng_.chance(0.08)) p.prefix = ctx_.codes.id("name_prefix", "Dr.");
        p.username = ctx_.unique(name.ascii_first + "." + name.ascii_last);
        if (with_email) {
            static const std::vector<std::string> domains = {"@example.com", "@example.net", "@example.org"};
            p.email = ctx_.unique(name.ascii_first + "." + name.ascii_last, rng_.pick(domains));
        }
        p.mobile_phone = "617-555-" + std::to_string(rng_.between(1000, 9999));
        p.occupation = rng_.pick(ctx_.codes.items("occupation")).id;
        static const std::vector<std::string> employers = {"Acme Corporation", "City Hospital", "Self-employed",
                                                           "Riverside University", "Northwind Traders"};
        p.employer = rng_.pick(employers);
        p.job_title = ctx_.codes.description("occupation", p.occupation);
        p.modified = ctx_.stamp();
        ctx_.school.parents.push_back(p);
        return ctx_.school.parents.back();
    }

    model::Student &student(const PersonName &name, Sex sex, int grade, Id household) {
        model::Student s;
        s.id = ctx_.person_ids.next(rng_);
        s.name = name;
        s.sex = sex;
        s.household_id = household;
        s.grade = grade;
        const int graduation = kSchoolYear + 1 + (12 - grade);
        const std::string year = std::to_string(graduation % 100);
        s.username = ctx_.unique(name.ascii_first + name.ascii_last + year);
        if (grade >= 6) s.email = ctx_.unique(name.ascii_first + "." + name.ascii_last + year, "@students." + ctx_.domain);
        s.campus = ctx_.codes.id("campus", level_of_grade(grade) == 0 ? "North Campus" : "Main Campus");
        const bool new_this_year = grade == 0 || rng_.chance(0.12);
        s.entry_date = new_this_year ? day_number(kSchoolYear, 9, 2)
                                     : day_number(kSchoolYear - static_cast<int>(rng_.between(1, grade)), 9, 3);
        s.status = ctx_.codes.id("enrollment_status", new_this_year ? "Enrolled" : "Re-Enrolled");
        s.birthday = static_cast<int>(
            rng_.between(day_number(kSchoolYear - 6 - grade, 9, 1), day_number(kSchoolYear - 5 - grade, 8, 31)));
        s.student_group = ctx_.codes.id("student_group", grade >= 9 && rng_.chance(0.1) ? "Boarding Student" : "Day Student");
        if (grade >= 6) s.house = rng_.between(1, 4);
        s.modified = ctx_.stamp();
        ctx_.school.students.push_back(s);
        return ctx_.school.students.back();
    }

    void relationship(Id person, Id related, const std::string &relation, const Link &flags, bool portal) {
        model::Relationship r;
        r.id = ctx_.relationship_ids.next(rng_);
        r.person_id = person;
        r.related_person_id = related;
        r.relationship = ctx_.codes.id("relationship", relation);
        r.resident = flags.resident;
        r.legal_custody = flags.custody;
        r.emergency = !flags.deceased && (flags.custody || flags.relationship.rfind("Grand", 0) == 0);
        r.pick_up = r.emergency;
        r.portal_access = portal;
        r.deceased = flags.deceased;
        r.custody_status = flags.custody ? (flags.resident ? "Joint Custody" : "Shared Custody") : "No Custody";
        r.modified = ctx_.stamp();
        ctx_.school.relationships.push_back(r);
    }

    void link(const model::Student &kid, Id adult_id, const Link &l) {
        if (l.direction != Direction::reverse) relationship(kid.id, adult_id, l.relationship, l, l.portal);
        if (l.direction != Direction::natural) {
            const char *child = kid.sex == Sex::female ? "Daughter" : kid.sex == Sex::male ? "Son" : "Child";
            relationship(adult_id, kid.id, child, l, l.reverse_disagrees ? !l.portal : l.portal);
        }
    }

    // Sibling records: related persons who are students, not parents.
    void siblings(const model::Student &a, const model::Student &b, bool both_directions) {
        Link sibling{"", false, false, true};
        auto word = [](const model::Student &s) { return s.sex == Sex::female ? "Sister" : s.sex == Sex::male ? "Brother" : "Sibling"; };
        relationship(a.id, b.id, word(b), sibling, false);
        if (both_directions) relationship(b.id, a.id, word(a), sibling, false);
    }

    static void marry(model::Parent &a, model::Parent &b) {
        a.spouse_id = b.id;
        b.spouse_id = a.id;
    }

    Sex random_sex() { return rng_.chance(0.49) ? Sex::female : rng_.chance(0.97) ? Sex::male : Sex::nonbinary; }

    GenerationContext &ctx_;
    Rng &rng_;
};

// One family per awkward case real schools have; 8 students in all.
int FamilyBuilder::scripted_families() {
    const auto script_start = ctx_.school.students.size();
    {
        // Split household: parents at two addresses, the father without legal
        // custody, a step-mother in his home; father and son share a name.
        const FamilyName family = family_name("kowalski");
        const Id mother_home = add_household(ctx_, family.text), father_home = add_household(ctx_, family.text);
        const Id mother = adult(random_name(rng_, Sex::female, family), Sex::female, mother_home, true).id;
        model::Parent &father = adult(named(rng_, Sex::male, "lukasz", family), Sex::male, father_home, true);
        father.suffix = ctx_.codes.id("name_suffix", "Sr.");
        const Id father_id = father.id;
        model::Parent &step = adult(random_name(rng_, Sex::female, family_name("wisniewski")), Sex::female, father_home, false);
        marry(ctx_.school.parents[ctx_.school.parents.size() - 2], step);
        const Id step_id = step.id;
        model::Student &kid = student(named(rng_, Sex::male, "lukasz", family), Sex::male, 2, mother_home);
        kid.suffix = ctx_.codes.id("name_suffix", "Jr."); // named after his father
        link(kid, mother, {"Mother"});
        link(kid, father_id, {"Father", true, false, false});
        link(kid, step_id, {"Step-Mother", true, false, false});
    }
    {
        // Raised by a grandmother; the mother is deceased but still listed.
        const FamilyName family = family_name("garcia");
        const Id home = add_household(ctx_, family.text);
        const Id grandmother = adult(random_name(rng_, Sex::female, family), Sex::female, home, true).id;
        const Id mother = adult(random_name(rng_, Sex::female, family), Sex::female, home, false).id;
        const model::Student &kid = student(random_name(rng_, Sex::female, family), Sex::female, 7, home);
        link(kid, grandmother, {"Grandmother"});
        link(kid, mother, {"Mother", true, true, true, true});
    }
    {
        // Siblings in Lower and Upper School; parents sharing one email;
        // every record listed in both directions, and the father's reverse
        // records disagreeing about portal access (the student's record wins).
        const FamilyName family = family_name("nguyen");
        const Id home = add_household(ctx_, family.text);
        const Id mother = adult(named(rng_, Sex::female, "ngoc", family), Sex::female, home, true).id;
        model::Parent &father = adult(named(rng_, Sex::male, "minh", family), Sex::male, home, false);
        model::Parent &mother_record = ctx_.school.parents[ctx_.school.parents.size() - 2];
        marry(mother_record, father);
        father.email = mother_record.email = ctx_.unique("nguyen.family", "@example.com");
        const Id father_id = father.id;
        const model::Student younger = student(named(rng_, Sex::female, "zoe", family), Sex::female, 1, home);
        const model::Student older = student(random_name(rng_, Sex::male, family), Sex::male, 10, home);
        for (const model::Student *kid : {&younger, &older}) {
            link(*kid, mother, {"Mother", true, true, true, false, Direction::both});
            link(*kid, father_id, {"Father", true, true, true, false, Direction::both, true});
        }
        siblings(younger, older, true);
    }
    {
        // Records only in the reverse direction; the mother has no email,
        // the father no portal access.
        const FamilyName family = family_name("li");
        const Id home = add_household(ctx_, family.text);
        model::Parent &mother = adult(random_name(rng_, Sex::female, family), Sex::female, home, true, false);
        const Id mother_id = mother.id;
        model::Parent &father = adult(random_name(rng_, Sex::male, family), Sex::male, home, false);
        marry(ctx_.school.parents[ctx_.school.parents.size() - 2], father);
        const Id father_id = father.id;
        const model::Student &kid = student(random_name(rng_, Sex::female, family), Sex::female, 11, home);
        link(kid, mother_id, {"Mother", true, true, true, false, Direction::reverse});
        link(kid, father_id, {"Father", false, true, true, false, Direction::reverse});
    }
    {
        // The mother works at the school (one person in /staff_faculty and
        // /parents); an aunt teaches there (staff, not a parent); a
        // grandfather is a parent-listed relative without portal access.
        const model::StaffMember &staff = *std::find_if(ctx_.school.staff.begin(), ctx_.school.staff.end(),
                                                        [&](const auto &s) { return s.id == ctx_.school.staff_parent_id; });
        const FamilyName family{staff.name.last, staff.name.ascii_last};
        model::Parent mother;
        mother.id = staff.id;
        mother.name = staff.name;
        mother.sex = staff.sex;
        mother.household_id = staff.household_id;
        mother.head_of_household = true;
        mother.prefix = staff.prefix;
        mother.email = staff.email;
        mother.username = staff.username;
        mother.roles = staff.roles;
        mother.mobile_phone = "617-555-0100";
        mother.occupation = ctx_.codes.id("occupation", "Teacher");
        mother.employer = "This school";
        mother.job_title = staff.job_title;
        mother.modified = staff.modified;
        ctx_.school.parents.push_back(mother);
        model::Parent &father = adult(random_name(rng_, Sex::male, family), Sex::male, staff.household_id, false);
        marry(ctx_.school.parents[ctx_.school.parents.size() - 2], father);
        const Id father_id = father.id;
        const Id grandfather_home = add_household(ctx_, family.text);
        const Id grandfather = adult(random_name(rng_, Sex::male, family), Sex::male, grandfather_home, true).id;
        const model::Student &kid = student(named(rng_, Sex::male, "jose", family), Sex::male, 6, staff.household_id);
        link(kid, mother.id, {"Mother"});
        link(kid, father_id, {"Father"});
        link(kid, ctx_.school.aunt_teacher_id, {"Aunt", true, false, false});
        link(kid, grandfather, {"Grandfather", false, false, false});
    }
    {
        // A legal guardian who is not family, alone.
        const FamilyName family = family_name("okafor");
        const Id home = add_household(ctx_, "Mensah");
        const Id guardian = adult(random_name(rng_, Sex::female, family_name("mensah")), Sex::female, home, true).id;
        const model::Student &kid = student(random_name(rng_, Sex::male, family), Sex::male, 4, home);
        link(kid, guardian, {"Guardian"});
    }
    {
        // A single mother.
        const FamilyName family = family_name("kim");
        const Id home = add_household(ctx_, family.text);
        const Id mother = adult(random_name(rng_, Sex::female, family), Sex::female, home, true).id;
        const model::Student &kid = student(random_name(rng_, Sex::female, family), Sex::female, 9, home);
        link(kid, mother, {"Mother"});
    }
    for (auto i = script_start; i < ctx_.school.students.size(); ++i) ctx_.school.students[i].in_scripted_family = true;
    return static_cast<int>(ctx_.school.students.size() - script_start);
}

int FamilyBuilder::random_family(int max_students) {
    const FamilyName family = random_family_name(rng_);
    const int kid_count = std::min(max_students, 1 + static_cast<int>(rng_.weighted({45, 38, 13, 4})));
    const Direction direction = static_cast<Direction>(rng_.weighted({70, 10, 20}));
    const Id home = add_household(ctx_, family.text);

    struct Adult {
        Id id;
        Link link;
    };
    std::vector<Adult> adults;
    auto add_adult = [&](Sex sex, Id household, bool head, Link link) -> model::Parent & {
        const bool with_email = !rng_.chance(0.02);
        model::Parent &p = adult(random_name(rng_, sex, family), sex, household, head, with_email);
        link.portal = link.portal && !rng_.chance(0.04);
        link.custody = link.custody && !rng_.chance(0.02);
        link.direction = direction;
        adults.push_back({p.id, link});
        return p;
    };
    switch (rng_.weighted({76, 10, 4, 6, 2, 2})) {
    case 0: { // two parents at home
        add_adult(Sex::female, home, true, {"Mother"});
        model::Parent &father = add_adult(Sex::male, home, false, {"Father"});
        model::Parent &mother = ctx_.school.parents[ctx_.school.parents.size() - 2];
        marry(mother, father);
        if (rng_.chance(0.03) && mother.email) father.email = mother.email; // one shared address
        if (rng_.chance(0.005)) adults.back().link.deceased = true;
        break;
    }
    case 1: add_adult(Sex::female, home, true, {"Mother"}); break;
    case 2: add_adult(Sex::male, home, true, {"Father"}); break;
    case 3: { // split: the father lives elsewhere, sometimes without custody
        add_adult(Sex::female, home, true, {"Mother"});
        const Id father_home = add_household(ctx_, family.text);
        const bool custody = !rng_.chance(0.5);
        add_adult(Sex::male, father_home, true, {"Father", true, custody, false});
        break;
    }
    case 4: { // two mothers or two fathers
        const Sex sex = rng_.chance(0.5) ? Sex::female : Sex::male;
        const std::string word = sex == Sex::female ? "Mother" : "Father";
        add_adult(sex, home, true, {word});
        model::Parent &second = add_adult(sex, home, false, {word});
        marry(ctx_.school.parents[ctx_.school.parents.size() - 2], second);
        break;
    }
    default: // grandparents raising the children
        add_adult(Sex::female, home, true, {"Grandmother"});
        if (rng_.chance(0.5)) add_adult(Sex::male, home, false, {"Grandfather"});
        break;
    }
    if (rng_.chance(0.05)) { // a grandparent, living elsewhere, sometimes with portal access
        const Id grandparent_home = add_household(ctx_, family.text);
        const bool portal = rng_.chance(0.5);
        add_adult(Sex::female, grandparent_home, true, {"Grandmother", portal, false, false});
    }

    std::vector<model::Student> kids;
    int grade = static_cast<int>(rng_.between(0, 12));
    for (int k = 0; k < kid_count; ++k) {
        const Sex sex = random_sex();
        kids.push_back(student(random_name(rng_, sex, family), sex, grade, home));
        if (!rng_.chance(0.03)) { // else twins
            const int step = static_cast<int>(rng_.between(1, 4));
            grade = grade + step <= 12 ? grade + step : static_cast<int>(rng_.between(0, 12));
        }
    }
    for (const model::Student &kid : kids)
        for (const Adult &a : adults) link(kid, a.id, a.link);
    if (kids.size() >= 2 && rng_.chance(0.3))
        for (std::size_t k = 1; k < kids.size(); ++k) siblings(kids[k - 1], kids[k], false);
    return kid_count;
}

} // namespace

void build_families(GenerationContext &ctx, int student_count) { FamilyBuilder(ctx).build(student_count); }

} // namespace vcsim
