// Compile-time benchmark, library side: list every account with a coroutine.
#include <postpress/postpress.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdio>

namespace asio = boost::asio;

int main() {
    asio::io_context io;
    postpress::client_config cfg;
    cfg.base_url = "http://127.0.0.1:8080";
    cfg.api_key = "key";
    postpress::client cli(io.get_executor(), cfg);
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            postpress::list_params params;
            params.limit = 250;
            auto items = cli.accounts(params);
            while (auto acc = co_await items.async_resume(asio::use_awaitable))
                std::printf("%s %s\n", acc->type_name.c_str(), acc->name.c_str());
        },
        asio::detached);
    io.run();
}
