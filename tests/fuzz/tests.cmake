# Fuzz harnesses (libFuzzer; configure with CC=clang -DTECHZINE_FUZZ=ON).
# Every tests/fuzz/fuzz_*.c becomes an executable; tests/fuzz/run runs them.
# Each harness's seed corpus is tests/fuzz/corpus/<name>/.
if(TECHZINE_FUZZ)
  # coverage feedback from the library too, not only from the harness file
  target_compile_options(tzcore PRIVATE -fsanitize=fuzzer-no-link)
  file(GLOB TZ_FUZZERS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/fuzz_*.c)
  foreach(src ${TZ_FUZZERS})
    get_filename_component(name ${src} NAME_WE)
    add_executable(${name} ${src})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE tzcore)
  endforeach()
endif()
