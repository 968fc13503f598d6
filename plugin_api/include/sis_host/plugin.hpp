// Loading a plugin library with Boost.DLL and calling it safely, in this
// process or (Binding::own_process) in a process of its own per instance.
//
// A Plugin keeps its library mapped; every Instance and every call holds a
// shared_ptr to its Plugin, so the library is unloaded only after the last
// of them is gone (what hot swap relies on).
#pragma once

#include "sis_plugin.h"
#include "sis_host/call_result.hpp"
#include "sis_host/runner_process.hpp"

#include <boost/dll/shared_library.hpp>
#include <boost/filesystem.hpp>

#include <elf.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

namespace sis_host {

// The smallest table this host can use: ABI 1.0's, everything up to free_string.
constexpr std::size_t kMinTableSize = SIS_PLUGIN_TABLE_SIZE_1_0;

// Can this build load with RTLD_DEEPBIND? Sanitizer runtimes refuse it, so
// sanitizer builds load without it (Binding::own_first then acts as
// host_first).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kDeepBindAvailable = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kDeepBindAvailable = false;
#else
constexpr bool kDeepBindAvailable = true;
#endif
#else
constexpr bool kDeepBindAvailable = true;
#endif

// Where a plugin's own references to other libraries bind. In this process
// both load with RTLD_LOCAL | RTLD_NOW, so the plugin's symbols stay out of
// the host's and other plugins' lookups.
enum class Binding {
    // The host's libraries first (the dynamic linker's default). Safe for
    // every plugin, C++ ones included; the default.
    host_first,
    // RTLD_DEEPBIND: the plugin's own dependencies first, so a plugin linked
    // against another build of a library the host also loaded gets its own.
    // Only for plugins that do not share the C++ runtime with a C++ host: a
    // C++ host's executable holds copies of libstdc++ data (copy
    // relocations, eg std::ctype<char>::id) that libstdc++ itself uses, and
    // a deep-bound plugin reaches the unused originals instead (its
    // std::regex then throws bad_cast).
    own_first,
    // Not in this process: each Instance runs in a sis-plugin-runner process
    // of its own (default_runner_path()), which loads only this plugin, so
    // its references can only bind to its own dependencies (and the
    // runner's libc, libstdc++ and Boost.Filesystem). Safe for C++ plugins;
    // a plugin that crashes takes only its process down. The same calls and
    // answers as in process; table() and extension() are not there: nothing
    // but JSON crosses. See docs/abi.md, "One plugin per process".
    own_process,
};

class Plugin : public std::enable_shared_from_this<Plugin> {
public:
    // Loads the library at `path` (see Binding), resolves the entry and
    // checks the ABI. Throws LoadError naming the file and the cause.
    static std::shared_ptr<Plugin> load(const boost::filesystem::path &path,
                                        Binding binding = Binding::host_first) {
        namespace fs = boost::filesystem;
        namespace dll = boost::dll;
        const std::string name = path.string();
        boost::system::error_code ec;
        const fs::file_status status = fs::status(path, ec);
        if (ec && ec.value() == ELOOP)
            throw LoadError(name + ": a symbolic link loop (the link leads back to itself): "
                                   "replace it with the library file");
        if (status.type() == fs::file_not_found)
            throw LoadError(name + ": plugin library file is missing");
        if (ec) throw LoadError(name + ": cannot be read: " + ec.message());
        if (status.type() != fs::regular_file)
            throw LoadError(name + ": not a regular file (a folder, device or broken link)");
        check_elf_header(path);
        if (binding == Binding::own_process) return load_in_runner(path);

        auto plugin = std::shared_ptr<Plugin>(new Plugin(path));
        dll::shared_library &lib = plugin->library_;
        dll::load_mode::type mode = dll::load_mode::rtld_local | dll::load_mode::rtld_now;
        if (binding == Binding::own_first && kDeepBindAvailable) mode = mode | dll::load_mode::rtld_deepbind;
        lib.load(path, mode, ec);
        if (ec) throw LoadError(name + ": not a loadable shared library: " + ec.message());
        if (!lib.has(SIS_PLUGIN_ENTRY_SYMBOL))
            throw LoadError(name + ": entry symbol '" SIS_PLUGIN_ENTRY_SYMBOL
                                   "' is missing: not a pickAtime SIS plugin");
        auto entry = lib.get<const sis_plugin_table *(uint32_t)>(SIS_PLUGIN_ENTRY_SYMBOL);
        const sis_plugin_table *table = nullptr;
        try {
            table = entry(SIS_ABI_MAJOR);
        } catch (...) {
            throw LoadError(name + ": the entry function threw an exception");
        }
        if (!table)
            throw LoadError(name + ": the plugin does not serve ABI " + std::to_string(SIS_ABI_MAJOR) +
                            ".x, the ABI of this host: use a plugin build for ABI " +
                            std::to_string(SIS_ABI_MAJOR));
        if (table->abi_major != SIS_ABI_MAJOR)
            throw LoadError(name + ": ABI major mismatch: plugin has ABI " +
                            std::to_string(table->abi_major) + "." +
                            std::to_string(table->abi_minor) + ", this host needs ABI " +
                            std::to_string(SIS_ABI_MAJOR) + ".x");
        if (table->struct_size < kMinTableSize)
            throw LoadError(name + ": function table too small (" +
                            std::to_string(table->struct_size) + " bytes, ABI " +
                            std::to_string(SIS_ABI_MAJOR) + " needs at least " +
                            std::to_string(kMinTableSize) + ")");
        if (!table->describe || !table->create || !table->destroy || !table->connect ||
            !table->list_scopes || !table->import_event || !table->sso || !table->free_string)
            throw LoadError(name + ": function table has empty entries");
        plugin->table_ = table;
        return plugin;
    }

