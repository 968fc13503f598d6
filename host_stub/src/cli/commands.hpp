// The sis-host subcommands: the table that runs one from its words.
#pragma once

#include "base/exit_codes.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace sis_cli {

int run(const std::vector<std::string> &words, std::ostream &out, std::ostream &err);

} // namespace sis_cli
