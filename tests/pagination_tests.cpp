// The async generators pages() and accounts(), and async_for_each_account, over loopback.
#include "support/client_fixture.hpp"

#include <doctest/doctest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <functional>
#include <type_traits>

using namespace postpress;
using namespace postpress::test;
using boost::system::error_code;
using testing::fault;
using testing::fault_kind;
using testing::mock_server;

namespace {

struct listing {
    std::vector<account> accounts;
    std::size_t pages = 0;
    std::optional<postpress::error> failure;
};

/// Runs `body` as a coroutine on a fresh io_context until it finishes.
template <class Body>
void run_coroutine(Body body) {
    asio::io_context io;
    std::exception_ptr ep;
    asio::co_spawn(io, body(io.get_executor()), [&](std::exception_ptr e) { ep = e; });
    io.run();
    if (ep) std::rethrow_exception(ep);
}

listing list_pages(client_config const& cfg, list_params params, stream_options opts = {}) {
    listing out;
    run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        client cli(ex, cfg);
        auto pages = cli.pages(params, opts);
        try {
            while (auto page = co_await pages.async_resume(asio::use_awaitable)) {
                ++out.pages;
                for (auto& a : page->items)
                    out.accounts.push_back(std::move(a));
            }
        } catch (postpress::error const& e) {
            out.failure = e;
        }
    });
    return out;
}

listing list_accounts(client_config const& cfg, list_params params, stream_options opts = {}) {
    listing out;
    run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        client cli(ex, cfg);
        auto items = cli.accounts(params, opts);
        try {
            while (auto acc = co_await items.async_resume(asio::use_awaitable))
                out.accounts.push_back(std::move(*acc));
        } catch (postpress::error const& e) {
            out.failure = e;
        }
        out.pages = items.pages();
    });
    return out;
}

/// The next `good` requests are answered normally, the one after with the API's 401.
void fail_after(mock_server& server, std::size_t good) {
    fault pass;
    server.inject(pass, good);
    fault f;
    f.kind = fault_kind::error_envelope;
    f.error = errc::invalid_credentials;
    server.inject(f);
}

/// The error code an exception carries (a system_error, postpress::error included).
error_code code_of(std::exception_ptr e) {
    try {
        std::rethrow_exception(e);
    } catch (boost::system::system_error const& failure) {
        return failure.code();
    }
}

/// Every account `items` yields, in a coroutine.
asio::awaitable<std::vector<account>> collect(account_stream& items) {
    std::vector<account> out;
    while (auto a = co_await items.async_resume(asio::use_awaitable))
        out.push_back(std::move(*a));
    co_return out;
}

/// Drains `stream` with callbacks: the path every completion token other than use_awaitable
/// takes. Bound to a strand of our own, each callback records whether it ran there (the
/// handler's associated executor must be kept); unbound, a callback after a page load runs
/// inside the listing's own completion.
template <class Stream>
struct callback_drain {
    callback_drain(Stream& s, asio::io_context& io, bool bind_to_strand = true)
        : stream(s)
        , strand(asio::make_strand(io))
        , bound(bind_to_strand) {}

    Stream& stream;
    asio::strand<asio::io_context::executor_type> strand;
    bool bound;
    asio::cancellation_slot slot; // bound to every callback when connected
    std::size_t values = 0;
    std::vector<account> accounts;
    std::exception_ptr failure;
    bool always_on_strand = true;

    void next() {
        auto on_value = [this](std::exception_ptr e, auto value) {
            always_on_strand = always_on_strand && (!bound || strand.running_in_this_thread());
            if (e) {
                failure = e;
                return;
            }
            if (!value) return;
            ++values;
            if constexpr (std::is_same_v<decltype(value), std::optional<account>>)
                accounts.push_back(std::move(*value));
            else
                for (auto& a : value->items)
                    accounts.push_back(std::move(a));
            next();
        };
        if (bound)
            stream.async_resume(asio::bind_cancellation_slot(
                slot, asio::bind_executor(strand, std::move(on_value))));
        else
            stream.async_resume(std::move(on_value));
    }
};

} // namespace

