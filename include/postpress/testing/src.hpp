// The mock server's compiled part, for programs built with POSTPRESS_SEPARATE_COMPILATION (see
// postpress/config.hpp): include this in exactly one .cpp file of the program (the same file as
// <postpress/src.hpp> will do).
#pragma once

#ifndef POSTPRESS_SEPARATE_COMPILATION
#error "define POSTPRESS_SEPARATE_COMPILATION for every file of the program to use this header"
#endif

#include <postpress/testing/impl/mock_server.ipp>
