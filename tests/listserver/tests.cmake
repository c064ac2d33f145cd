# The list server's suites (Python against the built binary; each starts
# its own servers on 127.0.0.1 and stops them).
foreach(t flow browser flood slow crash confirm_dkim)
  if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/${t}.py)
    add_test(NAME listserver/${t} COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/${t}.py)
    set_tests_properties(listserver/${t} PROPERTIES
      ENVIRONMENT "TECHZINE=$<TARGET_FILE:techzine>;TZ_SRC=${CMAKE_SOURCE_DIR};TECHZINE_DATA=${CMAKE_SOURCE_DIR};PYTHONDONTWRITEBYTECODE=1"
      TIMEOUT 900)
  endif()
endforeach()
