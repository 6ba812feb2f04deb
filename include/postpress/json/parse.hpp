// Decoding a document already in memory (a cache, a file, a webhook body).
#pragma once

#include <postpress/diagnostics.hpp>
#include <postpress/error.hpp>
#include <postpress/json/decoder.hpp>
#include <postpress/model/account_list.hpp>

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace postpress {

/// Decodes `json` into `into`, reusing the capacity of what it held.
template <class T>
void decode(std::string_view json, T& into, boost::system::error_code& ec, diagnostics& diag,
            decode_options const& options = {}) {
    decoder dec(options);
    dec.start(into);
    dec.write(json, ec, diag);
    if (!ec) dec.finish(ec, diag);
}

/// Decodes `json` as a `T`; throws `postpress::error`.
template <class T>
T decode(std::string_view json, decode_options const& options = {}) {
    T out;
    boost::system::error_code ec;
    diagnostics diag;
    decode(json, out, ec, diag, options);
    throw_on_error(ec, diag);
    return out;
}

namespace detail {
/// An empty page with room for the accounts `json` can hold (an account takes a few hundred
/// bytes, a page at most max_page_size of them): sized once, the vector does not move every
/// account decoded so far each time it would have doubled.
inline account_list page_sized_for(std::string_view json) {
    constexpr std::size_t min_account_bytes = 256;
    account_list page;
    page.items.reserve(std::min(json.size() / min_account_bytes + 1, max_page_size));
    return page;
}
} // namespace detail

/// Decodes one page of the listing; does not throw.
inline account_list parse_account_list(std::string_view json, boost::system::error_code& ec,
                                       diagnostics& diag) {
    account_list out = detail::page_sized_for(json);
    decode(json, out, ec, diag);
    return out;
}

/// Decodes one page of the listing; throws `postpress::error`.
inline account_list parse_account_list(std::string_view json) {
    boost::system::error_code ec;
    diagnostics diag;
    account_list out = parse_account_list(json, ec, diag);
    throw_on_error(ec, diag);
    return out;
}

/// Decodes one page into an existing list, keeping the capacity of its strings and vectors: a
/// service decoding page after page allocates almost nothing once warm.
inline void parse_account_list(std::string_view json, account_list& into,
                               boost::system::error_code& ec, diagnostics& diag) {
    decode(json, into, ec, diag);
}

} // namespace postpress
