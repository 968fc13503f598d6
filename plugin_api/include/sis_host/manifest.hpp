// A plugin's YAML manifest, read and checked field by field before any
// library is loaded. Every problem names the file, the field and what to fix.
#pragma once

#include <yaml-cpp/yaml.h>

#include <boost/filesystem.hpp>

#include <algorithm>
#include <cerrno>
#include <map>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace sis_host {

class ManifestError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct IntegrationType {
    std::string description;
    std::vector<std::string> scopes;
    std::vector<std::string> optional_scopes;
};

struct ConfigField {
    std::string name;
    std::string type; // string | enum | integer | boolean
    std::string label;
    bool required = false;
    bool secret = false;
    std::vector<std::string> values; // for enum
};

struct Manifest {
    boost::filesystem::path file;
    std::string id;
    std::string display_name;
    std::string version;
    std::string abi_version;
    unsigned abi_major = 0;
    std::string library;                  // file name as written
    boost::filesystem::path library_path; // resolved inside the manifest's folder
    std::map<std::string, IntegrationType> integration_types;
    std::map<std::string, std::string> scope_purposes;
    std::vector<ConfigField> config_fields;
    std::vector<std::string> sso_redirect_urls;

    const ConfigField *field(const std::string &name) const {
        for (const auto &f : config_fields)
            if (f.name == name) return &f;
        return nullptr;
    }
};

namespace manifest_detail {

class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const std::string &field, const std::string &problem) const {
        throw ManifestError(file_ + ": field '" + field + "': " + problem);
    }

    YAML::Node child(const YAML::Node &map, const std::string &key, const std::string &path,
                     bool required) const {
        YAML::Node n = map[key];
        if (!n && required) fail(path, "is missing");
        return n;
    }

    std::string text(const YAML::Node &map, const std::string &key, const std::string &path,
                     bool required = true) const {
        YAML::Node n = child(map, key, path, required);
        if (!n) return {};
        if (!n.IsScalar()) fail(path, "must be a text value");
        std::string s = n.Scalar();
        if (required && s.empty()) fail(path, "must not be empty");
        return s;
    }

    // A mapping's key as text: a list or a mapping as a key is refused.
    std::string key(const YAML::Node &node, const std::string &path) const {
        if (!node.IsScalar()) fail(path, "must have plain names as keys, not lists or mappings");
        return node.Scalar();
    }

    bool flag(const YAML::Node &map, const std::string &key, const std::string &path) const {
        YAML::Node n = map[key];
        if (!n) return false;
        if (!n.IsScalar() || (n.Scalar() != "true" && n.Scalar() != "false"))
            fail(path, "must be true or false");
        return n.Scalar() == "true";
    }

    std::vector<std::string> texts(const YAML::Node &map, const std::string &key,
                                   const std::string &path, bool required) const {
        YAML::Node n = child(map, key, path, required);
        std::vector<std::string> out;
        if (!n || n.IsNull()) return out;
        if (!n.IsSequence()) fail(path, "must be a list");
        for (std::size_t i = 0; i < n.size(); ++i) {
            if (!n[i].IsScalar() || n[i].Scalar().empty())
                fail(path + "[" + std::to_string(i) + "]", "must be a non-empty text value");
            out.push_back(n[i].Scalar());
        }
        return out;
    }

private:
    std::string file_;
};

inline const std::vector<std::string> &known_integration_types() {
    static const std::vector<std::string> types{"imports", "sso", "imports_and_sso"};
    return types;
}

// The library may be a symbolic link, but not a loop and not to a file
// outside the manifest's folder: a host loads only what its plugin folder
// holds. A library that does not exist (yet) is the loader's to report.
inline void check_library_stays_in_folder(const Reader &r, const boost::filesystem::path &library) {
    namespace fs = boost::filesystem;
    boost::system::error_code ec;
    const fs::path resolved = fs::canonical(library, ec);
    if (ec.value() == ELOOP)
        r.fail("library", "'" + library.filename().string() +
                              "' is a symbolic link loop (it leads back to itself): replace it "
                              "with the library file");
    if (ec) return;
    const fs::path folder = fs::canonical(library.parent_path(), ec);
    if (ec) return;
    auto f = folder.begin();
    auto p = resolved.begin();
    for (; f != folder.end() && p != resolved.end() && *f == *p; ++f, ++p) {
    }
    if (f != folder.end())
        r.fail("library", "'" + library.filename().string() + "' is a symbolic link to " +
                              resolved.string() + ", outside the plugin folder " + folder.string() +
                              ": put the library file itself in the folder");
}

} // namespace manifest_detail

