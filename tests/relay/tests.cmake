# tests/relay: `techzine send` against a private Postfix relay that each
# script starts itself (tests/relay/relay.bash). Postfix's master needs
# root (CI runs as root); without it the scripts exit 77 and count as skipped.
file(GLOB TZ_RELAY_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.sh)
foreach(script ${TZ_RELAY_TESTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME relay/${name} COMMAND bash ${script})
  set_tests_properties(relay/${name} PROPERTIES
    ENVIRONMENT "TECHZINE=$<TARGET_FILE:techzine>;TZ_SRC=${CMAKE_SOURCE_DIR};TZ_BUILD=${CMAKE_BINARY_DIR};TECHZINE_DATA=${CMAKE_SOURCE_DIR}"
    SKIP_RETURN_CODE 77
    TIMEOUT 600)
endforeach()
