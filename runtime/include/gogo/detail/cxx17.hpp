// The language gogo's headers are written in: C++17 or later. Every public
// header includes this first, so compiling with an older standard (an
// editor or clang-tidy given no -std, for one: clang's default is C++14)
// says so in one line instead of dozens of errors inside gogo's headers.
#ifndef GOGO_DETAIL_CXX17_HPP
#define GOGO_DETAIL_CXX17_HPP

#if __cplusplus < 201703L && !(defined(_MSVC_LANG) && _MSVC_LANG >= 201703L)
#error "gogo needs C++17 or later: compile with -std=c++17 (CMake: set CMAKE_CXX_STANDARD 17; editors: see gogo's docs/editors.md)"
// No such header: the compiler stops here, after the line above, instead of
// reporting what C++14 lacks in every header that follows.
#include <gogo/detail/compilation-stopped-see-the-error-above>
#endif

#endif
