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
    $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)

target_compile_options(cdnrec_build_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wformat=2
    -fstack-protector-strong -fno-plt)

# A program that holds secrets: full RELRO, non-executable stack.
target_link_options(cdnrec_build_flags INTERFACE
    LINKER:-z,relro LINKER:-z,now LINKER:-z,noexecstack)
