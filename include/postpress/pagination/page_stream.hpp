// client.pages(params): the listing as an async generator of pages.
//
//   auto pages = cli.pages({.limit = 250, .cursor = {}});
//   while (auto page = co_await pages.async_resume(asio::use_awaitable)) { ... }
//
// async_resume completes with (std::exception_ptr, std::optional<account_list>): nullopt at the
// end; a postpress::error (with diagnostics and the cursor to resume from) on failure, after
// which the stream is over. Resume one at a time. Destroying the stream, even with a page being
// prefetched, cancels what is in flight and releases everything.
#pragma once

#include <postpress/pagination/detail/page_source.hpp>

#include <boost/asio/co_spawn.hpp>

#include <memory>
#include <utility>

namespace postpress {

class page_stream {
public:
    using value_type = account_list;
    using resume_signature = void(std::exception_ptr, std::optional<account_list>);

    page_stream(std::shared_ptr<http::detail::client_state> client, boost::asio::any_io_executor ex,
                list_params params, stream_options options = {})
        : source_(pagination::detail::make_page_source(std::move(client), std::move(ex),
                                                       std::move(params), options)) {}

    page_stream(page_stream&&) noexcept = default;
    page_stream& operator=(page_stream&& other) noexcept {
        if (this != &other) {
            release();
            source_ = std::move(other.source_);
        }
        return *this;
    }
    ~page_stream() { release(); }

    /// The next page; any completion token.
    template <class CompletionToken>
    auto async_resume(CompletionToken&& token) {
        return boost::asio::co_spawn(pagination::detail::strand_of(*source_),
                                     pagination::detail::next_page(source_),
                                     std::forward<CompletionToken>(token));
    }

    /// The pages delivered so far, not counting one prefetched ahead.
    std::size_t pages() const noexcept { return pagination::detail::pages_delivered(*source_); }
    /// Where a later listing continues: the cursor after the last page delivered (a page
    /// prefetched but not yet delivered is not skipped).
    std::optional<std::string> const& next_cursor() const noexcept {
        return pagination::detail::next_cursor(*source_);
    }

private:
    void release() {
        if (source_) pagination::detail::abandon(source_);
    }
    std::shared_ptr<pagination::detail::page_source> source_;
};

} // namespace postpress
