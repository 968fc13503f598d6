// Runs a program to completion and captures its exit code, stdout and stderr.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace test_support {

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

ProcessResult run_process(const std::string &program, const std::vector<std::string> &args,
                          const std::map<std::string, std::string> &env = {});

} // namespace test_support
