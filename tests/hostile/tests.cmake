# Hostile-input suite (tests/hostile/): crafted files against every input
# surface, each run under strace to prove nothing outside the working
# folders is read or written. One ctest per surface.
foreach(surface issue gather send secrets)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/${surface}.sh)
    add_test(NAME hostile/${surface} COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/${surface}.sh)
    set_tests_properties(hostile/${surface} PROPERTIES
      ENVIRONMENT "TECHZINE=$<TARGET_FILE:techzine>;TZ_SRC=${CMAKE_SOURCE_DIR};TZ_BUILD=${CMAKE_BINARY_DIR};TECHZINE_DATA=${CMAKE_SOURCE_DIR}"
      TIMEOUT 900)
  endif()
endforeach()
