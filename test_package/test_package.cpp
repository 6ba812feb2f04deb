#include <postpress/postpress.hpp>

#include <cstdio>

int main() {
    auto const list =
        postpress::parse_account_list(R"({"object":"AccountList","items":[],"cursor":null})");
    std::printf("postpress %s: %zu accounts\n", POSTPRESS_VERSION_STRING, list.items.size());
    return list.items.empty() ? 0 : 1;
}
