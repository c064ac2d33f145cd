# The bounce corpus run: skipped (77) when ../shared/bounce-corpus is not
# beside the source folder; a few hundred bounces runs under ASan take time.
if(TEST e2e/bounces_corpus)
  set_tests_properties(e2e/bounces_corpus PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()
