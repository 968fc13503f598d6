// What a host finds in a plugin folder, made hostile: a library built for
// another machine, one cut short anywhere, symbolic link loops, a library
// linked in from outside the folder. Each is refused with a message that names the file and says what
// is wrong; nothing crashes, and sis-host reports every broken plugin while
// the good one still loads.
//
// Covered elsewhere, not repeated here: a manifest whose library is
// ../../etc/passwd or an absolute path (unit/manifest_test), random bytes, a
// text file, a folder, an ELF file cut at 512 bytes (conformance/plugin_loading_test).
#include "sis_host/checked_plugin.hpp"
#include "support/run_process.hpp"

#include <catch2/catch.hpp>

#include <Poco/JSON/Parser.h>

#include <boost/filesystem.hpp>

#include <elf.h>

#include <fstream>
#include <map>
#include <sstream>

namespace fs = boost::filesystem;

namespace {

const fs::path kPluginDir(SIS_PLUGIN_DIR);
const fs::path kLibrary = kPluginDir / "libveracross_plugin.so";

std::string read_file(const fs::path &p) {
    std::ifstream in(p.string(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const fs::path &p, const std::string &bytes) {
    std::ofstream(p.string(), std::ios::binary) << bytes;
}

// A fresh folder, removed at the end of the test.
struct Folder {
    Folder() : path(fs::temp_directory_path() / fs::unique_path("sis-hostile-%%%%-%%%%")) {
        fs::create_directories(path);
    }
    ~Folder() {
        boost::system::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path operator/(const std::string &name) const { return path / name; }
    fs::path path;
};

// The Veracross manifest with its version and library file replaced.
std::string manifest_text(const std::string &version, const std::string &library) {
    std::string text = read_file(kPluginDir / "veracross.yaml");
    const auto replace_line = [&](const std::string &key, const std::string &value) {
        const auto at = text.find("\n" + key + ":");
        REQUIRE(at != std::string::npos);
        const auto end = text.find('\n', at + 1);
        text.replace(at + 1, end - at - 1, key + ": " + value);
    };
    if (!version.empty()) replace_line("version", version);
    replace_line("library", library);
    return text;
}

std::string load_error(const fs::path &library) {
    try {
        sis_host::Plugin::load(library);
    } catch (const sis_host::LoadError &e) {
        return e.what();
    }
    return "(loaded)";
}

std::string manifest_error(const fs::path &manifest) {
    try {
        sis_host::load_manifest(manifest);
    } catch (const sis_host::ManifestError &e) {
        return e.what();
    }
    return "(read)";
}

// The real plugin's first 4 KiB (the header is all the check reads; the
// loader, were it asked, would refuse the rest for being short) with its
// ELF header changed at `offset`.
std::string patched_plugin(std::size_t offset, const std::string &bytes) {
    std::string image(4096, '\0');
    std::ifstream(kLibrary.string(), std::ios::binary).read(&image[0], 4096);
    image.replace(offset, bytes.size(), bytes);
    return image;
}

} // namespace

TEST_CASE("hostile files: a library built for another machine is refused, naming both machines") {
    Folder folder;
    // e_machine (little-endian, after the 16 bytes of e_ident and e_type).
    const std::string aarch64{static_cast<char>(EM_AARCH64), 0};
    write_file(folder / "arm.so", patched_plugin(EI_NIDENT + 2, aarch64));
    const std::string arm = load_error(folder / "arm.so");
    CHECK_THAT(arm, Catch::Contains("arm.so") && Catch::Contains("another kind of computer") &&
                        Catch::Contains("AArch64") && Catch::Contains("this host is x86-64"));

    write_file(folder / "elf32.so", patched_plugin(EI_CLASS, std::string(1, ELFCLASS32)));
    CHECK_THAT(load_error(folder / "elf32.so"), Catch::Contains("32-bit") && Catch::Contains("64-bit"));

    write_file(folder / "bigendian.so", patched_plugin(EI_DATA, std::string(1, ELFDATA2MSB)));
    CHECK_THAT(load_error(folder / "bigendian.so"), Catch::Contains("another kind of computer"));

    // An executable, not a library (e_type ET_EXEC).
    write_file(folder / "program.so", patched_plugin(EI_NIDENT, std::string{static_cast<char>(ET_EXEC), 0}));
    CHECK_THAT(load_error(folder / "program.so"), Catch::Contains("not a shared library (ELF type 2)"));

    // Unpatched, the same bytes are refused for being cut short: the
    // refusals above are the machine check's.
    write_file(folder / "same.so", patched_plugin(0, "\x7f"));
    CHECK_THAT(load_error(folder / "same.so"), Catch::Contains("truncated"));
}

TEST_CASE("hostile files: a library cut short anywhere is refused as truncated, and the host lives") {
    // Cut after its program headers, the loader would map segments past the
    // end of the file and die of SIGBUS touching them: the check must come first.
    const std::string image = read_file(kLibrary);
    Folder folder;
    for (const std::size_t size : {std::size_t(20), std::size_t(64), std::size_t(512), std::size_t(4096),
                                   std::size_t(65536), image.size() - 1}) {
        INFO("cut at " << size << " of " << image.size() << " bytes");
        write_file(folder / "cut.so", image.substr(0, size));
        const std::string error = load_error(folder / "cut.so");
        CHECK_THAT(error, Catch::Contains("cut.so: not a loadable shared library: truncated or damaged") && Catch::Contains("build the plugin again"));
    }
}

TEST_CASE("hostile files: symbolic link loops are refused as loops, not as missing files") {
    Folder folder;
    fs::create_symlink("loop.so", folder / "loop.so");
    fs::create_symlink("b.so", folder / "a.so");
    fs::create_symlink("a.so", folder / "b.so");
    for (const char *name : {"loop.so", "a.so"}) {
        INFO(name);
        CHECK_THAT(load_error(folder / name), Catch::Contains(name) && Catch::Contains("symbolic link loop"));
    }

    write_file(folder / "looping-library.yaml", manifest_text("", "loop.so"));
    CHECK_THAT(manifest_error(folder / "looping-library.yaml"),
               Catch::Contains("field 'library'") && Catch::Contains("'loop.so' is a symbolic link loop"));

    fs::create_symlink("self.yaml", folder / "self.yaml");
    CHECK_THAT(manifest_error(folder / "self.yaml"),
               Catch::Contains("self.yaml") && Catch::Contains("symbolic link loop"));
}

TEST_CASE("hostile files: a library linked in from outside the plugin folder is refused, one inside is fine") {
    Folder folder;
    fs::create_symlink(kLibrary, folder / "libveracross_plugin.so");
    write_file(folder / "veracross.yaml", manifest_text("", "libveracross_plugin.so"));
    CHECK_THAT(manifest_error(folder / "veracross.yaml"),
               Catch::Contains("field 'library'") && Catch::Contains("outside the plugin folder") &&
                   Catch::Contains(fs::canonical(kLibrary).string()));

    // A link to a file of the same folder (libfoo.so -> libfoo.so.1) is how
    // libraries are often installed: it loads.
    Folder inside;
    fs::copy_file(kLibrary, inside / "libveracross_plugin.so.1");
    fs::create_symlink("libveracross_plugin.so.1", inside / "libveracross_plugin.so");
    write_file(inside / "veracross.yaml", manifest_text("", "libveracross_plugin.so"));
    const auto checked = sis_host::load_checked(sis_host::load_manifest(inside / "veracross.yaml"));
    CHECK(checked.plugin->describe().ok());
}

TEST_CASE("hostile files: sis-host plugins names every broken plugin and still loads the good one") {
    Folder folder;
    fs::copy_file(kLibrary, folder / "libveracross_plugin.so");
    write_file(folder / "a-good.yaml", manifest_text("", "libveracross_plugin.so"));
    write_file(folder / "arm.so", patched_plugin(EI_NIDENT + 2, std::string{static_cast<char>(EM_AARCH64), 0}));
    write_file(folder / "b-arm.yaml", manifest_text("0.0.2", "arm.so"));
    fs::create_symlink("loop.so", folder / "loop.so");
    write_file(folder / "c-loop.yaml", manifest_text("0.0.3", "loop.so"));
    fs::create_symlink(kLibrary, folder / "outside.so");
    write_file(folder / "d-outside.yaml", manifest_text("0.0.4", "outside.so"));
    write_file(folder / "e-escape.yaml", manifest_text("0.0.5", "../../x.so"));
    write_file(folder / "f-random.so", std::string(4096, '\x5a'));
    write_file(folder / "f-random.yaml", manifest_text("0.0.6", "f-random.so"));

    const auto r = test_support::run_process(SIS_HOST_EXE, {"plugins", "--dir", folder.path.string(), "--json"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3); // a plugin could not be loaded; not a crash (that would be a signal)
    const auto doc = Poco::JSON::Parser().parse(r.out).extract<Poco::JSON::Object::Ptr>();
    const auto plugins = doc->getArray("plugins");
    std::map<std::string, std::string> problems; // by version
    for (std::size_t i = 0; i < plugins->size(); ++i) {
        const auto p = plugins->getObject(static_cast<unsigned>(i));
        problems[p->getValue<std::string>("version")] =
            p->getValue<bool>("loads") ? "ok" : p->getValue<std::string>("error");
    }
    CHECK(problems.size() == 3);
    CHECK(problems[sis_host::load_manifest(kPluginDir / "veracross.yaml").version] == "ok");
    CHECK_THAT(problems["0.0.2"], Catch::Contains("AArch64"));
    CHECK_THAT(problems["0.0.6"], Catch::Contains("not a shared library"));
    std::string manifest_errors;
    for (const auto &e : *doc->getArray("manifest_errors")) manifest_errors += e.toString() + "\n";
    CHECK_THAT(manifest_errors, Catch::Contains("c-loop.yaml") && Catch::Contains("symbolic link loop"));
    CHECK_THAT(manifest_errors, Catch::Contains("d-outside.yaml") && Catch::Contains("outside the plugin folder"));
    CHECK_THAT(manifest_errors, Catch::Contains("e-escape.yaml") && Catch::Contains("not a path"));
}
