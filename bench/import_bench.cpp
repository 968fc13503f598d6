// The import bench: for each school size, the Veracross simulator runs
// in-process with a latency per request and Veracross's rate limit, and
// `sis-host import` (then the naive client) runs against it as a child
// process, several times. One table per strategy, medians, and the floor:
// the least time any client could take (time_floor.hpp, README.md).
#include "bench_options.hpp"
#include "child_process.hpp"
#include "plan_time.hpp"
#include "time_floor.hpp"

#include "simulator.hpp"

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/TemporaryFile.h>

#include <algorithm>
#include <map>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

using namespace bench;

struct Run {
    ChildCost cost;
    std::uint64_t sim_requests = 0; // every request the simulator saw (token included)
    std::uint64_t too_many = 0;     // 429s
    std::uint64_t pages = 0, bytes = 0;
    double import_seconds = 0; // the plugin's own stats.seconds: without process start and output
};

struct Row {
    int students = 0;
    std::vector<Run> runs;
    Floor floor;
    double plan = 0; // plan_time.hpp: the plugin's page plan at zero CPU
    // What the floor counts: each list the import asked for (path and
    // filters) and the records the simulator selects for it.
    std::map<std::string, std::uint64_t> lists;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

template <class F> double median_of(const std::vector<Run> &runs, F f) {
    std::vector<double> v;
    for (const auto &r : runs) v.push_back(f(r));
    return median(v);
}

std::string read_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The roster's "stats" object: the last key of a large document, so found
// by text rather than by parsing the whole roster.
Poco::JSON::Object::Ptr stats_of(const std::string &roster_file) {
    const std::string text = read_file(roster_file);
    const auto at = text.rfind("\"stats\":{");
    if (at == std::string::npos) return new Poco::JSON::Object;
    const auto start = at + 8;
    const auto end = text.find('}', start);
    return Poco::JSON::Parser().parse(text.substr(start, end - start + 1)).extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Object::Ptr json_of_file(const std::string &file) {
    const std::string text = read_file(file);
    const auto start = text.find('{');
    if (start == std::string::npos) return new Poco::JSON::Object;
    return Poco::JSON::Parser().parse(text.substr(start)).extract<Poco::JSON::Object::Ptr>();
}

std::string write_school_yaml(const std::string &dir, const vcsim::School &school, const vcsim::Simulator &sim) {
    const std::string file = dir + "/" + school.route + ".yaml";
    std::ofstream out(file);
    out << "school_domain: " << school.route << "\n"
        << "client_id: \"" << school.apps.at(0).client_id << "\"\n"
        << "integration_type: imports\n"
        << "accounts_base_url: " << sim.https_base_url() << "\n"
        << "api_base_url: " << sim.https_base_url() << "\n"
        << "tls_ca_file: " << vcsim::test_ca_file() << "\n";
    return file;
}

class Bench {
public:
    Bench(BenchOptions options, std::string work) : o_(std::move(options)), work_(std::move(work)) {}

    // Every table's rows for one school size: the import, the same import
    // again with the first result as --previous, and the naive client.
    void measure(int students, std::vector<Row> &design, std::vector<Row> &repeat, std::vector<Row> &naive) {
        std::cerr << "generating a school of " << students << " students..." << std::endl;
        vcsim::School school = vcsim::generate_school({"bench-" + std::to_string(students), 1, students});
        const std::string route = school.route;
        const std::string secret = school.apps.at(0).client_secret;

        vcsim::Options options;
        options.record_data_requests = true; // the lists the import asks for: what the floor counts
        options.latency = std::chrono::milliseconds(o_.latency_ms);
        options.rate_limit = {o_.rate_limit, std::chrono::milliseconds(static_cast<long>(o_.window_seconds * 1000))};
        vcsim::Simulator sim(options, {std::move(school)});
        sim.start();
        std::string config;
        sim.read_school(route, [&](const vcsim::School &s) { config = write_school_yaml(work_, s, sim); });

        FloorConditions fc;
        fc.latency = std::chrono::milliseconds(o_.latency_ms);
        fc.rate_limit = o_.rate_limit;
        fc.window = std::chrono::milliseconds(static_cast<long>(o_.window_seconds * 1000));
        Row row{students, {}, {}, 0, {}};
        const std::string event = SIS_SOURCE_DIR "/examples/demo-event.yaml";
        const std::string roster = work_ + "/" + route + "-roster.json";
        const std::string previous = work_ + "/" + route + "-previous.json";
        for (int i = 0; i < o_.runs; ++i) {
            std::cerr << "  sis-host import, " << students << " students, run " << i + 1 << "/" << o_.runs << std::endl;
            Run run = one_run(sim, route, secret,
                              {SIS_HOST_EXE, "import", "--dir", SIS_PLUGIN_DIR, "--config", config, "--event", event,
                               "--out", roster});
            auto stats = stats_of(roster);
            run.pages = stats->optValue<Poco::UInt64>("pages", 0);
            run.bytes = stats->optValue<Poco::UInt64>("bytes", 0);
            run.import_seconds = stats->optValue<double>("seconds", 0);
            std::cerr << "    wall " << run.cost.wall_seconds << " s, import " << run.import_seconds
                      << " s, rate-limit wait " << stats->optValue<double>("rate_limit_wait_seconds", 0) << " s"
                      << std::endl;
            if (i == 0) Poco::File(roster).copyTo(previous);
            Poco::File(roster).remove();
            row.runs.push_back(run);
            if (i == 0) {
                row.lists = lists_asked(sim, route);
                std::vector<std::uint64_t> records;
                for (const auto &[list, n] : row.lists) records.push_back(n);
                row.floor = time_floor(records, fc);
                row.plan = plan_seconds(row.lists, false, fc);
            }
        }
        design.push_back(row);

        // A repeat import: every collection's record count is in the previous
        // result's cursor, so all the pages it needs are asked for at once
        // (--full: every record read again, not a delta of the changes).
        Row again{students, {}, row.floor, plan_seconds(row.lists, true, fc), row.lists};
        for (int i = 0; i < o_.runs; ++i) {
            std::cerr << "  sis-host import --previous --full, " << students << " students, run " << i + 1 << "/"
                      << o_.runs << std::endl;
            Run run = one_run(sim, route, secret,
                              {SIS_HOST_EXE, "import", "--dir", SIS_PLUGIN_DIR, "--config", config, "--event", event,
                               "--previous", previous, "--full", "--out", roster});
            auto stats = stats_of(roster);
            run.pages = stats->optValue<Poco::UInt64>("pages", 0);
            run.bytes = stats->optValue<Poco::UInt64>("bytes", 0);
            run.import_seconds = stats->optValue<double>("seconds", 0);
            Poco::File(roster).remove();
            again.runs.push_back(run);
        }
        Poco::File(previous).remove();
        repeat.push_back(again);

        if (std::find(o_.naive_sizes.begin(), o_.naive_sizes.end(), students) == o_.naive_sizes.end()) return;
        Row slow{students, {}, row.floor, 0, row.lists};
        for (int i = 0; i < o_.naive_runs; ++i) {
            std::cerr << "  naive import, " << students << " students, run " << i + 1 << "/" << o_.naive_runs << std::endl;
            Run run = one_run(sim, route, secret,
                              {NAIVE_IMPORT_EXE, "--dir", SIS_PLUGIN_DIR, "--config", config, "--event", event});
            auto stats = json_of_file(last_stdout_);
            run.pages = stats->optValue<Poco::UInt64>("pages", 0);
            run.bytes = stats->optValue<Poco::UInt64>("bytes", 0);
            run.import_seconds = stats->optValue<double>("seconds", 0);
            slow.runs.push_back(run);
        }
        naive.push_back(slow);
    }

private:
    // Each list request the import sent (path and filters; the page is in
    // headers), with the records the simulator selects for it: all its
    // pages hold together. What the import must fetch, whatever the
    // generator puts in the school (e.g. last year's classes too).
    static std::map<std::string, std::uint64_t> lists_asked(const vcsim::Simulator &sim, const std::string &route) {
        std::map<std::string, std::uint64_t> lists;
        for (const auto &seen : sim.data_requests_seen()) {
            std::string key = seen.path;
            for (const auto &[name, value] : seen.query) key += (key == seen.path ? "?" : "&") + name + "=" + value;
            if (!lists.count(key)) lists[key] = sim.records_selected(route, seen.path, seen.query);
        }
        return lists;
    }

    Run one_run(vcsim::Simulator &sim, const std::string &route, const std::string &secret,
                const std::vector<std::string> &argv) {
        sim.revoke_all_tokens(route); // a fresh token: a fresh rate window, and never the 10-token cap
        sim.reset_counters();
        last_stdout_ = work_ + "/" + route + ".out";
        const std::string err = work_ + "/" + route + ".err";
        Run run;
        run.cost = run_child(argv, {{"SIS_CLIENT_SECRET", secret}}, last_stdout_, err);
        if (run.cost.exit_status != 0)
            throw std::runtime_error(argv[0] + " failed (exit " + std::to_string(run.cost.exit_status) + "): " +
                                     read_file(err).substr(0, 2000));
        const auto c = sim.counters();
        run.sim_requests = c.requests;
        run.too_many = c.too_many_requests;
        return run;
    }

    BenchOptions o_;
    std::string work_;
    std::string last_stdout_;
};

// The machine's load averages (1, 5, 15 minutes), as uptime prints them:
// the bench shares the machine, so each table says how busy it was.
std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    if (!(in >> one >> five >> fifteen)) return "unknown";
    return one + ", " + five + ", " + fifteen;
}

std::string fixed(double v, int decimals) {
    char s[64];
    std::snprintf(s, sizeof s, "%.*f", decimals, v);
    return s;
}

void print_table(std::ostream &out, const std::vector<Row> &rows) {
    out << "| students | runs | wall s | import s | requests | pages | MiB received | CPU s | peak RSS MiB | 429s | floor s | time/floor | floor_8 s | time/floor_8 | plan s |\n"
        << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const auto &r : rows) {
        const double wall = median_of(r.runs, [](const Run &x) { return x.cost.wall_seconds; });
        std::uint64_t too_many = 0;
        for (const auto &x : r.runs) too_many += x.too_many;
        out << "| " << r.students << " | " << r.runs.size() << " | " << fixed(wall, 2) << " | "
            << fixed(median_of(r.runs, [](const Run &x) { return x.import_seconds; }), 2) << " | "
            << fixed(median_of(r.runs, [](const Run &x) { return double(x.sim_requests); }), 0) << " | "
            << fixed(median_of(r.runs, [](const Run &x) { return double(x.pages); }), 0) << " | "
            << fixed(median_of(r.runs, [](const Run &x) { return x.bytes / 1048576.0; }), 1) << " | "
            << fixed(median_of(r.runs, [](const Run &x) { return x.cost.cpu_seconds; }), 2) << " | "
            << fixed(median_of(r.runs, [](const Run &x) { return x.cost.max_rss_mib; }), 0) << " | "
            << too_many << (too_many ? " ✗" : " ✓") << " | " << fixed(r.floor.seconds, 2) << " (" << r.floor.requests + 1
            << " req) | " << fixed(wall / r.floor.seconds, 2) << " | " << fixed(r.floor.seconds_in_flight, 2) << " | "
            << fixed(wall / r.floor.seconds_in_flight, 2) << " | " << (r.plan > 0 ? fixed(r.plan, 2) : "-") << " |\n";
    }
}

