// Reading a large JSON document without building its whole tree. Poco's
// parser reports what it reads to a Poco::JSON::Handler (SAX style); these
// handlers pass those events on, so that only the small parts of a
// document become trees and its long lists are read one element at a time.
// A previous import's result is 60+ MB at 20,000 students: as one Poco
// tree it took over a gigabyte.
#pragma once

#include <Poco/JSON/Handler.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace veracross {

// Drops every event: the members nobody reads.
class SkipValue : public Poco::JSON::Handler {
public:
    void reset() override {}
    void startObject() override {}
    void endObject() override {}
    void startArray() override {}
    void endArray() override {}
    void key(const std::string &) override {}
    void null() override {}
    void value(int) override {}
    void value(unsigned) override {}
    void value(Poco::Int64) override {}
    void value(Poco::UInt64) override {}
    void value(const std::string &) override {}
    void value(double) override {}
    void value(bool) override {}
};

// Thrown by StopCheck to end a parse.
struct ParseStopped : std::exception {
    const char *what() const noexcept override { return "parse stopped"; }
};

// Passes every event on to `to`, and every few thousand events asks `stop`
// whether to go on: a 60 MB document takes a second to read, and a host's
// cancel must not wait for it. Throws ParseStopped when told to stop.
class StopCheck : public Poco::JSON::Handler {
public:
    StopCheck(Poco::JSON::Handler &to, std::function<bool()> stop) : to_(to), stop_(std::move(stop)) {}
    void reset() override { to_.reset(); }
    void startObject() override { check(), to_.startObject(); }
    void endObject() override { check(), to_.endObject(); }
    void startArray() override { check(), to_.startArray(); }
    void endArray() override { check(), to_.endArray(); }
    void key(const std::string &k) override { check(), to_.key(k); }
    void null() override { check(), to_.null(); }
    void value(int v) override { check(), to_.value(v); }
    void value(unsigned v) override { check(), to_.value(v); }
    void value(Poco::Int64 v) override { check(), to_.value(v); }
    void value(Poco::UInt64 v) override { check(), to_.value(v); }
    void value(const std::string &v) override { check(), to_.value(v); }
    void value(double v) override { check(), to_.value(v); }
    void value(bool v) override { check(), to_.value(v); }

private:
    void check() {
        if (++events_ % 4096 == 0 && stop_ && stop_()) throw ParseStopped();
    }
    Poco::JSON::Handler &to_;
    std::function<bool()> stop_;
    std::uint64_t events_ = 0;
};

// Parses `json` into `to`, through a StopCheck when `stop` is given: true
// ends the parse with PluginError(Status::cancelled). Poco's own
// exceptions (not JSON) pass through.
void parse_or_stop(const std::string &json, Poco::JSON::Handler::Ptr to, const std::function<bool()> &stop);

// Base of the handlers below: counts the containers open in the value it is
// given, and passes the events of each direct child (a member's value or an
// element) to the handler the subclass names for it.
class RoutingHandler : public Poco::JSON::Handler {
public:
    void reset() override;
    void startObject() override { open(true); }
    void endObject() override { close(true); }
    void startArray() override { open(false); }
    void endArray() override { close(false); }
    void key(const std::string &k) override;
    void null() override { scalar(true, [](Handler &h) { h.null(); }); }
    void value(int v) override { scalar(false, [&](Handler &h) { h.value(v); }); }
    void value(unsigned v) override { scalar(false, [&](Handler &h) { h.value(v); }); }
    void value(Poco::Int64 v) override { scalar(false, [&](Handler &h) { h.value(v); }); }
    void value(Poco::UInt64 v) override { scalar(false, [&](Handler &h) { h.value(v); }); }
    void value(const std::string &v) override { scalar(false, [&](Handler &h) { h.value(v); }); }
    void value(double v) override { scalar(false, [&](Handler &h) { h.value(v); }); }
    void value(bool v) override { scalar(false, [&](Handler &h) { h.value(v); }); }

protected:
    enum class Child { object, array, scalar };
    // The value itself begins: an object (true) or an array (false).
    virtual void begin_value(bool object) = 0;
    // The value itself is a scalar; `null` when it is null.
    virtual void scalar_value(bool null) = 0;
    // The value ended (an object or array).
    virtual void end_value() {}
    // Whether the value is the container the subclass reads; when it is
    // not, its children are skipped.
    virtual bool reading() const = 0;
    // A direct child begins; `key` is its member name (empty in an array).
    // Returns who gets its events.
    virtual Handler &begin_child(const std::string &key, Child kind) = 0;
    // That child ended.
    virtual void end_child() {}

private:
    void open(bool object);
    void close(bool object);
    template <class Event> void scalar(bool null, Event event) {
        if (depth_ == 0) return scalar_value(null);
        if (depth_ > 1) return event(*target_);
        event(reading() ? begin_child(pending_key_, Child::scalar) : skip_);
        if (reading()) end_child();
    }

