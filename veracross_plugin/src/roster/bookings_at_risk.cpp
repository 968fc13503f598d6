#include "roster/bookings_at_risk.hpp"

#include <Poco/JSON/Object.h>

#include <map>
#include <set>
#include <tuple>

namespace veracross {

std::vector<BookingAtRisk> bookings_at_risk(const Roster &roster, const std::vector<HostBooking> &bookings) {
    std::set<Id> students;
    for (const auto &p : roster.people)
        if (p.kind == PersonKind::student) students.insert(p.id);
    std::map<std::pair<Id, Id>, bool> links; // (parent, student) -> may_book
    for (const auto &l : roster.links) links[{l.parent_id, l.student_id}] = l.may_book;
    std::set<std::tuple<Id, Id, Id>> supported; // (parent, student, teacher), any class or reason
    for (const auto &b : roster.bookings) supported.insert({b.parent_id, b.student_id, b.teacher_id});

    std::vector<BookingAtRisk> out;
    for (const auto &b : bookings) {
        const std::string student = "student " + std::to_string(b.student_id);
        const std::string parent = "parent " + std::to_string(b.parent_id);
        const std::string teacher = "teacher " + std::to_string(b.teacher_id);
        if (!students.count(b.student_id)) {
            out.push_back({b, "student_not_in_roster",
                           student + " is no longer in the event (withdrawn, or no class of the event)"});
            continue;
        }
        const auto link = links.find({b.parent_id, b.student_id});
        if (link == links.end()) {
            out.push_back({b, "parent_not_linked", parent + " is no longer linked to " + student});
        } else if (!link->second) {
            out.push_back({b, "parent_may_not_book",
                           parent + " is linked to " + student +
                               " but may no longer book (portal access, custody or the event's options)"});
        } else if (!supported.count({b.parent_id, b.student_id, b.teacher_id})) {
            out.push_back({b, "teacher_no_longer_teaches_student",
                           teacher + " no longer teaches " + student + " in the event's classes"});
        }
    }
    return out;
}

Poco::JSON::Array::Ptr bookings_at_risk_json(const std::vector<BookingAtRisk> &at_risk) {
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const auto &r : at_risk) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("parent_id", std::to_string(r.booking.parent_id));
        o->set("teacher_id", std::to_string(r.booking.teacher_id));
        o->set("student_id", std::to_string(r.booking.student_id));
        o->set("reason", r.reason);
        o->set("message", r.message);
        out->add(o);
    }
    return out;
}

} // namespace veracross