// What each row's floor counts: the lists the import asked for, with their records.
void print_floor_basis(std::ostream &out, const std::vector<Row> &rows) {
    out << "\nThe floor's requests: each list the import asked for, records the simulator selects for it (pages of 1000):\n";
    for (const auto &r : rows) {
        out << "- " << r.students << " students, " << r.floor.requests << " pages:";
        for (const auto &[list, n] : r.lists) out << " " << list << " " << n << " (" << n / 1000 + 1 << ")";
        out << "\n";
    }
}

void print_targets(std::ostream &out, const std::vector<Row> &design, const std::vector<Row> &repeat,
                   const std::vector<Row> &naive) {
    auto met = [](bool ok) { return ok ? "met" : "NOT met"; };
    out << "\nTargets:\n";
    for (const auto &[rows, which] : {std::make_pair(&design, ""), std::make_pair(&repeat, ", repeat import")})
        for (const auto &r : *rows) {
            const double wall = median_of(r.runs, [](const Run &x) { return x.cost.wall_seconds; });
            const double to_floor_8 = wall / r.floor.seconds_in_flight;
            if (r.students == 2000 || r.students == 20000)
                out << "- " << r.students << " students" << which << " within 1.25x of floor_8: " << fixed(to_floor_8, 2)
                    << "x, " << met(to_floor_8 <= 1.25) << "\n";
        }
    for (const auto &r : design) {
        if (r.students == 20000) {
            const double rss = median_of(r.runs, [](const Run &x) { return x.cost.max_rss_mib; });
            const double cpu = median_of(r.runs, [](const Run &x) { return x.cost.cpu_seconds; });
            out << "- 20,000 students under 256 MiB peak RSS: " << fixed(rss, 0) << " MiB, " << met(rss < 256) << "\n"
                << "- 20,000 students under 10 s CPU (all of sis-host's CPU, parsing and joining included): "
                << fixed(cpu, 2) << " s, " << met(cpu < 10) << "\n";
        }
    }
    std::uint64_t too_many = 0;
    for (const auto *rows : {&design, &repeat, &naive})
        for (const auto &r : *rows)
            for (const auto &x : r.runs) too_many += x.too_many;
    out << "- zero 429s in every run: " << too_many << " 429s, " << met(too_many == 0) << "\n";
}

} // namespace

