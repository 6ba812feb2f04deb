// The completion of load_page for a consumer of accounts() with any completion token: it turns
// load_page's (exception, loaded) into (exception, the next account). The consumer's handler
// keeps its associated executor, allocator and cancellation slot through it, so co_spawn
// completes and cancels exactly as if the handler had been passed to it directly.
#pragma once

#include <postpress/pagination/detail/account_source.hpp>

#include <boost/asio/associator.hpp>

#include <exception>
#include <memory>
#include <optional>
#include <utility>

namespace postpress::pagination::detail {

template <class Handler>
struct take_after_load {
    Handler handler;
    std::shared_ptr<account_source> source;

    void operator()(std::exception_ptr failure, bool loaded) {
        std::optional<account> out;
        if (!failure && loaded) out.emplace(std::move(next_ready(*source)));
        std::move(handler)(std::move(failure), std::move(out));
    }
};

} // namespace postpress::pagination::detail

template <template <class, class> class Associator, class Handler, class DefaultCandidate>
struct boost::asio::associator<Associator, postpress::pagination::detail::take_after_load<Handler>,
                               DefaultCandidate> {
    using type = typename Associator<Handler, DefaultCandidate>::type;

    static type get(postpress::pagination::detail::take_after_load<Handler> const& h) noexcept {
        return Associator<Handler, DefaultCandidate>::get(h.handler);
    }
    static auto get(postpress::pagination::detail::take_after_load<Handler> const& h,
                    DefaultCandidate const& c) noexcept
        -> decltype(Associator<Handler, DefaultCandidate>::get(h.handler, c)) {
        return Associator<Handler, DefaultCandidate>::get(h.handler, c);
    }
};
