/*
 * A C host, as another team would write one against the installed package:
 * finds the Veracross plugin under SIS_PLUGIN_ROOT (veracross/<version>/),
 * loads it with dlopen, checks the table, then describe, the result sink
 * extension (its installed header, sis_ext/result_sink.h), create and connect
 * against the simulator. Built both through find_package(SisPluginApi) and
 * through pkg-config (tests/package/consumer.sh). Exit 0 only if all worked.
 *
 * Environment: SIS_SIM_URL, SIS_TEST_CA, SIS_TEST_CLIENT_ID, SIS_CLIENT_SECRET.
 */
#define _POSIX_C_SOURCE 200809L
#include <sis_plugin.h>
#include <sis_ext/result_sink.h>

#include <dirent.h>
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SIS_PLUGIN_ROOT
#error "SIS_PLUGIN_ROOT: the installed plugin folder, from the package"
#endif

static int fail(const char *what, const char *detail) {
    fprintf(stderr, "c_host: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    return 1;
}

/* SIS_PLUGIN_ROOT/veracross/<the one version folder>/libveracross_plugin.so */
static int find_library(char *path, size_t size) {
    char id_dir[4096];
    struct dirent *e;
    DIR *d;
    snprintf(id_dir, sizeof id_dir, "%s/veracross", SIS_PLUGIN_ROOT);
    d = opendir(id_dir);
    if (!d) return fail("no plugin folder", id_dir);
    path[0] = '\0';
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' &&
            snprintf(path, size, "%s/%s/libveracross_plugin.so", id_dir, e->d_name) >= (int)size) {
            closedir(d);
            return fail("path too long in", id_dir);
        }
    closedir(d);
    return path[0] ? 0 : fail("no version folder in", id_dir);
}

static const char *env(const char *name) {
    const char *v = getenv(name);
    return v ? v : "";
}

int main(void) {
    char library[4096], config[8192];
    const sis_plugin_table *t;
    sis_plugin_entry_fn entry;
    sis_instance *instance = NULL;
    char *out = NULL;
    sis_status s;
    void *lib;
    int ok;

    if (find_library(library, sizeof library)) return 1;
    lib = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (!lib) return fail("dlopen", dlerror());
    *(void **)&entry = dlsym(lib, SIS_PLUGIN_ENTRY_SYMBOL);
    if (!entry) return fail("no entry symbol in", library);
    t = entry(SIS_ABI_MAJOR);
    if (!t || t->abi_major != SIS_ABI_MAJOR) return fail("plugin refuses this host's ABI major", library);
    if (t->struct_size < offsetof(sis_plugin_table, free_string) + sizeof t->free_string)
        return fail("function table too short", library);

    s = t->describe(&out);
    ok = s == SIS_OK && out && strstr(out, "\"veracross\"");
    printf("describe: %s\n", sis_status_name(s));
    if (out) t->free_string(out);
    if (!ok) return fail("describe did not name veracross", NULL);

    {
        const sis_result_sink_ext *sink = NULL;
        if (t->struct_size >= offsetof(sis_plugin_table, get_extension) + sizeof t->get_extension && t->get_extension)
            sink = (const sis_result_sink_ext *)t->get_extension(SIS_EXT_RESULT_SINK);
        printf("extension %s: %s\n", SIS_EXT_RESULT_SINK, sink ? "offered" : "not offered");
        if (!sink || sink->struct_size < sizeof *sink || !sink->import_event_to_sink)
            return fail("the plugin does not offer", SIS_EXT_RESULT_SINK);
    }

    if (snprintf(config, sizeof config,
             "{\"school_domain\":\"demo-school\",\"client_id\":\"%s\",\"client_secret\":\"%s\","
             "\"integration_type\":\"imports\",\"accounts_base_url\":\"%s\",\"api_base_url\":\"%s\","
             "\"tls_ca_file\":\"%s\",\"timeout_seconds\":10}",
             env("SIS_TEST_CLIENT_ID"), env("SIS_CLIENT_SECRET"), env("SIS_SIM_URL"), env("SIS_SIM_URL"),
             env("SIS_TEST_CA")) >= (int)sizeof config)
        return fail("config too long", NULL);
    out = NULL;
    s = t->create(config, NULL, &instance, &out);
    if (s != SIS_OK || !instance) {
        fail("create failed", out);
        if (out) t->free_string(out);
        return 1;
    }
    out = NULL;
    s = t->connect(instance, &out);
    printf("connect: %s\n", sis_status_name(s));
    ok = s == SIS_OK && out && strstr(out, "\"ok\":true");
    if (!ok) fail("connect did not succeed", out);
    if (out) t->free_string(out);
    t->destroy(instance);
    dlclose(lib);
    return ok ? 0 : 1;
}
