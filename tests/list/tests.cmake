# The concurrency suite starts 2,000 techzine processes (two writers at
# once, 1,000 changes each) and a 100,000-row list many times: under
# ASan on a busy 2-core machine it needs more than the default 600 s.
if(TEST e2e/subscribers_concurrency)
  set_tests_properties(e2e/subscribers_concurrency PROPERTIES TIMEOUT 1200)
endif()
