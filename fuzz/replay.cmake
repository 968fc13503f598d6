# Corpus replay with any compiler: each fuzz target's entry function, linked
# to a small main (replay_main.cpp) instead of libFuzzer, runs every file of
# fuzz/corpus/<name>/ and fuzz/regressions/<name>/ once. CTest runs these on
# every build, so a crash the fuzzers once found stays fixed.
# Included from tests/CMakeLists.txt: include(${PROJECT_SOURCE_DIR}/fuzz/replay.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/targets.cmake)
foreach(name IN LISTS SIS_FUZZ_TARGETS)
  add_executable(fuzz_replay_${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp ${CMAKE_CURRENT_LIST_DIR}/replay_main.cpp)
  sis_fuzz_link(fuzz_replay_${name})
  add_test(NAME fuzz_replay_${name}
           COMMAND fuzz_replay_${name} ${CMAKE_CURRENT_LIST_DIR}/corpus/${name}
                   ${CMAKE_CURRENT_LIST_DIR}/regressions/${name})
endforeach()
