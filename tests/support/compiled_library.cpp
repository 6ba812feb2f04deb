// The client and the mock server compiled once for the test programs that use them
// (POSTPRESS_SEPARATE_COMPILATION), instead of once in every test file.
#include <postpress/src.hpp>
#include <postpress/testing/src.hpp>
