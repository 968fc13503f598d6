#include "base/cli.hpp"

#include <algorithm>

namespace sis_cli {

Args parse_args(const std::vector<std::string> &words, const std::set<std::string> &value_options,
                const std::set<std::string> &flag_options) {
    Args a;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string &w = words[i];
        if (w.rfind("--", 0) != 0 || w == "--") {
            if (a.command.empty())
                a.command = w;
            else
                a.positional.push_back(w);
            continue;
        }
        std::string name = w.substr(2), value;
        const auto eq = name.find('=');
        const bool inline_value = eq != std::string::npos;
        if (inline_value) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        std::string lowered = name;
        std::transform(lowered.begin(), lowered.end(), lowered.begin(), ::tolower);
        if (lowered.find("secret") != std::string::npos || lowered.find("token") != std::string::npos)
            throw UsageError("--" + name + ": secrets are never taken on the command line; use "
                             "the SIS_CLIENT_SECRET environment variable or client_secret_file "
                             "in the config file");
        if (flag_options.count(name)) {
            if (inline_value) throw UsageError("--" + name + " takes no value");
            a.flags.insert(name);
        } else if (value_options.count(name)) {
            if (!inline_value) {
                if (i + 1 >= words.size()) throw UsageError("--" + name + " needs a value");
                value = words[++i];
            }
            a.options[name] = value;
        } else {
            throw UsageError("unknown option --" + name + " (see --help)");
        }
    }
    return a;
}

} // namespace sis_cli
