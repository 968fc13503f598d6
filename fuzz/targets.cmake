# The fuzz targets: each is fuzz/<name>.cpp defining LLVMFuzzerTestOneInput,
# with its seeds in fuzz/corpus/<name>/, crashes it once found in
# fuzz/regressions/<name>/ and, where useful, a dictionary fuzz/dict/<name>.dict.
# Shared by the libFuzzer build (CMakeLists.txt) and the replay build (replay.cmake).
set(SIS_FUZZ_TARGETS
  config_json
  event_spec
  manifest_yaml
  resource_page
  token_response
  sso_callback
  id_token_jwks
  roster_diff)

# Every fuzz target links the plugin core (and its per-build version) and
# the header-only host helper (the manifest loader).
function(sis_fuzz_link target)
  target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/veracross_plugin/src/abi/build_version.cpp)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/fuzz)
  target_link_libraries(${target} PRIVATE veracross_core sis_host_helper)
  target_compile_definitions(${target} PRIVATE SIS_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
endfunction()
