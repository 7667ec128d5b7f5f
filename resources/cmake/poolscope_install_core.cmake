# Install rules for the core library as a CMake package (component `dev`): the static library, the public
# headers of util/ trace/ pool/ mp/ scenario/ and PoolScopeConfig.cmake, so that another project can do
#   find_package(PoolScope CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE poolscope::core)
# poolscope::lessons and poolscope::bench are the program's notebook cells and benchmarks, not an API:
# they are not installed. Included from the top CMakeLists.txt after core/.
include(CMakePackageConfigHelpers)

# The minimum versions asked for in core/CMakeLists.txt, passed on to the package's find_dependency().
set(POOLSCOPE_BOOST_MIN 1.74)
set(POOLSCOPE_JSON_MIN 3.10)
set(POOLSCOPE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/PoolScope)

set_target_properties(poolscope_core PROPERTIES EXPORT_NAME core)
install(TARGETS poolscope_core EXPORT PoolScopeTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/include/poolscope DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
  FILES_MATCHING PATTERN "*.hpp"
  PATTERN "lessons" EXCLUDE
  PATTERN "bench" EXCLUDE)
install(FILES ${PROJECT_BINARY_DIR}/core/include/poolscope/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/poolscope COMPONENT dev)
install(EXPORT PoolScopeTargets NAMESPACE poolscope:: DESTINATION ${POOLSCOPE_CMAKE_DIR} COMPONENT dev)

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/PoolScopeConfig.cmake.in
  ${PROJECT_BINARY_DIR}/PoolScopeConfig.cmake INSTALL_DESTINATION ${POOLSCOPE_CMAKE_DIR})
# 0.x: a minor version may change the API, so only the same major.minor matches.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/PoolScopeConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/PoolScopeConfig.cmake ${PROJECT_BINARY_DIR}/PoolScopeConfigVersion.cmake
  DESTINATION ${POOLSCOPE_CMAKE_DIR} COMPONENT dev)
