// Definitions for pagination/detail/page_source.hpp. With prefetch, a producer coroutine runs
// one page ahead through a channel of capacity zero (so at most one page waits besides the one
// being consumed).
#pragma once

#include <postpress/pagination/detail/page_source.hpp>

#include <postpress/diagnostics.hpp>
#include <postpress/errc.hpp>
#include <postpress/error.hpp>
#include <postpress/http/detail/fetch_page.hpp>
#include <postpress/http/list_params.hpp>
#include <postpress/model/account_list.hpp>
#include <postpress/pagination/stream_options.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

namespace postpress::pagination::detail {

namespace asio = boost::asio;
using boost::system::error_code;

struct page_source {
    using page_channel = asio::experimental::channel<void(error_code, std::exception_ptr,
                                                          std::optional<account_list>)>;

    page_source(std::shared_ptr<http::detail::client_state> c, asio::any_io_executor ex,
                list_params p, stream_options o)
        : client(std::move(c))
        , strand(asio::make_strand(std::move(ex)))
        , params(std::move(p))
        , options(o)
        , resume_cursor(params.cursor) {
        if (params.cursor) seen.insert(hash(*params.cursor));
    }

    static std::uint64_t hash(std::string const& s) { return std::hash<std::string>{}(s); }

    std::shared_ptr<http::detail::client_state> client;
    asio::any_io_executor strand; // a strand: every step runs there
    list_params params;           // the next request
    stream_options options;
    std::unordered_set<std::uint64_t> seen; // hashes of the cursors followed: 8 bytes a page
    std::optional<error> pending_error;     // raised at the next resume
    bool finished = false;                  // no more pages to fetch
    bool ended = false;                     // the consumer saw the end (or an error)
    // What the consumer has been handed, kept apart from the producer's progress: with
    // prefetch, `params` already names the page after the one held for the consumer.
    std::size_t pages_delivered = 0;
    std::optional<std::string> resume_cursor;
    account_list spare; // a spent page whose vector the next fetch decodes into

    // Prefetch only.
    std::optional<page_channel> channel;
    asio::cancellation_signal producer_cancel;
    bool producer_started = false;
    bool abandoned = false; // the stream is gone: start nothing more
};

/// Fetches the page `s->params` names; nullopt at the end; throws postpress::error.
POSTPRESS_DECL asio::awaitable<std::optional<account_list>>
fetch_next(std::shared_ptr<page_source> s) {
    if (s->pending_error) {
        s->finished = true;
        auto e = std::move(*s->pending_error);
        s->pending_error.reset();
        throw e;
    }
    if (s->finished) co_return std::nullopt;
    std::optional<account_list> page(std::in_place, std::move(s->spare));
    diagnostics diag;
    auto ec = co_await http::detail::fetch_page(s->client, s->params, *page, diag);
    if (ec) {
        s->finished = true;
        // The failed request's cursor is where a later run continues (nullopt: from the start).
        throw error(ec, std::move(diag), s->params.cursor);
    }
    if (!page->cursor) {
        s->finished = true;
    } else if (!s->seen.insert(page_source::hash(*page->cursor)).second) {
        // Deliver this page (its accounts are new), then stop instead of going round again.
        diagnostics loop;
        loop.detail = "the server returned a cursor it had already returned";
        s->pending_error.emplace(errc::cursor_loop, std::move(loop));
    } else {
        s->params.cursor = page->cursor;
    }
    co_return page;
}

/// Records what the consumer is handed: the page count and where a later listing continues
/// (at the end, the cursor of the last page's request stays).
POSTPRESS_DECL void note_delivered(page_source& s, std::optional<account_list> const& page) {
    if (!page) return;
    ++s.pages_delivered;
    if (page->cursor) s.resume_cursor = page->cursor;
}

/// Runs ahead of the consumer, one page at a time, until the end, an error or cancellation.
POSTPRESS_DECL asio::awaitable<void> produce(std::shared_ptr<page_source> s) {
    for (;;) {
        std::optional<account_list> page;
        std::exception_ptr ep;
        try {
            page = co_await fetch_next(s);
        } catch (...) {
            ep = std::current_exception();
        }
        bool const last = !page || ep;
        auto [ec] = co_await s->channel->async_send(error_code{}, ep, std::move(page),
                                                    asio::as_tuple(asio::use_awaitable));
        if (ec || last) co_return;
    }
}

POSTPRESS_DECL asio::awaitable<std::optional<account_list>>
next_page(std::shared_ptr<page_source> s) {
    if (s->ended) co_return std::nullopt;
    if (!s->options.prefetch) {
        try {
            auto page = co_await fetch_next(s);
            if (!page) s->ended = true;
            note_delivered(*s, page);
            co_return page;
        } catch (...) {
            s->ended = true;
            throw;
        }
    }
    if (!s->producer_started) {
        // A resume started after its stream was destroyed (a deferred one, say).
        if (s->abandoned) throw boost::system::system_error(asio::error::operation_aborted);
        s->producer_started = true;
        s->channel.emplace(s->strand, 0);
        asio::co_spawn(s->strand, produce(s),
                       asio::bind_cancellation_slot(s->producer_cancel.slot(), asio::detached));
    }
    auto [ec, ep, page] = co_await s->channel->async_receive(asio::as_tuple(asio::use_awaitable));
    // The channel is closed when the stream is abandoned, and the receive cancelled when this
    // resume is: to the caller both are a cancellation, as they are without prefetch.
    if (ec) throw boost::system::system_error(asio::error::operation_aborted);
    if (ep || !page) s->ended = true;
    if (ep) std::rethrow_exception(ep);
    note_delivered(*s, page);
    co_return std::move(page);
}

POSTPRESS_DECL void recycle(page_source& s, account_list&& spent) noexcept {
    spent.items.clear(); // destroys moved-from accounts: nothing left to free but the vector
    s.spare = std::move(spent);
}

POSTPRESS_DECL void abandon(std::shared_ptr<page_source> s) {
    if (!s->options.prefetch) return; // no producer: a fetch in flight simply completes
    // Posted even before the producer started: a resume already queued on the strand may start
    // it, and would leave it waiting forever to hand its next page to no one.
    asio::post(s->strand, [s] {
        s->abandoned = true;
        s->producer_cancel.emit(asio::cancellation_type::all);
        if (s->channel) s->channel->close();
    });
}

POSTPRESS_DECL std::shared_ptr<page_source>
make_page_source(std::shared_ptr<http::detail::client_state> client, asio::any_io_executor ex,
                 list_params params, stream_options options) {
    return std::make_shared<page_source>(std::move(client), std::move(ex), std::move(params),
                                         options);
}

POSTPRESS_DECL asio::any_io_executor const& strand_of(page_source const& s) noexcept {
    return s.strand;
}

POSTPRESS_DECL std::size_t pages_delivered(page_source const& s) noexcept {
    return s.pages_delivered;
}

POSTPRESS_DECL std::optional<std::string> const& next_cursor(page_source const& s) noexcept {
    return s.resume_cursor;
}

} // namespace postpress::pagination::detail
