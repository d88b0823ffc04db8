# SPDX-License-Identifier: GPL-3.0-or-later
# Compiler settings every cdnrec target links to: one interface target, no global flags.
include(CheckPIESupported)
check_pie_supported()

add_library(cdnrec_build_flags INTERFACE)
add_library(cdnrec::build_flags ALIAS cdnrec_build_flags)

target_compile_definitions(cdnrec_build_flags INTERFACE
    # Strict strings: every conversion between bytes and text is spelled out.
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_NO_KEYWORDS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    APP_VERSION="${PROJECT_VERSION}"
    # FORTIFY's checks and the sanitizers' interceptors get in each other's way.
    $<$<AND:$<NOT:$<CONFIG:Debug>>,$<NOT:$<BOOL:${CDNREC_SANITIZE}>>,$<NOT:$<BOOL:${CDNREC_FUZZ}>>>:_FORTIFY_SOURCE=2>)

target_compile_options(cdnrec_build_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wformat=2
    -fstack-protector-strong -fno-plt
    # Qt's qCDebug() << ... is a variadic macro called with no extra argument.
    $<$<CXX_COMPILER_ID:Clang>:-Wno-gnu-zero-variadic-macro-arguments>)

# A program that holds secrets: full RELRO, non-executable stack.
target_link_options(cdnrec_build_flags INTERFACE
    LINKER:-z,relro LINKER:-z,now LINKER:-z,noexecstack)

# ASan + UBSan for the whole suite (preset "asan"), and libFuzzer's coverage for the harnesses
# (preset "fuzz"). Both with clang; both fatal on the first report.
option(CDNREC_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(CDNREC_FUZZ "Build the engine and the libFuzzer harnesses only" OFF)
if(CDNREC_SANITIZE OR CDNREC_FUZZ)
    set(sanitizers address,undefined)
    if(CDNREC_FUZZ)
        set(sanitizers fuzzer-no-link,address,undefined)
    endif()
    target_compile_options(cdnrec_build_flags INTERFACE
        -fsanitize=${sanitizers} -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(cdnrec_build_flags INTERFACE -fsanitize=address,undefined)
endif()
