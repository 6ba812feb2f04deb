// The program every consumer project builds: include the one header, decode a page, encode it.
#include <postpress/postpress.hpp>

#include <cstdio>

int main() {
    constexpr char const* page = R"({"object":"AccountList","items":[{"object":"Account",
        "type":"TELEGRAM","id":"acc_1","name":"Support","created_at":"2026-04-12T09:14:21.000Z",
        "connection_params":{"im":{"user_id":"42","username":"@support"}},"groups":[],
        "sources":[{"id":"messaging","status":"OK"}]}],"cursor":null})";
    auto const list = postpress::parse_account_list(page);
    auto const* tg = list.items.at(0).params<postpress::telegram_params>();
    if (!tg || tg->im.username != "@support") return 1;
    std::printf("postpress %s: %zu account, %s\n", POSTPRESS_VERSION_STRING, list.items.size(),
                postpress::encode(list.items[0]).c_str());
    return 0;
}
