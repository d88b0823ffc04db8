# SPDX-License-Identifier: GPL-3.0-or-later
# cdnrec_add_test(NAME SOURCES ... [LIBS ...] [ENVIRONMENT ...] [LABELS ...] [TIMEOUT s] [NO_CTEST])
# One Qt Test binary, one ctest entry, run headless. NO_CTEST: the binary only, for tests that
# need a wrapper (tests/keyring).
function(cdnrec_add_test name)
    cmake_parse_arguments(T "NO_CTEST" "TIMEOUT" "SOURCES;LIBS;ENVIRONMENT;LABELS" ${ARGN})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    qt_add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test cdnrec::build_flags ${T_LIBS})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
    # A test's own code is compiled for debugging, not for speed: -Og, and -O0 under the
    # sanitizers. It builds in about half the time (./dev test builds every test twice); the
    # code under test, in the libraries, keeps the build type's optimisation.
    if(CDNREC_SANITIZE)
        target_compile_options(${name} PRIVATE -O0)
    else()
        target_compile_options(${name} PRIVATE $<$<NOT:$<CONFIG:Debug>>:-Og>)
    endif()
    if(T_NO_CTEST)
        return()
    endif()
    add_test(NAME ${name} COMMAND ${name})
    # Each test its own runtime folder: the pace shared by cdnrec processes lives there, and
    # tests running at once must not slow each other down through it.
    file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/test-home/${name}/runtime)
    file(CHMOD ${PROJECT_BINARY_DIR}/test-home/${name}/runtime
         DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE)
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${T_TIMEOUT}
        LABELS "${T_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8;XDG_CONFIG_HOME=${PROJECT_BINARY_DIR}/test-home/${name}/config;XDG_DATA_HOME=${PROJECT_BINARY_DIR}/test-home/${name}/data;XDG_RUNTIME_DIR=${PROJECT_BINARY_DIR}/test-home/${name}/runtime;${T_ENVIRONMENT}")
endfunction()

# cdnrec_add_benchmark(NAME SOURCES ... [LIBS ...]): built with everything, run only by ./dev bench.
function(cdnrec_add_benchmark name)
    cmake_parse_arguments(B "" "" "SOURCES;LIBS" ${ARGN})
    qt_add_executable(${name} ${B_SOURCES})
    target_link_libraries(${name} PRIVATE cdnrec::build_flags ${B_LIBS})
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench)
endfunction()
