// The library's compiled part, for programs built with POSTPRESS_SEPARATE_COMPILATION (see
// postpress/config.hpp): include this in exactly one .cpp file of the program.
#pragma once

#ifndef POSTPRESS_SEPARATE_COMPILATION
#error "define POSTPRESS_SEPARATE_COMPILATION for every file of the program to use this header"
#endif

#include <postpress/http/impl/client_handle.ipp>
#include <postpress/http/impl/fetch_page.ipp>
#include <postpress/pagination/impl/account_source.ipp>
#include <postpress/pagination/impl/page_source.ipp>
