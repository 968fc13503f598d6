# CTest splits a test name at ';', so a Catch2 TEST_CASE whose name has one is
# registered under a shorter name that matches no test case, and "passes"
# without running. This check fails on any such name under tests/.
file(GLOB_RECURSE sources "${SOURCE_DIR}/tests/*.cpp")
set(bad "")
foreach(source ${sources})
  file(STRINGS "${source}" lines REGEX "TEST_CASE\\(\"[^\"]*;")
  if(lines)
    list(APPEND bad "${source}")
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "TEST_CASE names with ';' (CTest would never run them): ${bad}")
endif()
