// The conformance suite every SIS plugin must pass, run here against the
// Veracross plugin: the table, the memory rules, errors as JSON, and no
// exception crossing the boundary whatever the host passes in.
#include "sis_host/checked_plugin.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <cstdio>
#include <memory>

namespace {

const std::string kPluginDir = SIS_PLUGIN_DIR;

sis_host::CheckedPlugin veracross() {
    return sis_host::load_checked(sis_host::load_manifest(kPluginDir + "/veracross.yaml"));
}

Poco::JSON::Object::Ptr parse(const std::string &json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

// Every error must be {"status", "code", "message"} with the status's name.
void check_error_shape(const sis_host::CallResult &r) {
    INFO(r.json);
    REQUIRE(r.status != SIS_OK);
    auto obj = parse(r.json);
    CHECK(obj->getValue<std::string>("status") == sis_status_name(r.status));
    CHECK_FALSE(obj->getValue<std::string>("code").empty());
    CHECK_FALSE(obj->getValue<std::string>("message").empty());
}

const char *kValidConfig = R"({"school_domain":"demo","client_id":"abc","client_secret":"s3cr3t-never-shown","integration_type":"imports"})";

} // namespace

TEST_CASE("the Veracross plugin exports only its ABI entry") {
    const std::string cmd = "nm -D --defined-only " + kPluginDir + "/libveracross_plugin.so";
    std::unique_ptr<FILE, int (*)(FILE *)> pipe(popen(cmd.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::vector<std::string> symbols;
    char line[512];
    while (fgets(line, sizeof line, pipe.get())) {
        std::string s(line);
        const auto sp = s.find_last_of(' ');
        const std::string type = s.substr(sp - 1, 1);
        if (type == "T" || type == "D" || type == "B" || type == "W" || type == "V" || type == "R")
            symbols.push_back(s.substr(sp + 1, s.find_last_not_of("\n") - sp));
    }
    CHECK(symbols == std::vector<std::string>{"sis_plugin_entry"});
}

TEST_CASE("describe agrees with the manifest and the ABI header") {
    auto c = veracross();
    auto d = parse(c.describe_json);
    CHECK(d->getValue<std::string>("id") == "veracross");
    CHECK(d->getValue<std::string>("abi_version") ==
          std::to_string(SIS_ABI_MAJOR) + "." + std::to_string(SIS_ABI_MINOR));
    CHECK(c.plugin->table().struct_size == sizeof(sis_plugin_table));
    CHECK_FALSE(d->has("library"));
    auto imports = d->getObject("integration_types")->getObject("imports")->getArray("scopes");
    CHECK(imports->size() == 14);
}

TEST_CASE("create refuses bad config with the field named, and never throws") {
    auto c = veracross();
    const auto &t = c.plugin->table();
    struct Case {
        const char *config;
        const char *field;
    } cases[] = {
        {"not json", "config"},
        {"[1,2]", "config"},
        {R"({"client_id":"a","client_secret":"b","integration_type":"imports"})", "school_domain"},
        {R"({"school_domain":"demo","client_secret":"b","integration_type":"imports"})", "client_id"},
        {R"({"school_domain":"demo","client_id":"a","integration_type":"imports"})", "client_secret"},
        {R"({"school_domain":"demo","client_id":"a","client_secret":"b","integration_type":"grades"})", "integration_type"},
        {R"({"school_domain":"http://evil.example.com/x","client_id":"a","client_secret":"b","integration_type":"sso"})", "school_domain"},
        {R"({"school_domain":"demo","client_id":"a","client_secret":"b","integration_type":"sso","timeout_seconds":"soon"})", "timeout_seconds"},
        {R"({"school_domain":"demo","client_id":"a","client_secret":"b","integration_type":"sso","colour":"red"})", "colour"},
    };
    for (const auto &k : cases) {
        INFO(k.config);
        sis_instance *inst = reinterpret_cast<sis_instance *>(1);
        char *out = nullptr;
        REQUIRE(t.create(k.config, nullptr, &inst, &out) == SIS_INVALID_CONFIG);
        CHECK(inst == nullptr);
        REQUIRE(out);
        std::string json(out);
        t.free_string(out);
        CHECK_THAT(json, Catch::Contains(k.field));
        CHECK_THAT(json, !Catch::Contains("s3cr3t"));
    }
}

TEST_CASE("NULL arguments are host errors (invalid_argument), not crashes") {
    auto c = veracross();
    const auto &t = c.plugin->table();
    char *out = nullptr;
    CHECK(t.create(nullptr, nullptr, nullptr, &out) == SIS_INVALID_ARGUMENT);
    t.free_string(out);
    out = nullptr;
    CHECK(t.connect(nullptr, &out) == SIS_INVALID_ARGUMENT);
    REQUIRE(out);
    CHECK_THAT(std::string(out), Catch::Contains("invalid_argument") && Catch::Contains("no_instance"));
    t.free_string(out);
    CHECK(t.connect(nullptr, nullptr) == SIS_INVALID_ARGUMENT);
    t.free_string(nullptr);
    t.destroy(nullptr);
}

TEST_CASE("every operation answers with a status and well-formed JSON") {
    auto c = veracross();
    sis_host::CallResult err;
    auto inst = sis_host::Instance::create(c.plugin, kValidConfig, nullptr, err);
    REQUIRE(inst);
    for (const std::string &bad : {std::string(), std::string("{"), std::string("[]"),
                                   std::string("{\"action\":42}"), std::string(100000, '[')}) {
        INFO(bad.substr(0, 20));
        for (auto r : {inst->import_event(bad), inst->sso(bad)}) {
            check_error_shape(r);
            CHECK_THAT(r.json, !Catch::Contains("s3cr3t"));
        }
    }
}
