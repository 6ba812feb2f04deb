// How a listing is streamed.
#pragma once

namespace postpress {

struct stream_options {
    /// Fetch page k+1 while the consumer handles page k (at most one page ahead).
    bool prefetch = false;
};

} // namespace postpress
