// Courses, classes (sections), enrollments, teachers' permissions and class
// meetings. Sections hold about 22 students; teachers are taken in turn from
// their level's subject pool. Afterwards a few students join late, leave
// early or change sections, as they do in every real school year.
#include "calendar.hpp"
#include "generation_context.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace vcsim {

namespace {

struct CourseSpec {
    std::string name, code, subject, course_type;
    std::string term; // the grading period the classes run through: "YR", "S1", "S2", "Q3"
    std::string pool; // teacher pool (subject) or "" for classes without a teacher
};

std::vector<CourseSpec> courses_of_grade(int grade) {
    const std::string g = grade == 0 ? "K" : std::to_string(grade);
    if (level_of_grade(grade) == 0)
        return {{"Homeroom " + g, "HR" + g, "Homeroom", "Homeroom", "YR", "Homeroom"},
                {"Art " + g, "ART" + g, "Visual Arts", "Academic", "S1", "Visual Arts"},
                {"Music " + g, "MUS" + g, "Music", "Academic", "S2", "Music"},
                {"Physical Education " + g, "PE" + g, "Physical Education", "Academic", "YR", "Physical Education"},
                {"Spanish " + g, "SPA" + g, "World Languages", "Academic", "YR", "World Languages"}};
    if (level_of_grade(grade) == 1)
        return {{"English " + g, "ENG" + g, "English", "Academic", "YR", "English"},
                {"Mathematics " + g, "MATH" + g, "Mathematics", "Academic", "YR", "Mathematics"},
                {"Science " + g, "SCI" + g, "Science", "Academic", "YR", "Science"},
                {"History " + g, "HIST" + g, "History", "Academic", "YR", "History"},
                {"Spanish " + g, "SPA" + g, "World Languages", "Academic", "YR", "World Languages"},
                {"Physical Education " + g, "PE" + g, "Physical Education", "Academic", "YR", "Physical Education"}};
    static const char *math[] = {"Algebra I", "Geometry", "Algebra II", "Precalculus"};
    static const char *science[] = {"Biology", "Chemistry", "Physics", "Environmental Science"};
    static const char *history[] = {"World History I", "World History II", "United States History", "Government"};
    static const char *spanish[] = {"Spanish I", "Spanish II", "Spanish III", "Spanish IV"};
    const int u = grade - 9;
    std::vector<CourseSpec> courses = {
        {"English " + g, "ENG" + g, "English", "Academic", "YR", "English"},
        {math[u], "MATH" + g, "Mathematics", "Academic", "YR", "Mathematics"},
        {science[u], "SCI" + g, "Science", "Academic", "YR", "Science"},
        {history[u], "HIST" + g, "History", "Academic", "YR", "History"},
        {spanish[u], "SPA" + g, "World Languages", "Academic", "YR", "World Languages"}};
    if (grade == 9) courses.push_back({"Health 9", "HLTH9", "Health", "Academic", "Q3", "Health"});
    return courses;
}

// Upper School electives from grade 10: each student takes one of the two.
const std::vector<CourseSpec> &electives() {
    static const std::vector<CourseSpec> list = {
        {"Art History", "ARTH", "Visual Arts", "Elective", "S1", "Visual Arts"},
        {"Computer Science", "CS", "Computer Science", "Elective", "S2", "Computer Science"}};
    return list;
}

int sections_for(std::size_t students) { return static_cast<int>((students + 21) / 22); }

class AcademicsBuilder {
public:
    explicit AcademicsBuilder(GenerationContext &ctx) : ctx_(ctx), rng_(ctx.rng), school_(ctx.school) {}