    // The plugin's table, in this process only: throws std::logic_error for
    // a plugin loaded own_process (its table is in each runner).
    const sis_plugin_table &table() const {
        if (!table_) throw std::logic_error(path_.string() + ": loaded in its own process: no table here");
        return *table_;
    }
    bool in_own_process() const { return table_ == nullptr; }
    std::uint32_t abi_major() const { return table_ ? table_->abi_major : remote_.abi_major; }
    std::uint32_t abi_minor() const { return table_ ? table_->abi_minor : remote_.abi_minor; }
    // Does the plugin's table have this (later-minor) function?
    bool has_destroy_checked() const {
        if (!table_) return remote_.destroy_checked;
        return SIS_HAS_MEMBER(table_, sis_plugin_table, destroy_checked) && table_->destroy_checked;
    }
    bool has_cancel() const {
        if (!table_) return remote_.cancel;
        return SIS_HAS_MEMBER(table_, sis_plugin_table, cancel) && table_->cancel;
    }
    // A plugin extension by versioned id, or nullptr (also from a 1.0 plugin,
    // and always own_process: an extension is a table of this process).
    const void *extension(const char *id) const {
        if (!table_ || !SIS_HAS_MEMBER(table_, sis_plugin_table, get_extension) || !table_->get_extension)
            return nullptr;
        return table_->get_extension(id);
    }
    const boost::filesystem::path &path() const { return path_; }
    // The runner own_process instances start.
    const boost::filesystem::path &runner() const { return runner_; }

    // Runs one table function that fills a plugin-owned JSON string, copies
    // the string and frees it with the plugin's own free_string. Anything the
    // plugin throws (a broken plugin) is caught here: the host never crashes.
    template <class Fn> CallResult call(Fn &&fn) const {
        char *out = nullptr;
        CallResult r;
        try {
            r.status = fn(&out);
        } catch (...) {
            if (out) table_->free_string(out);
            return {SIS_INTERNAL,
                    host_error_json(SIS_INTERNAL, "plugin_threw",
                                    path_.filename().string() +
                                        ": the plugin let an exception cross the C ABI")};
        }
        if (out) {
            r.json = out;
            table_->free_string(out);
        } else if (r.status != SIS_OK) {
            r.json = host_error_json(r.status, "no_error_body",
                                     "the plugin gave no error description");
        }
        return r;
    }

    // own_process: the answer the runner gave when it loaded the plugin
    // (describe is the plugin's fixed manifest).
    CallResult describe() const {
        if (!table_) return remote_.describe;
        return call([&](char **out) { return table_->describe(out); });
    }

private:
    explicit Plugin(boost::filesystem::path path) : path_(std::move(path)) {}

    // Loads the plugin in a runner (the same checks, so the same LoadError),
    // keeps what it reported and lets the runner go: each Instance starts its own.
    static std::shared_ptr<Plugin> load_in_runner(const boost::filesystem::path &path) {
        auto plugin = std::shared_ptr<Plugin>(new Plugin(path));
        plugin->runner_ = default_runner_path();
        plugin->remote_ = RunnerProcess::start(plugin->runner_, path)->loaded();
        return plugin;
    }

