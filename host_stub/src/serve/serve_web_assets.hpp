// The admin page's files (host_stub/web/), compiled into sis-host so that the
// program stays one file. CMake generates the table (host_stub/web/embed.cmake).
#pragma once

#include <cstddef>
#include <string>

namespace sis_cli {

struct WebAsset {
    const char *path;         // "/index.html"
    const char *content_type; // "text/html; charset=utf-8"
    const unsigned char *data;
    std::size_t size;
    std::string text() const { return std::string(reinterpret_cast<const char *>(data), size); }
};

// The file served at `path`, or nullptr.
const WebAsset *find_web_asset(const std::string &path);

} // namespace sis_cli
