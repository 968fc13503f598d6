// sis-plugin-runner --fd FD PLUGIN: loads one plugin and serves its calls to
// the host on FD (see README.md). Started by sis_host::RunnerProcess only.
#include "session.hpp"

#include "sis_host/plugin.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>

namespace {

const char *const kUsage =
    "usage: sis-plugin-runner --fd FD PLUGIN\n"
    "Loads one pickAtime SIS plugin and serves its calls to the host on socket FD.\n"
    "Started by a host that loads plugins in processes of their own (sis-host --isolate process);\n"
    "not for use by hand.\n";

// Descriptors the host left open by mistake: the runner needs none of them,
// and holding another runner's socket would hide that runner's end.
void close_others(int keep) { (void)::close_range(static_cast<unsigned>(keep) + 1, ~0u, 0); }

} // namespace

int main(int argc, char **argv) {
    if (argc != 4 || std::string(argv[1]) != "--fd") {
        std::cerr << kUsage;
        return 2;
    }
    const int fd = std::atoi(argv[2]);
    if (fd <= STDERR_FILENO) {
        std::cerr << kUsage;
        return 2;
    }
    close_others(fd);
    // Ctrl-C in the host's terminal reaches this process too: the host
    // decides what it means (a cancel), not the default of dying mid-call.
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);

    std::shared_ptr<sis_host::Plugin> plugin;
    try {
        plugin = sis_host::Plugin::load(argv[3]);
    } catch (const sis_host::LoadError &e) {
        sis_runner::report_load_failure(fd, e.what());
        return 1;
    }
    return sis_runner::Session(fd, std::move(plugin)).run();
}
