// A simulated school served over HTTPS and the Veracross plugin loaded
// through its manifest and C ABI, as pickAtime loads it, for import tests.
#pragma once

#include "school/rules_truth.hpp"
#include "simulator.hpp"
#include "sis_host/checked_plugin.hpp"

#include <Poco/JSON/Object.h>

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>

namespace import_test {

using BookingKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;

struct ImportRun {
    sis_status status = SIS_INTERNAL;
    std::string json;
    Poco::JSON::Object::Ptr doc;
    int progress_calls = 0;
    // With a cancel: the simulator's Data API requests when the plugin
    // first heard "cancelled", and when import_event returned.
    std::uint64_t data_requests_at_cancel = 0, data_requests_at_end = 0;
};

class ImportFixture {
public:
    explicit ImportFixture(vcsim::SchoolSpec spec, vcsim::Options options = {});

    // Runs import_event on a fresh instance (or returns create's error).
    // `cancel_after_progress` > 0 cancels once that many progress calls
    // have been seen. No test assertion inside: fixtures may import from
    // threads of their own at once.
    ImportRun import(const Poco::JSON::Object &event, int cancel_after_progress = 0);

    // The ids of the school's grading periods with this description.
    std::vector<std::int64_t> period_ids(const std::string &description) const;

    // The ground truth's query for those periods, with what the app's
    // optional scopes add (co-teachers, class terms) when it has them.
    vcsim::EventQuery truth_query(const std::string &period) const;

    // The plugin config of the school's first app on the simulator, as JSON.
    std::string config_json() const;
    // The loaded plugin import() uses.
    const sis_host::CheckedPlugin &plugin() const { return plugin_; }

    vcsim::School school;
    std::unique_ptr<vcsim::Simulator> sim;

private:
    sis_host::CheckedPlugin plugin_;
};

Poco::JSON::Object event_for(const std::string &period, bool dry_run = false);

// Deletes every third student record of the fixture's school: their
// enrollments and relationships then point at no student (a full import
// sees it; Veracross reports no deletions).
void withdraw_a_third(ImportFixture &f);

// A field as text when it is null or missing: empty, or "-" as rules_truth
// writes an id.
std::string text_or_empty(const Poco::JSON::Object &o, const std::string &key);
std::string id_text(const Poco::JSON::Object &o, const std::string &field);

// The ids of the roster's people.
std::set<std::string> person_ids(const Poco::JSON::Object &roster);

// What `got` has that `want` lacks and the reverse: how many, and the first
// few of each, for a failure's report.
std::string differences(const std::multiset<std::string> &got, const std::multiset<std::string> &want);

// (parent, student, teacher, class or "", reason) of every booking the
// roster's conference view allows.
std::set<BookingKey> bookings_of(const Poco::JSON::Object &roster);
std::set<BookingKey> bookings_of(const std::vector<vcsim::Booking> &truth);

// (parent, student, booking group or "" for null) of every booking's reason
// in the conference view; a pair whose reasons disagree shows twice.
using GroupKey = std::tuple<std::string, std::string, std::string>;
std::set<GroupKey> booking_groups_of(const Poco::JSON::Object &roster);
std::set<GroupKey> booking_groups_of(const std::map<std::pair<std::int64_t, std::int64_t>, std::string> &truth);

// The roster's whole view in rules_truth's texts (school/rules_truth.hpp):
// bookings, warnings, people, links and classes. On the way it checks that
// each warning's message counts its ids and that a person's kind is their
// first role.
vcsim::ConferenceView conference_view_of(const Poco::JSON::Object &roster);

} // namespace import_test
