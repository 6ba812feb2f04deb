// Runs an internal coroutine for a public async function and completes the user's handler with
// (error_code, result): any completion token works, and the handler's executor, allocator and
// cancellation slot are honoured (co_spawn forwards cancellation into the coroutine).
#pragma once

#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/system/system_error.hpp>

#include <exception>
#include <tuple>
#include <utility>

namespace postpress::http::detail {

template <class Handler, class Executor>
struct spawn_completion {
    Handler handler;
    Executor fallback_executor;

    using executor_type = boost::asio::associated_executor_t<Handler, Executor>;
    executor_type get_executor() const noexcept {
        return boost::asio::get_associated_executor(handler, fallback_executor);
    }
    using cancellation_slot_type = boost::asio::associated_cancellation_slot_t<Handler>;
    cancellation_slot_type get_cancellation_slot() const noexcept {
        return boost::asio::get_associated_cancellation_slot(handler);
    }
    using allocator_type = boost::asio::associated_allocator_t<Handler>;
    allocator_type get_allocator() const noexcept {
        return boost::asio::get_associated_allocator(handler);
    }

    template <class Result>
    void operator()(std::exception_ptr ep, std::tuple<boost::system::error_code, Result> r) {
        if (ep) {
            // A cancelled coroutine may throw operation_aborted at its next co_await: report it
            // as an error like any other; anything else (bad_alloc) propagates.
            try {
                std::rethrow_exception(ep);
            } catch (boost::system::system_error const& e) {
                std::get<0>(r) = e.code();
            }
        }
        std::move(handler)(std::get<0>(r), std::move(std::get<1>(r)));
    }
};

} // namespace postpress::http::detail
