// The fuzz targets without libFuzzer: runs every file of the folders (or
// files) named on the command line once through LLVMFuzzerTestOneInput.
// CTest runs it on each target's corpus and regressions (replay.cmake), so a
// crash found once stays fixed. A missing folder is skipped (a target may
// have no regressions yet), but finding no input at all is a failure.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {

namespace stdfs = std::filesystem;

std::vector<stdfs::path> inputs_in(const stdfs::path &place) {
    std::vector<stdfs::path> files;
    std::error_code ec;
    if (stdfs::is_regular_file(place, ec)) return {place};
    if (!stdfs::is_directory(place, ec)) return files;
    for (const auto &entry : stdfs::directory_iterator(place, ec))
        if (entry.is_regular_file(ec) && entry.path().filename().string()[0] != '.') files.push_back(entry.path());
    std::sort(files.begin(), files.end()); // the same order on every run
    return files;
}

} // namespace

int main(int argc, char **argv) {
    std::size_t runs = 0;
    for (int i = 1; i < argc; ++i) {
        for (const auto &file : inputs_in(argv[i])) {
            std::ifstream in(file, std::ios::binary);
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            if (!in.good() && !in.eof()) {
                std::fprintf(stderr, "cannot read %s\n", file.c_str());
                return 1;
            }
            std::fprintf(stderr, "replaying %s\n", file.c_str());
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
            ++runs;
        }
    }
    if (runs == 0) {
        std::fprintf(stderr, "no input found in the folders given\n");
        return 1;
    }
    std::printf("replayed %zu inputs, all clean\n", runs);
    return 0;
}
