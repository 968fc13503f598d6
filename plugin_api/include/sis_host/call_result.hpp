// What every call into a plugin returns, in process or through a runner
// (runner_process.hpp), and the errors the host itself makes.
#pragma once

#include "sis_plugin.h"

#include <stdexcept>
#include <string>

namespace sis_host {

class LoadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct CallResult {
    sis_status status = SIS_INTERNAL;
    std::string json;
    bool ok() const { return status == SIS_OK; }
};

// An error made by the host itself, in the same JSON shape plugins use.
inline std::string host_error_json(sis_status status, const std::string &code,
                                   const std::string &message) {
    std::string escaped;
    for (unsigned char c : message) {
        if (c == '"' || c == '\\') {
            escaped += '\\';
            escaped += static_cast<char>(c);
        } else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            escaped += "\\u00";
            escaped += hex[c >> 4];
            escaped += hex[c & 15];
        } else {
            escaped += static_cast<char>(c);
        }
    }
    return std::string("{\"status\":\"") + sis_status_name(status) + "\",\"code\":\"" + code +
           "\",\"message\":\"" + escaped + "\"}";
}

} // namespace sis_host
