// Header-only or separately compiled.
//
// By default the library is header-only. A program with many files that list accounts can build
// the client's internals once instead: define POSTPRESS_SEPARATE_COMPILATION for every file of
// the program and include <postpress/src.hpp> (and, for the mock server,
// <postpress/testing/src.hpp>) in exactly one .cpp file. The headers then declare what that file
// defines, and no longer pull in Beast.
#pragma once

#ifdef POSTPRESS_SEPARATE_COMPILATION
#define POSTPRESS_DECL
#else
#define POSTPRESS_HEADER_ONLY 1
#define POSTPRESS_DECL inline
#endif
