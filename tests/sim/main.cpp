// veracross-sim: the Veracross simulator as a process. Prints
// "http_port=N https_port=N" once it listens, serves until SIGINT/SIGTERM.
#include "config.hpp"
#include "simulator.hpp"

#include <csignal>
#include <cstring>
#include <iostream>
#include <pthread.h>

namespace {

const char *const kUsage = R"(usage: veracross-sim [--config FILE]

Serves Veracross's Authorization API, Data API v3 and SSO endpoints for the
schools FILE lists (default: demo.yaml beside this program's sources), over
HTTP and HTTPS on loopback. Prints "http_port=N https_port=N" on one line
when ready; stops on SIGINT or SIGTERM. See tests/sim/README.md.
)";

} // namespace

int main(int argc, char **argv) {
    std::string config_file = VCSIM_DEFAULT_CONFIG;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            std::cout << kUsage;
            return 0;
        }
        if (!std::strcmp(argv[i], "--config") && i + 1 < argc) {
            config_file = argv[++i];
        } else {
            std::cerr << kUsage;
            return 2;
        }
    }

    // Block the stop signals before any thread starts, so that every server
    // thread inherits the mask and only sigwait below receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    try {
        const vcsim::SimConfig config = vcsim::load_config(config_file);
        vcsim::Simulator simulator(config.options, vcsim::build_schools(config.schools));
        simulator.start();
        std::cout << "http_port=" << simulator.http_port() << " https_port=" << simulator.https_port() << std::endl;
        int signal = 0;
        sigwait(&stop_signals, &signal);
        simulator.stop();
        return 0;
    } catch (const std::exception &e) {
        std::cerr << "veracross-sim: " << e.what() << std::endl;
        return 1;
    }
}
