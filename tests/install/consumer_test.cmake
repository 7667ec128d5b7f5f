# CTest script (cmake -P): installs poolscope::core (component dev) from BUILD_DIR into a temporary prefix,
# then configures, builds and runs tests/install/consumer, a separate project that does
# find_package(PoolScope CONFIG REQUIRED). Any failing step fails the test with the step's output.
# Variables: BUILD_DIR, SOURCE_DIR (tests/install/consumer), WORK_DIR, GENERATOR, CXX_COMPILER, CXX_FLAGS,
# VERSION (the project's).
cmake_minimum_required(VERSION 3.25)

foreach(var BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR CXX_COMPILER VERSION)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "consumer_test.cmake needs -D${var}=...")
  endif()
endforeach()

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
step("installing the core" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} --component dev)

# What a library user gets must not need Qt, nor the program's lessons and benchmarks.
file(GLOB_RECURSE installed RELATIVE ${prefix} ${prefix}/*)
file(GLOB_RECURSE package_files ${prefix}/*.cmake)
foreach(f IN LISTS package_files)
  file(READ ${f} text)
  if(text MATCHES "Qt6|poolscope_lessons|poolscope_bench")
    message(FATAL_ERROR "${f} refers to Qt or to a target that is not installed:\n${text}")
  endif()
endforeach()
foreach(expected include/poolscope/poolscope.hpp include/poolscope/version.hpp include/poolscope/pool/pool.hpp)
  if(NOT expected IN_LIST installed)
    message(FATAL_ERROR "the install lacks ${expected}; it holds:\n${installed}")
  endif()
endforeach()

step("configuring the consumer" ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
  -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX_COMPILER} "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
  -DCMAKE_BUILD_TYPE=Release)
step("building the consumer" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)
step("running the consumer" ${WORK_DIR}/build/consumer)

set(expected "1\n4\n9\n16\npoolscope ${VERSION}\n")
if(NOT step_output STREQUAL expected)
  message(FATAL_ERROR "the consumer printed\n${step_output}\ninstead of\n${expected}")
endif()
message(STATUS "the consumer found PoolScope ${VERSION} in ${prefix}, built and printed:\n${step_output}")
