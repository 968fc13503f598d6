// Reading Veracross's answers: JSON bodies, its error bodies
// ({error, error_description, error_id} on the accounts host,
// {error, error_id} on the Data API), and answers that make no sense.
#pragma once

#include "http/http_client.hpp"
#include "common/plugin_error.hpp"

#include <Poco/JSON/Object.h>

#include <string>

namespace veracross {

struct RemoteErrorBody {
    std::string error;       // OAuth code ("invalid_client") or Data API text
    std::string description; // error_description (accounts host only)
    std::string error_id;    // Veracross's id for its support; may be empty
};

// Tolerant: fields are empty when the body is not a JSON object.
RemoteErrorBody read_error_body(const HttpResponse &response);

// The body as a JSON object, or Status::remote_error unexpected_body naming
// `what` ("the token endpoint of accounts.veracross.com").
Poco::JSON::Object::Ptr json_object_body(const HttpResponse &response, const std::string &what);
// That error, for readers of the body's text that found it is no JSON object.
PluginError not_json_error(const HttpResponse &response, const std::string &what);

// Status::remote_error for an answer the caller has no better meaning for:
// server_error (5xx), redirect (3xx, never followed), unexpected_status.
// Details carry http_status and, when Veracross sent one, error_id.
PluginError unexpected_answer(const HttpResponse &response, const std::string &what);

// Text from Veracross made fit to quote in a message: one line, at most 200 characters.
std::string quoted(const std::string &remote_text);

// Details for a PluginError about an answer: http_status and error_id.
Poco::JSON::Object::Ptr answer_details(const HttpResponse &response);

} // namespace veracross