    void build() {
        std::vector<std::vector<std::size_t>> by_grade(13); // student indices, by id
        for (std::size_t i = 0; i < school_.students.size(); ++i) by_grade[school_.students[i].grade].push_back(i);
        for (int grade = 0; grade <= 12; ++grade) {
            const auto &grade_students = by_grade[static_cast<std::size_t>(grade)];
            if (grade_students.empty()) continue;
            const auto specs = courses_of_grade(grade);
            const int level = level_of_grade(grade);
            for (std::size_t c = 0; c < specs.size(); ++c) offer(specs[c], level, grade, grade_students, c);
            if (grade >= 10) {
                std::vector<std::size_t> halves[2];
                for (std::size_t p = 0; p < grade_students.size(); ++p) halves[p % 2].push_back(grade_students[p]);
                for (int e = 0; e < 2; ++e)
                    if (!halves[e].empty()) offer(electives()[static_cast<std::size_t>(e)], level, grade, halves[e], 5);
            }
        }
        whole_level_classes(by_grade);
        prior_year_classes(by_grade);
        advisors(by_grade);
        late_joiners_and_leavers();
        schedule_changes();
        meetings();
    }

private:
    // Sections of one course for a group of students of one grade (-1: of
    // several grades).
    std::vector<Id> offer(const CourseSpec &spec, int level, int grade, const std::vector<std::size_t> &students,
                          std::size_t course_index, int school_year = kSchoolYear) {
        const Id course = add_course(spec);
        const int sections = sections_for(students.size());
        std::vector<Id> classes;
        for (int s = 0; s < sections; ++s) {
            model::SchoolClass &c = add_class(spec, course, level, grade, s, school_year);
            if (spec.course_type == "Homeroom" && s % 3 == 0) co_teach(c.id, {0, "Assistant"}, "Assistant Teacher");
            if (spec.subject == "Science" && level == 2 && s % 4 == 1) co_teach(c.id, {2, "Science"}, "Co-Teacher");
            classes.push_back(c.id);
        }
        for (std::size_t p = 0; p < students.size(); ++p) {
            // Lower School classes keep homeroom groups together; older students mix.
            const std::size_t section = level == 0 ? p % classes.size() : (p + 7 * course_index) % classes.size();
            model::Student &student = school_.students[students[p]];
            enroll(student, classes[section], level == 2 && grade >= 11);
            const bool homeroom = spec.course_type == "Homeroom" || (level == 1 && spec.subject == "English");
            if (homeroom && school_year == kSchoolYear) {
                student.homeroom = homeroom_code(grade, section);
                student.homeroom_teacher = class_teacher(classes[section]);
            }
        }
        return classes;
    }

    Id add_course(const CourseSpec &spec) {
        model::Course course;
        course.id = ctx_.course_ids.next(rng_);
        course.code = spec.code;
        course.name = spec.name;
        course.course_type = ctx_.codes.id("course_type", spec.course_type);
        course.subject = ctx_.codes.id("subject", spec.subject);
        course.department = department_of(spec.subject);
        school_.courses.push_back(course);
        return course.id;
    }

    Id department_of(const std::string &subject) const {
        if (subject == "Homeroom") return ctx_.codes.id("department", "Lower School");
        if (subject == "Visual Arts" || subject == "Music") return ctx_.codes.id("department", "Arts");
        if (subject == "Health") return ctx_.codes.id("department", "Physical Education");
        if (subject == "Computer Science") return ctx_.codes.id("department", "Technology");
        if (subject == "Study Skills") return ctx_.codes.id("department", "Student Support");
        return ctx_.codes.id("department", subject);
    }

    model::SchoolClass &add_class(const CourseSpec &spec, Id course, int level, int grade, int section,
                                  int school_year) {
        model::SchoolClass c;
        c.id = ctx_.class_ids.next(rng_);
        c.course_id = course;
        c.level = level;
        c.school_year = school_year;
        c.code = spec.code + "-" + std::to_string(section + 1);
        c.description = spec.name;
        const model::GradingPeriod &term = find_period(school_, level, spec.term);
        c.begin = term.start;
        c.end = term.end;
        if (school_year != kSchoolYear) { // last year's run of the course
            c.begin -= 364;
            *c.end -= 364;
        }
        if (!spec.pool.empty()) c.teacher_id = next_teacher(level, spec.pool);
        c.room_id = 100 + level * 100 + rng_.between(1, 40);
        c.campus = ctx_.codes.id("campus", level == 0 ? "North Campus" : "Main Campus");
        c.school_level = ctx_.codes.id("school_level", level_names()[static_cast<std::size_t>(level)]);
        if (grade >= 0) c.grade_level = ctx_.codes.id("grade_level", grade_names()[static_cast<std::size_t>(grade)]);
        c.status = ctx_.codes.id("class_status", school_year < kSchoolYear       ? "Completed"
                                                 : c.begin > snapshot_day() ? "Future"
                                                                            : "Active");
        c.modified = ctx_.stamp();
        school_.classes.push_back(c);
        class_index_[c.id] = school_.classes.size() - 1;
        if (c.teacher_id) permit(c.id, c.teacher_id, "Teacher");
        return school_.classes.back();
    }