    // The ELF identity of a file: class (32/64-bit), byte order, type and
    // machine. `ok` is false when the file has no whole ELF header.
    struct ElfIdentity {
        bool ok = false;
        unsigned char elf_class = 0, data = 0;
        std::uint16_t type = 0, machine = 0;
    };
    static ElfIdentity read_elf_identity(const std::string &file) {
        unsigned char h[EI_NIDENT + 4] = {};
        std::ifstream in(file, std::ios::binary);
        ElfIdentity id;
        if (!in.read(reinterpret_cast<char *>(h), sizeof h) || std::memcmp(h, ELFMAG, SELFMAG) != 0)
            return id;
        id.ok = true;
        id.elf_class = h[EI_CLASS];
        id.data = h[EI_DATA];
        // e_type and e_machine follow e_ident, in the file's byte order.
        const auto half = [&](int at) {
            return static_cast<std::uint16_t>(id.data == ELFDATA2MSB ? (h[at] << 8) | h[at + 1]
                                                                     : (h[at + 1] << 8) | h[at]);
        };
        id.type = half(EI_NIDENT);
        id.machine = half(EI_NIDENT + 2);
        return id;
    }
    static std::string machine_name(std::uint16_t machine) {
        switch (machine) {
        case EM_386: return "x86 (32-bit)";
        case EM_X86_64: return "x86-64";
        case EM_ARM: return "ARM (32-bit)";
        case EM_AARCH64: return "AArch64 (ARM 64-bit)";
        case EM_RISCV: return "RISC-V";
        case EM_PPC64: return "PowerPC 64";
        case EM_S390: return "IBM Z";
        case EM_MIPS: return "MIPS";
        default: return "ELF machine " + std::to_string(machine);
        }
    }
    // Refuses, by name, what the dynamic loader would refuse with a vague
    // message ("No such file or directory" for another architecture).
    static void check_elf_header(const boost::filesystem::path &path) {
        const std::string name = path.string();
        const ElfIdentity lib = read_elf_identity(name);
        if (!lib.ok) throw LoadError(name + ": not a shared library (no ELF header)");
        static const ElfIdentity host = read_elf_identity("/proc/self/exe");
        if (!host.ok) return; // cannot tell this host's machine: the loader decides
        const auto bits = [](unsigned char c) { return c == ELFCLASS64 ? "64-bit" : "32-bit"; };
        if (lib.elf_class != host.elf_class || lib.data != host.data || lib.machine != host.machine)
            throw LoadError(name + ": built for another kind of computer (" + machine_name(lib.machine) +
                            ", " + bits(lib.elf_class) + ") but this host is " +
                            machine_name(host.machine) + ", " + bits(host.elf_class) +
                            ": use the plugin build for this machine");
        if (lib.type != ET_DYN)
            throw LoadError(name + ": an ELF file but not a shared library (ELF type " +
                            std::to_string(lib.type) + "): build the plugin as a shared library");
        const std::uint64_t needed = lib.elf_class == ELFCLASS64 ? bytes_described<Elf64_Ehdr, Elf64_Phdr>(name)
                                                                 : bytes_described<Elf32_Ehdr, Elf32_Phdr>(name);
        boost::system::error_code ec;
        const std::uint64_t size = boost::filesystem::file_size(path, ec);
        if (needed == ~std::uint64_t(0) || ec)
            throw LoadError(name + ": not a loadable shared library: truncated or damaged, its ELF "
                                   "headers cannot be read: copy or build the plugin again");
        if (needed > size)
            throw LoadError(name + ": not a loadable shared library: truncated or damaged, its ELF "
                                   "headers describe " + std::to_string(needed) +
                            " bytes but the file has " + std::to_string(size) +
                            ": copy or build the plugin again");
    }

    // How long the file must be for what its ELF and program headers say
    // (every segment's bytes, the section header table). The loader maps
    // segments without checking: past the end of a cut file, touching them
    // is a SIGBUS that would take the host down. UINT64_MAX when the headers
    // cannot be read or overflow.
    template <class Ehdr, class Phdr> static std::uint64_t bytes_described(const std::string &file) {
        constexpr std::uint64_t kUnreadable = ~std::uint64_t(0);
        std::ifstream in(file, std::ios::binary);
        Ehdr e{};
        if (!in.read(reinterpret_cast<char *>(&e), sizeof e)) return kUnreadable;
        const auto end_of = [](std::uint64_t offset, std::uint64_t count, std::uint64_t each) {
            if (each != 0 && count > (kUnreadable - offset) / each) return kUnreadable;
            return offset + count * each;
        };
        std::uint64_t needed = std::max<std::uint64_t>(sizeof e, end_of(e.e_shoff, e.e_shnum, e.e_shentsize));
        needed = std::max(needed, end_of(e.e_phoff, e.e_phnum, e.e_phentsize));
        if (needed == kUnreadable || e.e_phentsize != sizeof(Phdr)) return kUnreadable;
        for (unsigned i = 0; i < e.e_phnum; ++i) {
            Phdr ph{};
            in.seekg(static_cast<std::streamoff>(e.e_phoff + std::uint64_t(i) * sizeof ph));
            if (!in.read(reinterpret_cast<char *>(&ph), sizeof ph)) return kUnreadable;
            needed = std::max(needed, end_of(ph.p_offset, 1, ph.p_filesz));
        }
        return needed;
    }

