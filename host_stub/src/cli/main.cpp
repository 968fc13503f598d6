// sis-host: a minimal pickAtime host. It loads SIS plugins through their
// manifests and runs one operation per invocation.
#include "base/cli.hpp"
#include "cli/commands.hpp"

#include <iostream>

int main(int argc, char **argv) {
    std::vector<std::string> words(argv + 1, argv + argc);
    try {
        return sis_cli::run(words, std::cout, std::cerr);
    } catch (const std::exception &e) {
        std::cerr << "sis-host: internal error: " << e.what() << "\n";
        return sis_cli::kExitInternal;
    }
}
