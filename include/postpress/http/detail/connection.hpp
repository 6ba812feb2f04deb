// One HTTP/1.1 connection, plain or TLS, and the small pool of idle ones kept for keep-alive.
#pragma once

#include <postpress/json/decoder.hpp>

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace postpress::http::detail {

struct connection {
    std::optional<boost::beast::tcp_stream> plain;
    std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls;
    boost::beast::flat_buffer buffer; // bytes read past the end of the last message
    // The body's decoder, kept with the connection: its stacks are sized by the first page, and
    // a decoder made for each page would allocate them (over a kilobyte, which makes glibc's
    // malloc consolidate its free lists) and free them again every time.
    std::optional<decoder> body_decoder;
    std::size_t requests = 0; // exchanges completed on this connection
    bool keep_alive = false;  // the last response allowed another request

    boost::beast::tcp_stream& tcp() { return tls ? boost::beast::get_lowest_layer(*tls) : *plain; }
};

/// Idle connections ready for reuse; an operation takes one exclusively, so two operations never
/// interleave on a socket. Guarded by a mutex: a client may be shared by threads.
class connection_pool {
public:
    explicit connection_pool(std::size_t max_idle)
        : max_idle_(max_idle) {}

    std::unique_ptr<connection> take() {
        std::lock_guard lock(mutex_);
        if (idle_.empty()) return nullptr;
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
    }

    void give_back(std::unique_ptr<connection> c) {
        std::lock_guard lock(mutex_);
        if (idle_.size() < max_idle_) idle_.push_back(std::move(c));
        // else dropped: the socket closes as the connection is destroyed
    }

    std::size_t idle_count() const {
        std::lock_guard lock(mutex_);
        return idle_.size();
    }

    void clear() {
        std::lock_guard lock(mutex_);
        idle_.clear();
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<connection>> idle_;
    std::size_t max_idle_;
};

} // namespace postpress::http::detail
