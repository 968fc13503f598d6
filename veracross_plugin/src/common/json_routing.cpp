#include "common/json_routing.hpp"

#include "common/plugin_error.hpp"

#include <Poco/JSON/Parser.h>

namespace veracross {

void parse_or_stop(const std::string &json, Poco::JSON::Handler::Ptr to, const std::function<bool()> &stop) {
    try {
        if (stop)
            Poco::JSON::Parser(new StopCheck(*to, stop)).parse(json);
        else
            Poco::JSON::Parser(to).parse(json);
    } catch (const ParseStopped &) {
        throw cancelled_error();
    }
}

void RoutingHandler::reset() {
    depth_ = 0;
    target_ = nullptr;
    pending_key_.clear();
}

void RoutingHandler::open(bool object) {
    if (depth_++ == 0) return begin_value(object);
    if (depth_ == 2) target_ = reading() ? &begin_child(pending_key_, object ? Child::object : Child::array) : &skip_;
    object ? target_->startObject() : target_->startArray();
}

void RoutingHandler::close(bool object) {
    if (--depth_ == 0) return end_value();
    object ? target_->endObject() : target_->endArray();
    if (depth_ == 1) {
        target_ = nullptr;
        if (reading()) end_child();
    }
}

void RoutingHandler::key(const std::string &k) {
    if (depth_ == 1)
        pending_key_ = k; // a member of the value itself: its value comes next
    else if (depth_ > 1)
        target_->key(k);
}

void MemberRouter::begin_value(bool object) {
    object_ = object;
    null_ = false;
    kept_.reset();
    if (object_) kept_.startObject();
}

void MemberRouter::scalar_value(bool null) {
    object_ = false;
    null_ = null;
}

void MemberRouter::end_value() {
    if (object_) kept_.endObject();
}

Poco::JSON::Handler &MemberRouter::begin_child(const std::string &key, Child) {
    if (Handler *routed = route_(key)) return *routed;
    kept_.key(key);
    return kept_;
}

Poco::JSON::Object::Ptr MemberRouter::kept() const {
    return object_ ? kept_.asVar().extract<Poco::JSON::Object::Ptr>() : nullptr;
}

Poco::JSON::Handler &FlatObjectStream::begin_child(const std::string &, Child kind) {
    building_ = kind == Child::object;
    return building_ ? static_cast<Handler &>(element_) : skip_;
}

void FlatObjectStream::end_child() {
    if (!building_) return;
    building_ = false;
    each_(element_.members);
}

void FlatObjectStream::Element::begin_value(bool object) {
    object_ = object;
    members.clear();
}

Poco::JSON::Handler &FlatObjectStream::Element::begin_child(const std::string &key, Child kind) {
    name_ = key;
    nested_open_ = kind != Child::scalar;
    if (!nested_open_) return scalar_;
    nested_.reset();
    return nested_;
}

void FlatObjectStream::Element::end_child() {
    Poco::Dynamic::Var value = nested_open_ ? nested_.asVar() : std::move(scalar_.caught);
    if (nested_open_) nested_.reset();
    for (auto &m : members)
        if (m.name == name_) { // a name given twice: the last value, in the first place
            m.value = std::move(value);
            return;
        }
    members.push_back({name_, std::move(value)});
}

} // namespace veracross