TEST_SUITE("pagination") {

    TEST_CASE("0, 1 and many pages, with and without prefetch") {
        for (std::size_t n : {0u, 1u, 7u, 10u, 95u}) {
            for (bool prefetch : {false, true}) {
                CAPTURE(n);
                CAPTURE(prefetch);
                auto opts = mock_options(n);
                mock_server server(opts);
                auto cfg = config_for(server);
                stream_options so;
                so.prefetch = prefetch;
                auto by_page = list_pages(cfg, page_of(10), so);
                CHECK(!by_page.failure);
                CHECK(by_page.accounts == served_accounts(opts));
                CHECK(by_page.pages == std::max<std::size_t>(1, (n + 9) / 10));
                auto by_account = list_accounts(cfg, page_of(10), so);
                CHECK(!by_account.failure);
                CHECK(by_account.accounts == served_accounts(opts));
            }
        }
    }

    TEST_CASE("an empty page with a cursor is not the end") {
        auto opts = mock_options(30);
        mock_server server(opts);
        auto cfg = config_for(server);
        sync_client probe(cfg);
        auto const first = probe.list_accounts(page_of(10));
        REQUIRE(first.cursor);
        // The first answer: no items, and the cursor of the second page.
        fault f;
        f.kind = fault_kind::http_status;
        f.status = 200;
        f.content_type = "application/json";
        f.body = encode(account_list{{}, first.cursor});
        server.inject(f);
        auto got = list_accounts(cfg, page_of(10));
        CHECK(!got.failure);
        auto const all = served_accounts(opts);
        CHECK(got.accounts == std::vector<account>(all.begin() + 10, all.end()));
        CHECK(got.pages == 3); // the empty one, then two
    }

    TEST_CASE("a server that repeats a cursor is stopped") {
        mock_server server(mock_options(50));
        auto cfg = config_for(server);
        fault f;
        f.kind = fault_kind::repeat_cursor;
        server.inject(f, 100);
        for (bool prefetch : {false, true}) {
            stream_options so;
            so.prefetch = prefetch;
            auto got = list_pages(cfg, page_of(10), so);
            REQUIRE(got.failure);
            CHECK(got.failure->code() == errc::cursor_loop);
            CHECK(server.request_count() < 10);
        }
    }

    TEST_CASE("a server that cycles through cursors is stopped, by every kind of listing") {
        mock_server server(mock_options(50));
        auto cfg = config_for(server);
        cfg.retry = retry_policy::none();
        // Answers A, B, A, B ...: no cursor comes back twice in a row, yet the listing loops.
        auto const cycle = [&] {
            server.clear_faults();
            for (int i = 0; i < 10; ++i)
                for (char const* cursor : {"A", "B"}) {
                    fault f;
                    f.kind = fault_kind::http_status;
                    f.status = 200;
                    f.content_type = "application/json";
                    f.body = encode(account_list{{}, std::string(cursor)});
                    server.inject(f);
                }
            return server.request_count();
        };
        auto check_stopped = [&](std::size_t requests_before, error_code ec) {
            CHECK(ec == errc::cursor_loop);
            CHECK(server.request_count() - requests_before <= 4); // 3, and one prefetched
        };
        for (bool prefetch : {false, true}) {
            CAPTURE(prefetch);
            stream_options so;
            so.prefetch = prefetch;
            auto before = cycle();
            auto by_page = list_pages(cfg, page_of(10), so);
            REQUIRE(by_page.failure);
            check_stopped(before, by_page.failure->code());
            before = cycle();
            auto by_account = list_accounts(cfg, page_of(10), so);
            REQUIRE(by_account.failure);
            check_stopped(before, by_account.failure->code());
        }
        auto before = cycle();
        asio::io_context io;
        client cli(io.get_executor(), cfg);
        error_code callback_result;
        cli.async_for_each_account(
            page_of(10), [](account const&) {},
            [&](error_code ec, listing_summary) { callback_result = ec; });
        io.run();
        check_stopped(before, callback_result);

        before = cycle();
        sync_client blocking(cfg);
        try {
            blocking.for_each_account(page_of(10), [](account const&) {});
            FAIL("no exception");
        } catch (postpress::error const& e) {
            check_stopped(before, e.code());
        }
    }

    TEST_CASE(
        "an error on page 3, then a resume from the reported cursor yields exactly the rest") {
        auto opts = mock_options(50);
        mock_server server(opts);
        auto cfg = config_for(server);
        for (bool prefetch : {false, true}) {
            CAPTURE(prefetch);
            stream_options so;
            so.prefetch = prefetch;
            server.clear_faults();
            fail_after(server, 2);
            auto got = list_pages(cfg, page_of(10), so);
            REQUIRE(got.failure);
            CHECK(got.failure->code() == errc::invalid_credentials);
            CHECK(got.failure->diag().http_status == 401);
            CHECK(got.pages == 2);
            REQUIRE(got.failure->resume_cursor());
            auto rest = list_pages(cfg, page_of(10, *got.failure->resume_cursor()), so);
            CHECK(!rest.failure);
            auto all = got.accounts;
            all.insert(all.end(), rest.accounts.begin(), rest.accounts.end());
            CHECK(all == served_accounts(opts));
        }
    }

    TEST_CASE("breaking out early releases everything") {
        auto opts = mock_options(200);
        mock_server server(opts);
        auto cfg = config_for(server);
        for (bool prefetch : {false, true}) {
            std::size_t seen = 0;
            run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
                client cli(ex, cfg);
                {
                    stream_options so;
                    so.prefetch = prefetch;
                    auto items = cli.accounts(page_of(20), so);
                    while (auto a = co_await items.async_resume(asio::use_awaitable))
                        if (++seen == 25) break;
                } // destroyed here, possibly with a page in flight
                // The client still works afterwards.
                auto page = co_await cli.async_list_accounts(page_of(5), asio::use_awaitable);
                CHECK(page.items.size() == 5);
            });
            CHECK(seen == 25);
        }
    }

    TEST_CASE("a stream destroyed with a callback's resume pending still completes it once") {
        auto opts = mock_options(50);
        mock_server server(opts);
        auto cfg = config_for(server);
        for (bool prefetch : {false, true}) {
            for (bool by_account : {false, true}) {
                CAPTURE(prefetch);
                CAPTURE(by_account);
                stream_options so;
                so.prefetch = prefetch;
                asio::io_context io;
                client cli(io.get_executor(), cfg);
                int calls = 0;
                // A page already on its way is delivered; a prefetch is cancelled.
                auto on_done = [&](std::exception_ptr e, auto value) {
                    ++calls;
                    if (e)
                        CHECK(code_of(e) == asio::error::operation_aborted);
                    else
                        CHECK(value);
                };
                if (by_account) {
                    auto items = cli.accounts(page_of(10), so);
                    items.async_resume(on_done);
                } else {
                    auto pages = cli.pages(page_of(10), so);
                    pages.async_resume(on_done);
                } // destroyed here, its first page in flight
                io.run_for(10s);
                REQUIRE(io.stopped());
                CHECK(calls == 1);
                // The client is still usable.
                auto page = cli.async_list_accounts(page_of(5), asio::use_future);
                io.restart();
                io.run();
                CHECK(page.get().items.size() == 5);
            }
        }

        // A deferred resume started only after its prefetching stream is gone is cancelled,
        // not taken for the end of the listing.
        asio::io_context io;
        client cli(io.get_executor(), cfg);
        stream_options so;
        so.prefetch = true;
        std::optional<page_stream> pages(cli.pages(page_of(10), so));
        auto later = pages->async_resume(asio::deferred);
        pages.reset();
        std::exception_ptr failure;
        std::move(later)([&](std::exception_ptr e, std::optional<account_list>) { failure = e; });
        io.run_for(10s);
        REQUIRE(io.stopped());
        REQUIRE(failure);
        CHECK(code_of(failure) == asio::error::operation_aborted);
    }

    TEST_CASE("resuming after the end or after a failure yields nothing more and sends nothing") {
        mock_server server(mock_options(15));
        auto cfg = config_for(server);
        cfg.retry = retry_policy::none();
        // Lists to the end or the failure, then resumes three times more.
        auto list_then_resume = [&](auto& stream) -> asio::awaitable<std::size_t> {
            std::size_t failures = 0;
            try {
                while (co_await stream.async_resume(asio::use_awaitable)) {
                }
            } catch (postpress::error const&) {
                ++failures;
            }
            auto const requests = server.request_count();
            for (int extra = 0; extra < 3; ++extra)
                CHECK(!co_await stream.async_resume(asio::use_awaitable));
            CHECK(server.request_count() == requests);
            co_return failures;
        };
        for (int run = 0; run < 8; ++run) {
            bool const failing = run & 1, prefetch = run & 2, by_account = run & 4;
            CAPTURE(failing);
            CAPTURE(prefetch);
            CAPTURE(by_account);
            server.clear_faults();
            if (failing) fail_after(server, 1);
            stream_options so;
            so.prefetch = prefetch;
            run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
                client cli(ex, cfg);
                std::size_t failures = 0;
                if (by_account) {
                    auto items = cli.accounts(page_of(10), so);
                    failures = co_await list_then_resume(items);
                } else {
                    auto pages = cli.pages(page_of(10), so);
                    failures = co_await list_then_resume(pages);
                }
                CHECK(failures == (failing ? 1u : 0u));
            });
        }
    }

    TEST_CASE("cancellation mid-listing") {
        mock_server server(mock_options(100));
        auto cfg = config_for(server);
        cfg.request_timeout = 10s;
        fault pass;
        server.inject(pass, 2);
        fault stall;
        stall.kind = fault_kind::stall_before_headers;
        server.inject(stall);

        asio::io_context io;
        client cli(io.get_executor(), cfg);
        asio::cancellation_signal signal;
        asio::steady_timer timer(io, 300ms);
        timer.async_wait([&](error_code) { signal.emit(asio::cancellation_type::terminal); });
        auto const start = std::chrono::steady_clock::now();

        SUBCASE("a coroutine consumer of pages()") {
            std::size_t pages_seen = 0;
            bool aborted = false;
            asio::co_spawn(
                io,
                [&]() -> asio::awaitable<void> {
                    auto pages = cli.pages(page_of(10));
                    try {
                        while (auto p = co_await pages.async_resume(asio::use_awaitable))
                            ++pages_seen;
                    } catch (boost::system::system_error const& e) {
                        aborted = e.code() == asio::error::operation_aborted;
                    }
                },
                asio::bind_cancellation_slot(signal.slot(), asio::detached));
            io.run();
            CHECK(pages_seen == 2);
            CHECK(aborted);
        }
        SUBCASE("callbacks on accounts(): the slot reaches the request in flight") {
            auto items = cli.accounts(page_of(10));
            callback_drain<account_stream> drain(items, io);
            drain.slot = signal.slot();
            drain.next();
            io.run();
            CHECK(drain.accounts.size() == 20);
            REQUIRE(drain.failure);
            CHECK(code_of(drain.failure) == asio::error::operation_aborted);
        }
        SUBCASE("callbacks on accounts() with prefetch: the slot cancels the resume's wait") {
            stream_options so;
            so.prefetch = true;
            std::optional<account_stream> items(cli.accounts(page_of(10), so));
            std::size_t got = 0;
            std::exception_ptr failure;
            std::function<void()> next = [&] {
                items->async_resume(asio::bind_cancellation_slot(
                    signal.slot(), [&](std::exception_ptr e, std::optional<account> a) {
                        if (e) {
                            failure = e;
                            items.reset(); // a cancelled consumer lets go of its listing
                        } else if (a) {
                            ++got;
                            next();
                        }
                    }));
            };
            next();
            io.run();
            CHECK(got == 20);
            REQUIRE(failure);
            CHECK(code_of(failure) == asio::error::operation_aborted);
        }
        CHECK(std::chrono::steady_clock::now() - start < 3s);
    }

    TEST_CASE("with prefetch, next_cursor() and pages() name what was delivered") {
        auto opts = mock_options(50);
        mock_server server(opts);
        run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
            client cli(ex, config_for(server));
            stream_options so;
            so.prefetch = true;
            auto const requests_before = server.request_count();
            auto pages = cli.pages(page_of(10), so);
            auto first = co_await pages.async_resume(asio::use_awaitable);
            REQUIRE(first);
            asio::steady_timer settle(ex, 200ms); // the producer fetches page 2 meanwhile
            co_await settle.async_wait(asio::use_awaitable);
            CHECK(server.request_count() - requests_before == 2);
            CHECK(pages.pages() == 1);
            CHECK(pages.next_cursor() == server.cursor_for(10));
        });
    }

    TEST_CASE("async_for_each_account, the callback style") {
        auto opts = mock_options(45);
        mock_server server(opts);
        asio::io_context io;
        client cli(io.get_executor(), config_for(server));
        std::vector<account> got;
        listing_summary summary;
        error_code result = asio::error::would_block;
        cli.async_for_each_account(
            page_of(10), [&](account const& a) { got.push_back(a); },
            [&](error_code ec, listing_summary s) {
                result = ec;
                summary = std::move(s);
            });
        io.run();
        CHECK(!result);
        CHECK(got == served_accounts(opts));
        CHECK(summary.pages == 5);
        CHECK(summary.accounts == 45);
    }

    TEST_CASE("async_resume with any completion token: callbacks, deferred, bound executors") {
        auto opts = mock_options(45);
        mock_server server(opts);
        auto cfg = config_for(server);
        auto const expected = served_accounts(opts);
        for (int run = 0; run < 4; ++run) {
            bool const bound = run < 2;
            stream_options so;
            so.prefetch = run % 2 == 1;
            CAPTURE(bound);
            CAPTURE(so.prefetch);
            asio::io_context io;
            client cli(io.get_executor(), cfg);
            auto items = cli.accounts(page_of(10), so);
            callback_drain<account_stream> by_account(items, io, bound);
            auto pages = cli.pages(page_of(10), so);
            callback_drain<page_stream> by_page(pages, io, bound);
            by_account.next();
            by_page.next();
            io.run();
            CHECK(!by_account.failure);
            CHECK(by_account.accounts == expected);
            CHECK(by_account.always_on_strand);
            CHECK(!by_page.failure);
            CHECK(by_page.accounts == expected);
            CHECK(by_page.values == 5);
            CHECK(by_page.always_on_strand);
        }

        // asio::deferred: nothing starts until the operation is invoked.
        asio::io_context io;
        client cli(io.get_executor(), cfg);
        auto items = cli.accounts(page_of(10));
        auto const requests_before = server.request_count();
        auto first = items.async_resume(asio::deferred);
        io.run();
        io.restart();
        CHECK(server.request_count() == requests_before);
        std::optional<account> got;
        std::move(first)([&](std::exception_ptr e, std::optional<account> a) {
            CHECK(!e);
            got = std::move(a);
        });
        io.run();
        CHECK(server.request_count() == requests_before + 1);
        REQUIRE(got);
        CHECK(*got == expected.front());
    }

    TEST_CASE("async_resume with a callback: a failure after two pages") {
        mock_server server(mock_options(50));
        fail_after(server, 2);
        asio::io_context io;
        client cli(io.get_executor(), config_for(server));
        auto items = cli.accounts(page_of(10));
        callback_drain<account_stream> drain(items, io);
        drain.next();
        io.run();
        CHECK(drain.accounts.size() == 20);
        REQUIRE(drain.failure);
        try {
            std::rethrow_exception(drain.failure);
        } catch (postpress::error const& e) {
            CHECK(e.code() == errc::invalid_credentials);
            CHECK(e.resume_cursor() == server.cursor_for(20));
        }
    }

    TEST_CASE("500 concurrent listings on one thread") {
        auto opts = mock_options(30);
        mock_server server(opts);
        asio::io_context io;
        auto cfg = config_for(server);
        cfg.max_idle_connections = 64;
        client cli(io.get_executor(), cfg);
        std::size_t complete = 0;
        auto const expected = served_accounts(opts);
        for (int i = 0; i < 500; ++i)
            asio::co_spawn(
                io,
                [&, i]() -> asio::awaitable<void> {
                    stream_options so;
                    so.prefetch = i % 2 == 0;
                    auto items = cli.accounts(page_of(10), so);
                    complete += co_await collect(items) == expected;
                },
                asio::detached);
        io.run();
        CHECK(complete == 500);
    }

    TEST_CASE("listings on a thread pool, each client on a strand") {
        auto opts = mock_options(40);
        mock_server server(opts);
        auto const cfg = config_for(server);
        auto const expected = served_accounts(opts);
        asio::thread_pool pool(4);
        std::atomic<int> complete{0};
        for (int i = 0; i < 40; ++i) {
            auto strand = asio::make_strand(pool);
            asio::co_spawn(
                strand,
                [&, strand, i]() -> asio::awaitable<void> {
                    client cli(strand, cfg);
                    stream_options so;
                    so.prefetch = i % 2 == 1;
                    auto items = cli.accounts(page_of(7), so);
                    complete += co_await collect(items) == expected;
                },
                asio::detached);
        }
        pool.join();
        CHECK(complete == 40);
    }

} // TEST_SUITE