    Id next_teacher(int level, const std::string &pool) {
        const std::vector<Id> &teachers = school_.teachers.at({level, pool});
        return teachers[turn_[{level, pool}]++ % teachers.size()];
    }

    Id class_teacher(Id class_id) const { return school_.classes[class_index_.at(class_id)].teacher_id; }

    void permit(Id class_id, Id person, const std::string &role) {
        school_.permissions.push_back(
            {ctx_.permission_ids.next(rng_), class_id, person, ctx_.codes.id("permission_role", role), ctx_.stamp()});
    }

    // A second teacher, visible only in academics/permissions.
    void co_teach(Id class_id, const std::pair<int, std::string> &pool, const std::string &role) {
        const Id primary = class_teacher(class_id);
        const Id second = next_teacher(pool.first, pool.second);
        if (second != primary) permit(class_id, second, role);
    }

    void enroll(const model::Student &student, Id class_id, bool may_be_advanced) {
        model::Enrollment e;
        e.id = ctx_.enrollment_ids.next(rng_);
        e.class_id = class_id;
        e.student_id = student.id;
        const std::int64_t draw = rng_.between(0, 9);
        e.level = ctx_.codes.id("enrollment_level", !may_be_advanced || draw >= 3 ? "Standard"
                                                    : draw >= 1                  ? "Honors"
                                                                                 : "Advanced Placement");
        e.modified = ctx_.stamp();
        school_.enrollments.push_back(e);
    }

    Id homeroom_code(int grade, std::size_t section) {
        const std::string name = (grade == 0 ? std::string("K") : std::to_string(grade)) + "-" +
                                 static_cast<char>('A' + section % 26) + (section >= 26 ? std::to_string(section / 26) : "");
        auto found = homerooms_.find(name);
        if (found != homerooms_.end()) return found->second;
        return homerooms_[name] = ctx_.codes.add("homeroom", name);
    }

    // Classes for students of several grades: an Upper School study hall
    // without a teacher, and open-ended Lower School learning support.
    void whole_level_classes(const std::vector<std::vector<std::size_t>> &by_grade) {
        std::vector<std::size_t> study_hall, support;
        for (int grade = 0; grade <= 12; ++grade)
            for (std::size_t p = 0; p < by_grade[static_cast<std::size_t>(grade)].size(); ++p) {
                const std::size_t i = by_grade[static_cast<std::size_t>(grade)][p];
                if (grade >= 9 && p % 3 == 0) study_hall.push_back(i);
                if (grade <= 5 && p % 8 == 3) support.push_back(i);
            }
        if (!study_hall.empty()) offer({"Study Hall", "STDY", "Study Skills", "Study Hall", "YR", ""}, 2, -1, study_hall, 6);
        if (!support.empty()) {
            const auto classes =
                offer({"Learning Support", "LSUP", "Study Skills", "Academic", "YR", "Study Skills"}, 0, -1, support, 7);
            for (Id id : classes) { // runs on with no end date, from mid-September
                model::SchoolClass &c = school_.classes[class_index_.at(id)];
                c.begin = day_number(kSchoolYear, 9, 15);
                c.end.reset();
            }
        }
    }

    // Last year's classes of some of this year's students: outside every
    // current grading period.
    void prior_year_classes(const std::vector<std::vector<std::size_t>> &by_grade) {
        for (int grade : {2, 7, 10}) {
            const auto &students = by_grade[static_cast<std::size_t>(grade)];
            if (students.empty()) continue;
            const std::vector<std::size_t> some(students.begin(), students.begin() + std::min<std::size_t>(20, students.size()));
            offer(courses_of_grade(grade - 1).front(), level_of_grade(grade - 1), grade - 1, some, 0, kSchoolYear - 1);
        }
    }

