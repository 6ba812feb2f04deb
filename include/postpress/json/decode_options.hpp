// Limits that bound what a decode may cost, whatever the input.
#pragma once

#include <cstddef>

namespace postpress {

struct decode_options {
    std::size_t max_depth = 32;               ///< nesting of objects and arrays
    std::size_t max_bytes = 64 * 1024 * 1024; ///< total size of the document
};

} // namespace postpress
