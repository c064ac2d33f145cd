# Fuzz harnesses: every tests/fuzz/fuzz_<target>.c.
#  - With -DTECHZINE_FUZZ=ON (CC=clang, see tests/fuzz/run) each becomes a
#    libFuzzer executable fuzz_<target>.
#  - In every other build each is linked with replay.c into
#    replay_<target> and ctest `fuzz/<target>` feeds it its seed corpus
#    (tests/fuzz/corpus/<target>/) and every past crash
#    (tests/fuzz/regressions/<target>/): found bugs stay fixed.
if(TECHZINE_FUZZ)
  # coverage feedback from the library too, not only from the harness file
  target_compile_options(tzcore PRIVATE -fsanitize=fuzzer-no-link)
endif()
file(GLOB TZ_FUZZERS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/fuzz_*.c)
foreach(src ${TZ_FUZZERS})
  get_filename_component(name ${src} NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" target ${name})
  if(TECHZINE_FUZZ)
    add_executable(${name} ${src})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE tzcore)
  else()
    add_executable(replay_${target} ${src} ${CMAKE_CURRENT_LIST_DIR}/replay.c)
    target_link_libraries(replay_${target} PRIVATE tzcore)
    target_compile_options(replay_${target} PRIVATE ${TZ_WARNINGS})
    set(inputs)
    foreach(d corpus/${name} regressions/${name})
      if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/${d})
        list(APPEND inputs ${CMAKE_CURRENT_LIST_DIR}/${d})
      endif()
    endforeach()
    if(inputs)
      add_test(NAME fuzz/${target} COMMAND replay_${target} ${inputs})
      set_tests_properties(fuzz/${target} PROPERTIES
        ENVIRONMENT "TECHZINE_DATA=${CMAKE_SOURCE_DIR};TZ_SRC=${CMAKE_SOURCE_DIR}"
        TIMEOUT 300)
    endif()
  endif()
endforeach()