    // Advisors: Middle and Upper School students in groups of about 10,
    // advised by their level's teachers (and, in Upper School, the counselor).
    void advisors(const std::vector<std::vector<std::size_t>> &by_grade) {
        for (int level : {1, 2}) {
            std::vector<Id> advisors;
            for (const auto &[key, teachers] : school_.teachers)
                if (key.first == level && key.second != "Physical Education")
                    advisors.insert(advisors.end(), teachers.begin(), teachers.end());
            if (level == 2) advisors.push_back(school_.counselor_id);
            std::size_t position = 0;
            for (int grade = 0; grade <= 12; ++grade) {
                if (level_of_grade(grade) != level) continue;
                for (std::size_t i : by_grade[static_cast<std::size_t>(grade)])
                    school_.students[i].advisor = advisors[position++ / 10 % advisors.size()];
            }
        }
    }

    // Every current-year enrollment of the student, by index.
    std::unordered_map<Id, std::vector<std::size_t>> enrollments_by_student() const {
        std::unordered_map<Id, std::vector<std::size_t>> result;
        for (std::size_t i = 0; i < school_.enrollments.size(); ++i) {
            const model::Enrollment &e = school_.enrollments[i];
            if (school_.classes[class_index_.at(e.class_id)].school_year == kSchoolYear)
                result[e.student_id].push_back(i);
        }
        return result;
    }

    // Students outside the scripted families, each picked with the given
    // chance; at least one, so that every size shows the case.
    std::vector<std::size_t> pick_students(double chance, const std::set<std::size_t> &taken, int min_grade = 0) {
        std::vector<std::size_t> picked;
        std::size_t first_eligible = school_.students.size();
        for (std::size_t i = 0; i < school_.students.size(); ++i) {
            const model::Student &s = school_.students[i];
            if (s.in_scripted_family || taken.count(i) || s.grade < min_grade) continue;
            if (first_eligible == school_.students.size()) first_eligible = i;
            if (rng_.chance(chance)) picked.push_back(i);
        }
        if (picked.empty() && first_eligible < school_.students.size()) picked.push_back(first_eligible);
        return picked;
    }

    void late_joiners_and_leavers() {
        const auto by_student = enrollments_by_student();
        std::vector<bool> drop(school_.enrollments.size(), false);
        const std::vector<int> join_days = {day_number(2026, 1, 26), day_number(2025, 11, 17), day_number(2026, 2, 23)};
        const std::vector<int> leave_days = {day_number(2025, 10, 17), day_number(2026, 3, 13)};
        const auto joiners = pick_students(0.015, {});
        for (std::size_t n = 0; n < joiners.size(); ++n) {
            model::Student &s = school_.students[joiners[n]];
            const int day = n == 0 ? join_days[0] : rng_.pick(join_days);
            s.entry_date = day;
            s.status = ctx_.codes.id("enrollment_status", "Enrolled");
            s.modified = ctx_.stamp_after(day);
            taken_.insert(joiners[n]);
            for (std::size_t i : by_student.count(s.id) ? by_student.at(s.id) : std::vector<std::size_t>{}) {
                model::Enrollment &e = school_.enrollments[i];
                const model::SchoolClass &c = school_.classes[class_index_.at(e.class_id)];
                if (c.end && *c.end < day) {
                    drop[i] = true; // the class was over before they came
                } else if (c.begin < day) {
                    e.late_date_enrolled = day;
                    e.modified = ctx_.stamp_after(day);
                }
            }
        }
        const auto leavers = pick_students(0.01, taken_);
        for (std::size_t n = 0; n < leavers.size(); ++n) {
            model::Student &s = school_.students[leavers[n]];
            const int day = n == 0 ? leave_days[0] : rng_.pick(leave_days);
            s.exit_date = day;
            s.status = ctx_.codes.id("enrollment_status", "Withdrawn");
            s.modified = ctx_.stamp_after(day);
            taken_.insert(leavers[n]);
            for (std::size_t i : by_student.count(s.id) ? by_student.at(s.id) : std::vector<std::size_t>{}) {
                model::Enrollment &e = school_.enrollments[i];
                if (school_.classes[class_index_.at(e.class_id)].begin > day) {
                    drop[i] = true; // never started
                } else {
                    e.date_withdrawn = day;
                    e.modified = ctx_.stamp_after(day);
                }
            }
        }
        std::size_t kept = 0;
        for (std::size_t i = 0; i < school_.enrollments.size(); ++i)
            if (!drop[i]) school_.enrollments[kept++] = school_.enrollments[i];
        school_.enrollments.resize(kept);
    }

