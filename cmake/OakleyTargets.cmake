# oakley_library(NAME SOURCES ... DEPS ...): one static library per layer, named oakley_<NAME>,
# with src/ as include root so includes read "wire/ikev2/message.hpp".
function(oakley_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(oakley_${name} STATIC ${ARG_SOURCES})
  target_include_directories(oakley_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(oakley_${name} PUBLIC ${ARG_DEPS})
endfunction()

# oakley_test(NAME SOURCES ... DEPS ... [LABELS ...]): a GoogleTest binary registered with ctest.
# Tests run with the test data folder as working directory, so they open files by relative path.
# A binary with the label unit (the default) is also a dependency of the target unit_tests: the
# ASan build in scripts/test builds only that target.
function(oakley_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE OAKLEY_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" DISCOVERY_TIMEOUT 30)
  if("unit" IN_LIST ARG_LABELS)
    add_dependencies(unit_tests ${name})
  endif()
endfunction()

# oakley_fuzzer(NAME SOURCE DEPS ...): a libFuzzer harness; its seed corpus is fuzz/corpus/NAME.
# The fuzz preset (clang, OAKLEY_FUZZ) links libFuzzer, for campaigns (scripts/fuzz). Every other
# build links fuzz/replay_main.cpp instead and registers the test fuzz_replay_NAME (label unit,
# so it also runs under ASan+UBSan) that runs the seed corpus through the harness once.
function(oakley_fuzzer name source)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE ${ARGN})
  if(OAKLEY_FUZZ)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  else()
    target_link_libraries(${name} PRIVATE oakley_fuzz_replay)
    add_test(NAME fuzz_replay_${name} COMMAND ${name} ${PROJECT_SOURCE_DIR}/fuzz/corpus/${name})
    set_tests_properties(fuzz_replay_${name} PROPERTIES LABELS unit TIMEOUT 300)
    add_dependencies(unit_tests ${name})
  endif()
  add_dependencies(fuzzers ${name})
endfunction()

# oakley_collect_programs(DIR): makes the target programs depend on every executable defined in DIR
# and below that the target unit_tests does not (the daemon, oakctl, oakload, the helpers the
# serial tests start, benchmarks, probes, GoogleTest binaries without the label unit). Call it once,
# after every add_subdirectory. scripts/test builds programs in the normal build and unit_tests in
# the ASan build.
function(oakley_collect_programs dir)
  if(NOT TARGET programs)
    add_custom_target(programs)
  endif()
  get_target_property(unit unit_tests MANUALLY_ADDED_DEPENDENCIES)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE" AND NOT target IN_LIST unit)
      add_dependencies(programs ${target})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    oakley_collect_programs(${subdir})
  endforeach()
endfunction()
