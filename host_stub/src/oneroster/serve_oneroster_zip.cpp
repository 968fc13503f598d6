#include "oneroster/serve_oneroster_zip.hpp"

#include "oneroster/oneroster_export.hpp"

#include <Poco/DirectoryIterator.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <Poco/Zip/Compress.h>

#include <algorithm>
#include <sstream>
#include <vector>

namespace sis_cli {

std::string oneroster_zip(const Poco::JSON::Object &roster) {
    // The export writes a folder (atomically); a private scratch folder holds it
    // until it is zipped, and goes away with the TemporaryFile.
    Poco::TemporaryFile scratch;
    scratch.createDirectories();
    const Poco::Path folder = Poco::Path(scratch.path()).makeDirectory().pushDirectory("oneroster");
    export_oneroster_csv(roster, folder.toString());

    std::vector<std::string> names;
    for (Poco::DirectoryIterator it(folder), end; it != end; ++it)
        if (it->isFile()) names.push_back(it.name());
    std::sort(names.begin(), names.end()); // the same roster makes the same zip listing

    std::ostringstream zip;
    Poco::Zip::Compress compress(zip, true);
    for (const auto &name : names) {
        Poco::FileInputStream in(Poco::Path(folder, name).toString());
        compress.addFile(in, Poco::DateTime(), Poco::Path(name));
    }
    compress.close();
    return zip.str();
}

} // namespace sis_cli