// Reads and checks one manifest. Throws ManifestError.
inline Manifest load_manifest(const boost::filesystem::path &file) {
    namespace fs = boost::filesystem;
    using manifest_detail::Reader;
    const std::string name = file.string();
    Reader r(name);
    boost::system::error_code ec;
    if (!fs::is_regular_file(file, ec))
        throw ManifestError(name + ": not a readable file" +
                            (ec.value() == ELOOP ? " (a symbolic link loop)" : ""));

    YAML::Node root;
    try {
        root = YAML::LoadFile(name);
    } catch (const YAML::Exception &e) {
        throw ManifestError(name + ": not valid YAML (line " + std::to_string(e.mark.line + 1) +
                            "): " + e.msg);
    }
    if (!root.IsMap()) throw ManifestError(name + ": must be a YAML mapping of fields");

    Manifest m;
    m.file = file;
    m.id = r.text(root, "id", "id");
    if (!std::regex_match(m.id, std::regex("[a-z][a-z0-9_-]{0,63}")))
        r.fail("id", "must be lower-case letters, digits, '-' or '_' (got '" + m.id + "')");
    m.display_name = r.text(root, "display_name", "display_name");
    m.version = r.text(root, "version", "version");
    // Length first: std::regex recurses once per character (a long version overflowed the stack).
    if (m.version.size() > 128 || !std::regex_match(m.version, std::regex(R"(\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?)")))
        r.fail("version", "must be a semantic version like 1.2.3 (got '" + m.version.substr(0, 128) + "')");
    m.abi_version = r.text(root, "abi_version", "abi_version");
    std::smatch abi;
    if (!std::regex_match(m.abi_version, abi, std::regex(R"((\d{1,4})\.(\d{1,4}))")))
        r.fail("abi_version", "must be MAJOR.MINOR, e.g. \"1.0\" (got '" + m.abi_version + "')");
    m.abi_major = static_cast<unsigned>(std::stoul(abi[1].str()));

    m.library = r.text(root, "library", "library");
    if (m.library.find('/') != std::string::npos || m.library.find('\\') != std::string::npos ||
        m.library == "." || m.library == "..")
        r.fail("library", "must be a file name in the manifest's own folder, not a path (got '" +
                              m.library + "')");
    m.library_path = fs::absolute(file).parent_path() / m.library;
    manifest_detail::check_library_stays_in_folder(r, m.library_path);

    YAML::Node types = r.child(root, "integration_types", "integration_types", true);
    if (!types.IsMap() || types.size() == 0)
        r.fail("integration_types", "must map at least one of imports, sso, imports_and_sso");
    for (const auto &kv : types) {
        const std::string key = r.key(kv.first, "integration_types");
        const std::string path = "integration_types." + key;
        const auto &known = manifest_detail::known_integration_types();
        if (std::find(known.begin(), known.end(), key) == known.end())
            r.fail(path, "unknown integration type (expected imports, sso or imports_and_sso)");
        if (!kv.second.IsMap()) r.fail(path, "must be a mapping with description and scopes");
        IntegrationType t;
        t.description = r.text(kv.second, "description", path + ".description");
        t.scopes = r.texts(kv.second, "scopes", path + ".scopes", true);
        if (t.scopes.empty()) r.fail(path + ".scopes", "must list at least one scope");
        t.optional_scopes = r.texts(kv.second, "optional_scopes", path + ".optional_scopes", false);
        m.integration_types[key] = std::move(t);
    }

    YAML::Node purposes = r.child(root, "scopes", "scopes", true);
    if (!purposes.IsMap()) r.fail("scopes", "must map each scope to what it is for");
    for (const auto &kv : purposes) {
        const std::string scope = r.key(kv.first, "scopes");
        if (!kv.second.IsScalar() || kv.second.Scalar().empty())
            r.fail("scopes." + scope, "must say what the scope is for");
        m.scope_purposes[scope] = kv.second.Scalar();
    }
    for (const auto &t : m.integration_types) {
        for (const auto *list : {&t.second.scopes, &t.second.optional_scopes})
            for (const auto &s : *list)
                if (!m.scope_purposes.count(s))
                    r.fail("scopes", "has no entry for '" + s + "' used by integration type " +
                                         t.first);
    }

    YAML::Node fields = r.child(root, "config_fields", "config_fields", true);
    if (!fields.IsSequence()) r.fail("config_fields", "must be a list");
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const std::string path = "config_fields[" + std::to_string(i) + "]";
        if (!fields[i].IsMap()) r.fail(path, "must be a mapping with name and type");
        ConfigField f;
        f.name = r.text(fields[i], "name", path + ".name");
        f.type = r.text(fields[i], "type", path + ".type");
        f.label = r.text(fields[i], "label", path + ".label", false);
        if (f.type != "string" && f.type != "enum" && f.type != "integer" && f.type != "boolean")
            r.fail(path + ".type", "must be string, enum, integer or boolean (got '" + f.type + "')");
        f.required = r.flag(fields[i], "required", path + ".required");
        f.secret = r.flag(fields[i], "secret", path + ".secret");
        f.values = r.texts(fields[i], "values", path + ".values", f.type == "enum");
        if (f.type == "enum" && f.values.empty()) r.fail(path + ".values", "an enum needs values");
        if (m.field(f.name)) r.fail(path + ".name", "duplicate field '" + f.name + "'");
        m.config_fields.push_back(std::move(f));
    }

    m.sso_redirect_urls = r.texts(root, "sso_redirect_urls", "sso_redirect_urls", false);
    for (const auto &url : m.sso_redirect_urls)
        if (url.rfind("https://", 0) != 0)
            r.fail("sso_redirect_urls", "'" + url + "' must be an https:// URL");
    return m;
}

struct ManifestScan {
    std::vector<Manifest> manifests;
    std::vector<std::string> errors; // one per manifest that could not be read
};

// Reads every *.yaml / *.yml manifest in a folder (not recursive), in name
// order. A broken manifest is reported, not fatal for the others.
inline ManifestScan scan_manifests(const boost::filesystem::path &dir) {
    namespace fs = boost::filesystem;
    ManifestScan scan;
    boost::system::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw ManifestError(dir.string() + ": not a folder of plugin manifests");
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto ext = it->path().extension().string();
        if (ext == ".yaml" || ext == ".yml") files.push_back(it->path());
    }
    if (ec) throw ManifestError(dir.string() + ": cannot list folder: " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto &f : files) {
        try {
            Manifest m = load_manifest(f);
            for (const auto &other : scan.manifests)
                if (other.id == m.id && other.version == m.version)
                    throw ManifestError(f.string() + ": field 'id': plugin '" + m.id + "' " +
                                        m.version + " is also declared by " + other.file.string());
            scan.manifests.push_back(std::move(m));
        } catch (const ManifestError &e) {
            scan.errors.push_back(e.what());
        }
    }
    return scan;
}

} // namespace sis_host
