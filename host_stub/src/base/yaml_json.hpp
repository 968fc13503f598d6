// YAML files of sis-host (school config, event spec) become the JSON that
// plugins take.
#pragma once

#include <yaml-cpp/yaml.h>

#include <Poco/Dynamic/Var.h>

#include <string>

namespace sis_cli {

// Maps and lists convert as such; unquoted true/false become booleans and
// unquoted numbers become numbers unless `keep_text` (a field declared as
// text: an all-digit client id must stay text).
Poco::Dynamic::Var yaml_to_json(const YAML::Node &node, bool keep_text = false);

// Reads a YAML (or JSON) file into JSON text. Throws std::runtime_error
// naming the file and the line.
std::string yaml_file_to_json(const std::string &file);

} // namespace sis_cli
