// The query of one listing request.
#pragma once

#include <optional>
#include <string>

namespace postpress {

struct list_params {
    /// Accounts per page, 1..250; the server's default (100) when unset.
    std::optional<int> limit;
    /// Where to continue, as returned by the previous page; the first page when unset.
    std::optional<std::string> cursor;
};

} // namespace postpress
