// Definitions for pagination/detail/account_source.hpp.
#pragma once

#include <postpress/pagination/detail/account_source.hpp>

#include <utility>

namespace postpress::pagination::detail {

struct account_source {
    std::shared_ptr<page_source> pages;
    account_list current;
    std::size_t index = 0;
};

POSTPRESS_DECL std::shared_ptr<account_source>
make_account_source(std::shared_ptr<http::detail::client_state> client,
                    boost::asio::any_io_executor ex, list_params params, stream_options options) {
    auto s = std::make_shared<account_source>();
    s->pages = make_page_source(std::move(client), std::move(ex), std::move(params), options);
    return s;
}

POSTPRESS_DECL bool has_ready(account_source const& s) noexcept {
    return s.index < s.current.items.size();
}

POSTPRESS_DECL account& next_ready(account_source& s) noexcept {
    return s.current.items[s.index++];
}

POSTPRESS_DECL std::optional<account> take_ready(account_source& s) {
    if (!has_ready(s)) return std::nullopt;
    return std::optional<account>(std::move(next_ready(s)));
}

POSTPRESS_DECL boost::asio::awaitable<bool> load_page(std::shared_ptr<account_source> s) {
    while (!has_ready(*s)) {
        recycle(*s->pages, std::move(s->current));
        auto page = co_await next_page(s->pages);
        if (!page) co_return false;
        s->current = std::move(*page);
        s->index = 0;
    }
    co_return true;
}

POSTPRESS_DECL boost::asio::any_io_executor const& strand_of(account_source const& s) noexcept {
    return strand_of(*s.pages);
}

POSTPRESS_DECL std::size_t pages_delivered(account_source const& s) noexcept {
    return pages_delivered(*s.pages);
}

POSTPRESS_DECL void abandon(account_source& s) {
    abandon(s.pages);
}

} // namespace postpress::pagination::detail
