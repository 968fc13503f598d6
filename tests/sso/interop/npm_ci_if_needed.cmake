# Installs the interop provider's packages from its lock file (npm ci), unless
# the installed tree already matches it. Run by CTest as the fixture of the
# interop tests: cmake -DNPM=<npm> -DDIR=<provider folder> -P npm_ci_if_needed.cmake
if(NOT NPM OR NOT DIR)
  message(FATAL_ERROR "usage: cmake -DNPM=<npm> -DDIR=<provider folder> -P npm_ci_if_needed.cmake")
endif()
set(installed ${DIR}/node_modules/.package-lock.json)
if(EXISTS ${installed} AND ${installed} IS_NEWER_THAN ${DIR}/package-lock.json)
  message(STATUS "interop provider: packages already installed from the lock file")
  return()
endif()
execute_process(COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error
                WORKING_DIRECTORY ${DIR} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "interop provider: `npm ci` failed in ${DIR} (it needs the npm registry or npm's cache)")
endif()
