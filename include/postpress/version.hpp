// The version of postpress-cpp.
#pragma once

#define POSTPRESS_VERSION_MAJOR 0
#define POSTPRESS_VERSION_MINOR 1
#define POSTPRESS_VERSION_PATCH 0
// MAJOR * 10000 + MINOR * 100 + PATCH, for #if
#define POSTPRESS_VERSION 100
#define POSTPRESS_VERSION_STRING "0.1.0"

namespace postpress {
inline constexpr int version_major = POSTPRESS_VERSION_MAJOR;
inline constexpr int version_minor = POSTPRESS_VERSION_MINOR;
inline constexpr int version_patch = POSTPRESS_VERSION_PATCH;
inline constexpr char const* version_string = POSTPRESS_VERSION_STRING;
} // namespace postpress