    int depth_ = 0;             // containers open; 1: directly inside the value
    Handler *target_ = nullptr; // who gets the current child's events
    std::string pending_key_;   // the member whose value comes next
    SkipValue skip_;
};

// One JSON object: the value of each member goes to the handler route(name)
// gives; the members it gives none for (nullptr) are built into a tree, in
// their order, read with kept(). As in a Poco tree, when a member name comes
// twice its handler sees both values and the tree keeps the last.
class MemberRouter : public RoutingHandler {
public:
    using Route = std::function<Poco::JSON::Handler *(const std::string &name)>;
    explicit MemberRouter(Route route) : route_(std::move(route)) {}

    bool is_object() const { return object_; } // it was an object
    bool is_null() const { return null_; }     // it was null
    Poco::JSON::Object::Ptr kept() const;      // the members not routed; null unless an object

protected:
    void begin_value(bool object) override;
    void scalar_value(bool null) override;
    void end_value() override;
    bool reading() const override { return object_; }
    Handler &begin_child(const std::string &key, Child kind) override;

private:
    Route route_;
    Poco::JSON::ParseHandler kept_{true};
    bool object_ = false, null_ = false;
};

// One JSON array of objects, read without a tree per element: `each` gets
// each element that is an object as its members in order, a scalar as a
// Var (null as an empty one), a nested object or array as its tree. As in
// a tree, a member name given twice keeps its first place and last value.
// Other elements are skipped, and so is a value that is no array.
class FlatObjectStream : public RoutingHandler {
public:
    struct Member {
        std::string name;
        Poco::Dynamic::Var value;
    };
    using Each = std::function<void(const std::vector<Member> &)>;
    explicit FlatObjectStream(Each each) : each_(std::move(each)) {}

protected:
    void begin_value(bool object) override { array_ = !object; }
    void scalar_value(bool) override { array_ = false; }
    bool reading() const override { return array_; }
    Handler &begin_child(const std::string &key, Child kind) override;
    void end_child() override;

private:
    // One scalar's value, as a Var.
    class ScalarCatcher : public SkipValue {
    public:
        Poco::Dynamic::Var caught;
        void null() override { caught = Poco::Dynamic::Var(); }
        void value(int v) override { caught = v; }
        void value(unsigned v) override { caught = v; }
        void value(Poco::Int64 v) override { caught = v; }
        void value(Poco::UInt64 v) override { caught = v; }
        void value(const std::string &v) override { caught = v; }
        void value(double v) override { caught = v; }
        void value(bool v) override { caught = v; }
    };
    // The events of one element: its members' scalars kept, nested values built.
    class Element : public RoutingHandler {
    public:
        std::vector<Member> members;

    protected:
        void begin_value(bool object) override;
        void scalar_value(bool) override { object_ = false; }
        bool reading() const override { return object_; }
        Handler &begin_child(const std::string &key, Child kind) override;
        void end_child() override;

    private:
        ScalarCatcher scalar_;
        Poco::JSON::ParseHandler nested_{true};
        std::string name_;
        bool nested_open_ = false, object_ = false;
    };

    Each each_;
    Element element_;
    SkipValue skip_;
    bool array_ = false;
    bool building_ = false;
};

} // namespace veracross
