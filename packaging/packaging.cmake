# packaging/packaging.cmake - what `cmake --install` puts where (GNU
# install directories, docs/install.md), the manual pages written by the
# built program from its command table, bash completion, and the Debian
# package (`cpack -G DEB`, Depends from dpkg-shlibdeps).

install(TARGETS techzine RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# the data folder: schemas, default layouts and newsletter theme, the
# templates of `techzine init`, the documentation
install(DIRECTORY ${CMAKE_SOURCE_DIR}/schema/ DESTINATION ${TZ_SHARE_DIR}/schema
        FILES_MATCHING PATTERN "*.rng")
install(DIRECTORY ${CMAKE_SOURCE_DIR}/layouts/ DESTINATION ${TZ_SHARE_DIR}/layouts)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/templates/ DESTINATION ${TZ_SHARE_DIR}/templates)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/docs/ DESTINATION ${TZ_SHARE_DIR}/docs)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/LICENSE
        DESTINATION ${TZ_SHARE_DIR}/docs)
# Debian policy: /usr/share/doc/<package>/copyright
install(FILES ${CMAKE_SOURCE_DIR}/packaging/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${CMAKE_SOURCE_DIR}/packaging/techzine.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME techzine)

# Manual pages: techzine(1) and techzine-CMD(1), written by the program
# itself (`techzine help --man`) from the command table that also drives
# `techzine help`, so the two cannot disagree.
add_custom_command(
  OUTPUT ${CMAKE_BINARY_DIR}/man/man.stamp
  COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0
          bash ${CMAKE_SOURCE_DIR}/packaging/mkman.sh $<TARGET_FILE:techzine> ${CMAKE_BINARY_DIR}/man
  DEPENDS techzine ${CMAKE_SOURCE_DIR}/packaging/mkman.sh
  COMMENT "Writing the manual pages from the command table")
add_custom_target(man ALL DEPENDS ${CMAKE_BINARY_DIR}/man/man.stamp)
install(DIRECTORY ${CMAKE_BINARY_DIR}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
        FILES_MATCHING PATTERN "*.1.gz")

set(CPACK_PACKAGE_NAME techzine)
set(CPACK_PACKAGE_VENDOR "Dutch TechZone")
set(CPACK_PACKAGE_CONTACT "TechZine maintainers <techzine@dutchtechzone.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "TechZine magazine and newsletter: story XML to print PDF and e-mail")
set(CPACK_PACKAGE_DESCRIPTION
    "techzine turns stories from the Dutch TechZone region into the printed TechZine (PDF/X-1a via libharu) and an e-mail newsletter (HTML and text, MIME by libetpan, SMTP by libcurl), and manages subscriber lists, bounces and one-click unsubscribes.")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# what no shared library says: the fonts of the layouts and their fallback
# chain, the Dutch hyphenation patterns, the CMYK output profile; and
# poppler-glib, which the preview opens at run time (dpkg-shlibdeps cannot
# see it): libpoppler-glib.so.8 is in package libpoppler-glib8
string(REGEX REPLACE "^(lib.*)\\.so\\.([0-9]+)$" "\\1\\2" POPPLER_GLIB_PACKAGE "${POPPLER_GLIB_SONAME}")
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "fonts-sil-charis, fonts-sil-gentiumplus, fonts-lato, fonts-dejavu-core, hyphen-nl, libgs-common, ${POPPLER_GLIB_PACKAGE}")
set(CPACK_STRIP_FILES ON)
include(CPack)
