#include "http/remote_response.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

namespace veracross {
namespace {

Poco::JSON::Object::Ptr try_parse(const std::string &body) {
    try {
        return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception &) {
        return nullptr;
    }
}

std::string text_field(const Poco::JSON::Object::Ptr &obj, const std::string &name) {
    if (!obj || !obj->has(name)) return {};
    const Poco::Dynamic::Var v = obj->get(name);
    return v.isString() ? v.extract<std::string>() : std::string();
}

} // namespace

std::string quoted(const std::string &remote_text) {
    // Whole UTF-8 characters only: a message must stay valid UTF-8 (and so
    // valid JSON) whatever bytes the server sent, and a cut at 200 must not
    // split a character.
    constexpr std::size_t kMaxCharacters = 200;
    std::string s;
    std::size_t characters = 0;
    for (std::size_t at = 0; at < remote_text.size() && characters < kMaxCharacters; ++characters) {
        const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(remote_text[i]); };
        const unsigned char lead = byte(at);
        const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3
                                                  : (lead >> 3) == 0x1e ? 4 : 0;
        bool valid = length != 0 && at + length <= remote_text.size();
        unsigned long code_point = length == 1 ? lead : lead & (0x7f >> length);
        for (std::size_t k = 1; valid && k < length; ++k) {
            valid = (byte(at + k) & 0xc0) == 0x80;
            code_point = (code_point << 6) | (byte(at + k) & 0x3f);
        }
        // No overlong forms, UTF-16 surrogates or code points beyond Unicode.
        static const unsigned long kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
        valid = valid && code_point >= kSmallest[length] && code_point <= 0x10ffff &&
                (code_point < 0xd800 || code_point > 0xdfff);
        if (!valid) {
            s += '?';
            ++at;
        } else if (length == 1) {
            s += (lead < 0x20 || lead == 0x7f) ? ' ' : static_cast<char>(lead);
            ++at;
        } else {
            s.append(remote_text, at, length);
            at += length;
        }
    }
    return s;
}

RemoteErrorBody read_error_body(const HttpResponse &response) {
    const auto obj = try_parse(response.body);
    return {text_field(obj, "error"), text_field(obj, "error_description"),
            text_field(obj, "error_id")};
}

Poco::JSON::Object::Ptr json_object_body(const HttpResponse &response, const std::string &what) {
    if (auto obj = try_parse(response.body)) return obj;
    throw not_json_error(response, what);
}

PluginError not_json_error(const HttpResponse &response, const std::string &what) {
    return PluginError(Status::remote_error, "unexpected_body",
                      what + " answered with something that is not the JSON Veracross sends "
                             "(HTTP " + std::to_string(response.status) +
                          "). Try again later; if it persists, contact Veracross support.",
                      answer_details(response));
}

Poco::JSON::Object::Ptr answer_details(const HttpResponse &response) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("http_status", response.status);
    const std::string id = read_error_body(response).error_id;
    if (!id.empty()) d->set("error_id", quoted(id));
    return d;
}

PluginError unexpected_answer(const HttpResponse &response, const std::string &what) {
    const RemoteErrorBody e = read_error_body(response);
    const std::string status = "HTTP " + std::to_string(response.status);
    std::string said = e.description.empty() ? e.error : e.description;
    if (!said.empty()) said = ": \"" + quoted(said) + "\"";
    const std::string support =
        e.error_id.empty() ? std::string()
                           : " If it persists, give Veracross support the error id " +
                                 quoted(e.error_id) + ".";
    if (response.status >= 500)
        return PluginError(Status::remote_error, "server_error",
                           what + " had an internal error (" + status + said +
                               "). Try again later." + support,
                           answer_details(response));
    if (response.status >= 300 && response.status < 400) {
        std::string target = response.header("Location");
        try {
            target = Poco::URI(target).getHost();
        } catch (const Poco::Exception &) {
        }
        return PluginError(Status::remote_error, "redirect",
                           what + " redirected elsewhere (" + status +
                               (target.empty() ? std::string() : " to " + quoted(target)) +
                               "); redirects are not followed. Check the base URLs in the settings.",
                           answer_details(response));
    }
    return PluginError(Status::remote_error, "unexpected_status",
                       what + " answered " + status + said + "." + support,
                       answer_details(response));
}

} // namespace veracross
