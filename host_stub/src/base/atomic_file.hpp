// Writing a result so that a reader sees the old file or the new one,
// never half of one: a temporary file beside it, flushed, then renamed.
#pragma once

#include <string>

namespace sis_cli {

// Throws std::runtime_error naming the file; the old file is then untouched.
void write_file_atomically(const std::string &path, const std::string &content);

} // namespace sis_cli