    // Middle and Upper School students moving to another math section in
    // September: one enrollment ends early, the next one starts late.
    void schedule_changes() {
        const auto by_student = enrollments_by_student();
        const Id math = ctx_.codes.id("subject", "Mathematics");
        std::unordered_map<Id, Id> subject_of_course;
        std::unordered_map<Id, std::vector<Id>> sections_of_course;
        for (const model::Course &c : school_.courses) subject_of_course[c.id] = c.subject;
        for (const model::SchoolClass &c : school_.classes)
            if (c.school_year == kSchoolYear) sections_of_course[c.course_id].push_back(c.id);
        for (std::size_t i : pick_students(0.03, taken_, 6)) {
            const model::Student student = school_.students[i];
            for (std::size_t e : by_student.count(student.id) ? by_student.at(student.id) : std::vector<std::size_t>{}) {
                const model::SchoolClass &c = school_.classes[class_index_.at(school_.enrollments[e].class_id)];
                if (subject_of_course.at(c.course_id) != math) continue;
                school_.enrollments[e].date_withdrawn = day_number(kSchoolYear, 9, 19);
                school_.enrollments[e].modified = ctx_.stamp_after(day_number(kSchoolYear, 9, 19));
                for (Id other : sections_of_course.at(c.course_id)) {
                    if (other == c.id) continue;
                    enroll(student, other, false);
                    school_.enrollments.back().late_date_enrolled = day_number(kSchoolYear, 9, 22);
                    school_.enrollments.back().modified = ctx_.stamp_after(day_number(kSchoolYear, 9, 22));
                    break;
                }
                break;
            }
        }
    }

    // Each current-year class meets in every grading period of its level
    // that its dates overlap, except that some classes dated for the whole
    // year (one in six, and at least one with a teacher per level) meet only
    // in its second half (as a school might keep a one-semester elective's
    // year dates): there the documented schedule link (grading_period_id)
    // and the date-overlap rule disagree. They still meet in the Full Year.
    void meetings() {
        const auto whole_year = [&](const model::SchoolClass &c) {
            const model::GradingPeriod &year = find_period(school_, c.level, "YR");
            return c.school_year == kSchoolYear && c.begin == year.start && c.end && *c.end == year.end;
        };
        // The level's last whole-year class with a teacher (the first ones
        // carry the scripted families and first accounts other tests use).
        std::map<int, Id> level_case;
        for (const model::SchoolClass &c : school_.classes)
            if (whole_year(c) && c.teacher_id) level_case[c.level] = c.id;
        for (const model::SchoolClass &c : school_.classes) {
            if (c.school_year != kSchoolYear) continue;
            const model::GradingPeriod &year = find_period(school_, c.level, "YR");
            const bool second_half_only = whole_year(c) && (c.id % 6 == 0 || level_case[c.level] == c.id);
            for (const model::GradingPeriod &p : school_.grading_periods) {
                if (p.level != c.level || c.begin > p.end || (c.end && *c.end < p.start)) continue;
                const Id day = ctx_.codes.items("schedule_day")[static_cast<std::size_t>(c.id % 5)].id;
                // Drawn either way, so that the rest of the school stays as it was.
                const Id id = ctx_.meeting_ids.next(rng_);
                std::string modified = ctx_.stamp();
                if (second_half_only && p.id != year.id && p.start < c.begin + (*c.end - c.begin) / 2) continue;
                school_.meetings.push_back({id, c.id, p.id, day, static_cast<int>(c.id % 7) + 1, std::move(modified)});
            }
        }
    }

    GenerationContext &ctx_;
    Rng &rng_;
    model::School &school_;
    std::unordered_map<Id, std::size_t> class_index_;
    std::map<std::pair<int, std::string>, std::size_t> turn_; // next teacher per pool
    std::map<std::string, Id> homerooms_;
    std::set<std::size_t> taken_; // students already given an enrollment quirk
};

} // namespace

void build_academics(GenerationContext &ctx) { AcademicsBuilder(ctx).build(); }

} // namespace vcsim
