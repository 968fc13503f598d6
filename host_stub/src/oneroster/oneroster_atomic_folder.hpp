// Writing a whole folder of files so that a reader sees the old folder or the
// new one, never a mix: the files go into a new sibling folder, flushed, which
// then takes the old one's place in one rename.
#pragma once

#include <string>
#include <vector>

namespace sis_cli {

struct FolderFile {
    std::string name; // a plain file name inside the folder
    std::string content;
};

// Makes `dir` hold exactly `files`, replacing a folder already there.
// Throws std::runtime_error naming the folder; the old folder is then
// untouched and no temporary folder is left behind.
void write_folder_atomically(const std::string &dir, const std::vector<FolderFile> &files);

} // namespace sis_cli
