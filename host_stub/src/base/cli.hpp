// Command-line words for sis-host: a subcommand, positionals and --options.
// Secrets are never accepted here (they would show in `ps` and shell history).
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace sis_cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Args {
    std::string command;
    std::vector<std::string> positional;
    std::map<std::string, std::string> options; // --name value
    std::set<std::string> flags;                 // --name

    bool flag(const std::string &name) const { return flags.count(name) > 0; }
    std::string option(const std::string &name, const std::string &fallback = {}) const {
        auto it = options.find(name);
        return it == options.end() ? fallback : it->second;
    }
    std::string required(const std::string &name) const {
        auto it = options.find(name);
        if (it == options.end()) throw UsageError(command + ": --" + name + " is required");
        return it->second;
    }
};

// `value_options` take a value; `flag_options` do not. Anything else is an error.
Args parse_args(const std::vector<std::string> &words, const std::set<std::string> &value_options,
                const std::set<std::string> &flag_options);

} // namespace sis_cli
