#include "base/json_members.hpp"

#include <Poco/JSON/Handler.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

namespace sis_cli {
namespace {

// Poco's SAX interface: passes the events of the wanted top-level members
// (and the root's own start and end) to a ParseHandler, which builds them;
// the events of every other member are dropped.
class MemberFilter : public Poco::JSON::Handler {
  public:
    explicit MemberFilter(const std::set<std::string> &names) : names_(names) {}

    void reset() override {
        builder_.reset();
        depth_ = 0;
        skipping_ = false;
    }
    void startObject() override { start([&] { builder_.startObject(); }); }
    void endObject() override { end([&] { builder_.endObject(); }); }
    void startArray() override { start([&] { builder_.startArray(); }); }
    void endArray() override { end([&] { builder_.endArray(); }); }
    void key(const std::string &k) override {
        if (depth_ == 1) skipping_ = !names_.count(k); // a top-level member begins
        if (!skipping_) builder_.key(k);
    }
    void null() override { scalar([&] { builder_.null(); }); }
    void value(int v) override { scalar([&] { builder_.value(v); }); }
    void value(unsigned v) override { scalar([&] { builder_.value(v); }); }
    void value(Poco::Int64 v) override { scalar([&] { builder_.value(v); }); }
    void value(Poco::UInt64 v) override { scalar([&] { builder_.value(v); }); }
    void value(const std::string &v) override { scalar([&] { builder_.value(v); }); }
    void value(double v) override { scalar([&] { builder_.value(v); }); }
    void value(bool v) override { scalar([&] { builder_.value(v); }); }
    Poco::Dynamic::Var asVar() const override { return builder_.asVar(); }

  private:
    template <class Event> void scalar(Event event) {
        if (!skipping_) event();
    }
    template <class Event> void start(Event event) {
        if (!skipping_) event();
        ++depth_;
    }
    template <class Event> void end(Event event) {
        --depth_;
        if (!skipping_ || depth_ == 0) event(); // depth 0: the root's own end
    }

    const std::set<std::string> &names_;
    Poco::JSON::ParseHandler builder_; // what parse_object uses
    int depth_ = 0;                    // containers open; 1 = inside the root object
    bool skipping_ = false;            // inside a member that is not wanted
};

} // namespace

Poco::JSON::Object::Ptr parse_members(const std::string &json, const std::set<std::string> &names) {
    Poco::JSON::Parser parser(new MemberFilter(names));
    return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::string with_member(std::string object, const std::string &name, const std::string &value) {
    const bool empty = object.find_first_not_of(" \t\r\n", 1) == object.size() - 1; // "{}"
    object.pop_back();                                                                  // the closing brace
    object.reserve(object.size() + name.size() + value.size() + 8);
    if (!empty) object += ',';
    object += '"';
    object += name;
    object += "\":";
    object += value;
    object += '}';
    return object;
}

} // namespace sis_cli
