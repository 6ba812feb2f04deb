// Compile-time benchmark, baseline: the Beast, Asio, SSL and JSON headers such a program needs,
// one plain request with a coroutine, the body parsed as a DOM.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

#include <cstdio>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

int main() {
    asio::io_context io;
    asio::co_spawn(
        io,
        []() -> asio::awaitable<void> {
            auto ex = co_await asio::this_coro::executor;
            asio::ip::tcp::resolver resolver(ex);
            beast::tcp_stream stream(ex);
            auto results =
                co_await resolver.async_resolve("127.0.0.1", "8080", asio::use_awaitable);
            co_await stream.async_connect(results, asio::use_awaitable);
            http::request<http::empty_body> req{http::verb::get, "/v1/accounts?limit=250", 11};
            req.set(http::field::host, "127.0.0.1");
            req.set("X-API-KEY", "key");
            co_await http::async_write(stream, req, asio::use_awaitable);
            beast::flat_buffer buffer;
            http::response<http::string_body> res;
            co_await http::async_read(stream, buffer, res, asio::use_awaitable);
            auto doc = boost::json::parse(res.body());
            for (auto const& item : doc.at("items").as_array())
                std::printf("%s\n", item.at("name").as_string().c_str());
        },
        asio::detached);
    io.run();
}
