#pragma once
// Found only through the target's private include directory (not next to
// a.cpp): gogo-rewrite must get the target's include directories.
// A_NAME comes from a $<COMPILE_LANGUAGE:CXX> compile definition, A_PREFIX
// from a_forced.h, force-included by a SHELL: compile option.
#define A_MESSAGE A_PREFIX A_NAME
