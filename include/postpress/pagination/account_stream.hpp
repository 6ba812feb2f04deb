// client.accounts(params): every account across pages, as an async generator (auto-pagination).
//
//   auto items = cli.accounts({.limit = 250, .cursor = {}});
//   while (auto acc = co_await items.async_resume(asio::use_awaitable)) { ... }
//
// Completes with (std::exception_ptr, std::optional<account>). Accounts of a page that arrived
// are handed out without waiting; a new page is fetched (or taken from the prefetch) only when
// the current one is used up. Empty pages with a cursor are skipped.
#pragma once

#include <postpress/pagination/detail/account_source.hpp>
#include <postpress/pagination/detail/take_after_load.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace postpress {

class account_stream {
public:
    using value_type = account;
    using resume_signature = void(std::exception_ptr, std::optional<account>);

    account_stream(std::shared_ptr<http::detail::client_state> client,
                   boost::asio::any_io_executor ex, list_params params, stream_options options = {})
        : source_(pagination::detail::make_account_source(std::move(client), std::move(ex),
                                                          std::move(params), options)) {}
    account_stream(account_stream&&) noexcept = default;
    account_stream& operator=(account_stream&& other) noexcept {
        if (this != &other) {
            release();
            source_ = std::move(other.source_);
        }
        return *this;
    }
    ~account_stream() { release(); }

    /// The next account; any completion token.
    template <class CompletionToken>
    auto async_resume(CompletionToken&& token) {
        if constexpr (std::is_same_v<std::decay_t<CompletionToken>,
                                     boost::asio::use_awaitable_t<>>) {
            // A coroutine consumer gets the accounts of a page in hand without a trip through
            // the scheduler: one awaitable call each, and co_spawn only when a page is needed.
            return resume_in_coroutine(source_);
        } else {
            return boost::asio::async_initiate<CompletionToken, resume_signature>(
                [](auto handler, std::shared_ptr<pagination::detail::account_source> s) {
                    auto const& strand = pagination::detail::strand_of(*s);
                    if (auto out = pagination::detail::take_ready(*s)) {
                        // Ready: complete through the handler's executor, never inline.
                        auto ex = boost::asio::get_associated_executor(handler, strand);
                        boost::asio::post(ex,
                                          [h = std::move(handler), out = std::move(out)]() mutable {
                                              std::move(h)(std::exception_ptr{}, std::move(out));
                                          });
                        return;
                    }
                    auto load = pagination::detail::load_page(s);
                    boost::asio::co_spawn(strand, std::move(load),
                                          pagination::detail::take_after_load<decltype(handler)>{
                                              std::move(handler), std::move(s)});
                },
                token, source_);
        }
    }

    /// The pages received so far, not counting one prefetched ahead.
    std::size_t pages() const noexcept { return pagination::detail::pages_delivered(*source_); }

private:
    // Not a coroutine itself: each path is its own, so that every frame stays under the size
    // Asio recycles (GCC gives a co_await's ~650-byte result a frame slot of its own, and the
    // promise already holds one). A frame over it is allocated and freed for each page, and a
    // block that large makes glibc's malloc consolidate its free lists: the page's 1,700 small
    // allocations that follow then take its slow path.
    static boost::asio::awaitable<std::optional<account>>
    resume_in_coroutine(std::shared_ptr<pagination::detail::account_source> s) {
        if (pagination::detail::has_ready(*s)) return take_ready_in_coroutine(std::move(s));
        return load_then_take_in_coroutine(std::move(s));
    }
    static boost::asio::awaitable<std::optional<account>>
    take_ready_in_coroutine(std::shared_ptr<pagination::detail::account_source> s) {
        co_return std::move(pagination::detail::next_ready(*s)); // checked by the caller
    }
    // The page is fetched on the listing's strand; what crosses back is a bool, not an account.
    static boost::asio::awaitable<std::optional<account>>
    load_then_take_in_coroutine(std::shared_ptr<pagination::detail::account_source> s) {
        auto const& strand = pagination::detail::strand_of(*s);
        if (!co_await boost::asio::co_spawn(strand, pagination::detail::load_page(s),
                                            boost::asio::use_awaitable))
            co_return std::nullopt;
        co_return std::move(pagination::detail::next_ready(*s));
    }

    void release() {
        if (source_) pagination::detail::abandon(*source_);
    }
    std::shared_ptr<pagination::detail::account_source> source_;
};

} // namespace postpress
