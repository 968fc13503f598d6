// Reading a manifest's YAML into the JSON tree that describe returns
// (plugin_manifest.cpp); on its own so the fuzzer can feed it any text.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

namespace veracross {

// The tree before the build's version and ABI are set. Throws
// YAML::Exception or Poco::Exception when the text is not a YAML mapping.
Poco::JSON::Object::Ptr manifest_yaml_to_json(const std::string &yaml);

} // namespace veracross
