#include "records/value_lists.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

namespace veracross {

void ValueLists::add(const Poco::JSON::Array &value_lists) {
    for (std::size_t i = 0; i < value_lists.size(); ++i) {
        auto list = value_lists.getObject(static_cast<unsigned>(i));
        if (!list) continue;
        auto fields = list->getArray("fields");
        auto items = list->getArray("items");
        if (!fields || !items) continue;
        std::map<std::string, std::string> descriptions;
        for (std::size_t j = 0; j < items->size(); ++j) {
            auto item = items->getObject(static_cast<unsigned>(j));
            if (!item || !item->has("id") || item->isNull("id")) continue;
            try {
                descriptions[item->get("id").convert<std::string>()] =
                    item->optValue<std::string>("description", "");
            } catch (const Poco::Exception &) {
            }
        }
        for (std::size_t f = 0; f < fields->size(); ++f) {
            const auto field = fields->get(static_cast<unsigned>(f));
            if (field.isString()) by_field_[field.extract<std::string>()].insert(descriptions.begin(), descriptions.end());
        }
    }
}

void ValueLists::merge(const ValueLists &other) {
    for (const auto &field : other.by_field_) by_field_[field.first].insert(field.second.begin(), field.second.end());
}

std::string ValueLists::describe(const std::string &field, Id id) const {
    auto f = by_field_.find(field);
    if (f == by_field_.end()) return {};
    auto d = f->second.find(std::to_string(id));
    return d == f->second.end() ? std::string() : d->second;
}

Id ValueLists::find(const std::string &field, const std::string &text) const {
    auto f = by_field_.find(field);
    if (f == by_field_.end()) return 0;
    for (const auto &item : f->second) {
        Poco::Int64 id = 0;
        if (Poco::icompare(item.second, text) == 0 && Poco::NumberParser::tryParse64(item.first, id))
            return id;
    }
    return 0;
}

std::map<Id, std::string> ValueLists::entries(const std::string &field) const {
    std::map<Id, std::string> out;
    auto f = by_field_.find(field);
    if (f == by_field_.end()) return out;
    for (const auto &item : f->second) {
        Poco::Int64 id = 0;
        if (Poco::NumberParser::tryParse64(item.first, id)) out.emplace(id, item.second);
    }
    return out;
}

} // namespace veracross
