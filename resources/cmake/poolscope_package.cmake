# Debian packages with CPack (`bash resources/scripts/dev.sh package`, or `cpack` in a build directory):
#   poolscope_<version>_<arch>.deb      the program (component `app`); its Depends are computed from the
#                                       libraries the program links (dpkg-shlibdeps), so apt pulls the Qt runtime
#   poolscope-dev_<version>_<arch>.deb  poolscope::core for find_package(PoolScope) (component `dev`)
# Configure with -DCMAKE_INSTALL_PREFIX=/usr so the library goes to Debian's multiarch directory.
set(POOLSCOPE_PACKAGE_MAINTAINER "PoolScope maintainers <maintainers@poolscope.example>"
  CACHE STRING "The Maintainer field of the Debian packages")

set(CPACK_PACKAGE_NAME poolscope)
set(CPACK_PACKAGE_VENDOR PoolScope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# No CPACK_PACKAGE_DESCRIPTION_SUMMARY: CPack would put it above each package's own summary line (below).
set(CPACK_PACKAGE_CONTACT ${POOLSCOPE_PACKAGE_MAINTAINER})
set(CPACK_GENERATOR DEB)
set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL dev)
if(POOLSCOPE_BUILD_APP)
  list(PREPEND CPACK_COMPONENTS_ALL app)
endif()

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # <name>_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${POOLSCOPE_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_DEBIAN_APP_PACKAGE_NAME poolscope)
set(CPACK_DEBIAN_APP_PACKAGE_SECTION education)
# Qt's own strings (file dialogs, standard buttons) in the window's language; the program runs without them.
set(CPACK_DEBIAN_APP_PACKAGE_RECOMMENDS qt6-translations-l10n)
set(CPACK_DEBIAN_APP_DESCRIPTION "visualizer of a process pool: map, imap and imap_unordered on Gantt charts
PoolScope runs real worker processes through a C++ pool that behaves like
Python's multiprocessing and draws live Gantt charts: one row per worker,
one bar per task, and a caller lane that shows when, and in which order,
each result reaches the caller. It replays the notebook 'Multiprocessing is
All you Need' cell by cell, exports charts for slides (PNG, SVG, PDF), and
has a headless command line (poolscope run, render, lesson, bench).")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME poolscope-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_SHLIBDEPS OFF)  # a static library and headers: nothing to scan
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "libboost-dev (>= ${POOLSCOPE_BOOST_MIN}), nlohmann-json3-dev (>= ${POOLSCOPE_JSON_MIN})")
set(CPACK_DEBIAN_DEV_DESCRIPTION "process pool library shaped like Python's multiprocessing.Pool (C++20)
The pool behind PoolScope as a static library and CMake package: forked
workers, map, imap, imap_unordered, starmap and apply_async with Python's
scheduling and chunking rules, and a pool that survives a worker killed
mid-task. Use it with find_package(PoolScope CONFIG REQUIRED) and the
target poolscope::core.")

include(CPack)