int main(int argc, char **argv) {
    BenchOptions options;
    try {
        options = parse_bench_options(argc, argv);
    } catch (const UsageError &e) {
        std::cerr << e.what() << (std::string(e.what()).empty() ? "" : "\n") << kBenchUsage;
        return 2;
    }
    try {
        const bool temporary = options.work_dir.empty();
        const std::string work = temporary ? Poco::TemporaryFile::tempName() : options.work_dir;
        Poco::File(work).createDirectories();
        Bench bench(options, work);
        std::vector<Row> design, repeat, naive;
        const std::string load_before = load_average();
        for (int students : options.sizes) bench.measure(students, design, repeat, naive);
        const std::string load_after = load_average();
        if (temporary) Poco::File(work).remove(true);

        std::ostream &out = std::cout;
        out << "\nImport through sis-host (latency " << options.latency_ms << " ms per request, rate limit "
            << options.rate_limit << " per " << options.window_seconds << " s; medians of " << options.runs
            << " runs; no per-record latency: a page costs the same whatever its size; machine load average "
            << "(1, 5, 15 min) " << load_before << " at the start, " << load_after << " at the end):\n\n";
        print_table(out, design);
        print_floor_basis(out, design);
        out << "\nRepeat import (the first run's result as --previous, with --full: every collection's record count "
               "known before the first request; floor as above):\n\n";
        print_table(out, repeat);
        if (!naive.empty()) {
            out << "\nNaive strategy (one request at a time, page size 100; same school and simulator; floor as above):\n\n";
            print_table(out, naive);
        }
        print_targets(out, design, repeat, naive);
        return 0;
    } catch (const std::exception &e) {
        std::cerr << "import_bench: " << e.what() << "\n";
        return 1;
    }
}