    boost::filesystem::path path_;
    boost::dll::shared_library library_;
    const sis_plugin_table *table_ = nullptr; // nullptr: own_process
    boost::filesystem::path runner_;
    RunnerProcess::Loaded remote_;
};

// One school connection made by a plugin. Keeps its Plugin (and so the
// library) alive. Calls on one Instance must not overlap (ABI rule).
class Instance {
public:
    // Creates an instance; on failure returns nullptr and fills `error`.
    static std::unique_ptr<Instance> create(std::shared_ptr<const Plugin> plugin,
                                            const std::string &config_json,
                                            const sis_host_services *services,
                                            CallResult &error) {
        if (plugin->in_own_process()) return create_in_runner(std::move(plugin), config_json, services, error);
        sis_instance *handle = nullptr;
        const sis_plugin_table &t = plugin->table();
        error = plugin->call([&](char **out) {
            return t.create(config_json.c_str(), services, &handle, out);
        });
        if (error.status != SIS_OK || !handle) {
            if (handle) t.destroy(handle);
            if (error.status == SIS_OK)
                error = {SIS_INTERNAL, host_error_json(SIS_INTERNAL, "no_instance",
                                                       "the plugin returned no instance")};
            return nullptr;
        }
        return std::unique_ptr<Instance>(new Instance(std::move(plugin), handle));
    }

    ~Instance() {
        if (runner_) {
            (void)runner_->call(runner::Kind::destroy, "destroy", {});
            return; // the runner exits after destroy; its destructor reaps it
        }
        try {
            if (plugin_->has_destroy_checked())
                (void)plugin_->table().destroy_checked(handle_);
            else
                plugin_->table().destroy(handle_);
        } catch (...) {
        }
    }
    Instance(const Instance &) = delete;
    Instance &operator=(const Instance &) = delete;

    const Plugin &plugin() const { return *plugin_; }
    // The plugin's handle; nullptr own_process (the handle is in the runner).
    sis_instance *handle() const { return handle_; }
    // own_process: the runner's process id, else 0.
    pid_t process_id() const { return runner_ ? runner_->pid() : 0; }

    // [any-thread] Stops the call in progress (ABI 1.1 cancel); false when
    // the plugin predates 1.1 (then only the host's is_cancelled stops it),
    // or its runner is gone.
    bool cancel() const {
        if (runner_) return plugin_->has_cancel() && runner_->cancel();
        return plugin_->has_cancel() && plugin_->table().cancel(handle_) == SIS_OK;
    }

    CallResult connect() {
        if (runner_) return runner_->call(runner::Kind::connect, "connect", {});
        return plugin_->call([&](char **out) { return plugin_->table().connect(handle_, out); });
    }
    CallResult list_scopes(const std::string &request_json = {}) {
        if (runner_) return runner_->call(runner::Kind::list_scopes, "list_scopes", request_json);
        return plugin_->call([&](char **out) {
            return plugin_->table().list_scopes(
                handle_, request_json.empty() ? nullptr : request_json.c_str(), out);
        });
    }
    CallResult import_event(const std::string &event_json) {
        if (runner_) return runner_->call(runner::Kind::import_event, "import_event", event_json);
        return plugin_->call([&](char **out) {
            return plugin_->table().import_event(handle_, event_json.c_str(), out);
        });
    }
    CallResult sso(const std::string &request_json) {
        if (runner_) return runner_->call(runner::Kind::sso, "sso", request_json);
        return plugin_->call([&](char **out) {
            return plugin_->table().sso(handle_, request_json.c_str(), out);
        });
    }

private:
    Instance(std::shared_ptr<const Plugin> plugin, sis_instance *handle)
        : plugin_(std::move(plugin)), handle_(handle) {}
    Instance(std::shared_ptr<const Plugin> plugin, std::unique_ptr<RunnerProcess> runner)
        : plugin_(std::move(plugin)), handle_(nullptr), runner_(std::move(runner)) {}

    // One new runner process per instance: a crash or a kill ends this
    // instance only (its calls then say so), and the next create starts afresh.
    static std::unique_ptr<Instance> create_in_runner(std::shared_ptr<const Plugin> plugin,
                                                      const std::string &config_json,
                                                      const sis_host_services *services, CallResult &error) {
        std::unique_ptr<RunnerProcess> runner;
        try {
            runner = RunnerProcess::start(plugin->runner(), plugin->path());
        } catch (const LoadError &e) {
            error = {SIS_INTERNAL, host_error_json(SIS_INTERNAL, "plugin_load_failed", e.what())};
            return nullptr;
        }
        error = runner->create(config_json, services);
        if (!error.ok()) return nullptr;
        return std::unique_ptr<Instance>(new Instance(std::move(plugin), std::move(runner)));
    }

    std::shared_ptr<const Plugin> plugin_;
    sis_instance *handle_;
    std::unique_ptr<RunnerProcess> runner_; // own_process only
};

} // namespace sis_host
