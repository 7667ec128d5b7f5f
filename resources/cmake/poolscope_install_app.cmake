# Install rules for the desktop application (component `app`): the `poolscope` program, its menu entry, icon,
# AppStream metainfo and man page. Presets, lesson texts and translations are compiled into the program
# (Qt resources), so nothing else is needed at run time. Included from the top CMakeLists.txt after app/.
set(POOLSCOPE_APP_ID io.github.poolscope.PoolScope)  # also in app/gui/gui_main.cpp (setDesktopFileName)
set(POOLSCOPE_DESKTOP_DIR ${PROJECT_SOURCE_DIR}/resources/desktop)

# The software centre lists releases from the metainfo: the version set in project() must be the newest.
file(READ ${POOLSCOPE_DESKTOP_DIR}/${POOLSCOPE_APP_ID}.metainfo.xml poolscope_metainfo)
string(REGEX MATCH "<release version=\"([^\"]+)\"" _ "${poolscope_metainfo}")
if(NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "resources/desktop/${POOLSCOPE_APP_ID}.metainfo.xml: the first <release> is "
    "'${CMAKE_MATCH_1}' but the project's version is ${PROJECT_VERSION}: add a <release> for it")
endif()

install(TARGETS poolscope RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT app)
install(FILES ${POOLSCOPE_DESKTOP_DIR}/${POOLSCOPE_APP_ID}.desktop
  DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT app)
install(FILES ${POOLSCOPE_DESKTOP_DIR}/${POOLSCOPE_APP_ID}.metainfo.xml
  DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo COMPONENT app)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/poolscope.svg
  DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT app)

# The man page, with the version filled in; gzipped as Debian wants it when gzip is there.
configure_file(${PROJECT_SOURCE_DIR}/resources/man/poolscope.1.in ${PROJECT_BINARY_DIR}/man/poolscope.1 @ONLY)
find_program(POOLSCOPE_GZIP gzip)
if(POOLSCOPE_GZIP)
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man/poolscope.1.gz
    COMMAND ${POOLSCOPE_GZIP} -9 -n -k -f ${PROJECT_BINARY_DIR}/man/poolscope.1
    DEPENDS ${PROJECT_BINARY_DIR}/man/poolscope.1
    COMMENT "Compressing the man page")
  add_custom_target(poolscope_man ALL DEPENDS ${PROJECT_BINARY_DIR}/man/poolscope.1.gz)
  install(FILES ${PROJECT_BINARY_DIR}/man/poolscope.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT app)
else()
  install(FILES ${PROJECT_BINARY_DIR}/man/poolscope.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT app)
endif()
