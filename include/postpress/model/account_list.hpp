// One page of the listing.
#pragma once

#include <postpress/model/account.hpp>
#include <postpress/schema/field.hpp>
#include <postpress/schema/object.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace postpress {

/// The most accounts a page holds: the API's largest `limit`.
inline constexpr std::size_t max_page_size = 250;

struct account_list {
    std::vector<account> items;
    std::optional<std::string> cursor; // the next page's cursor; nullopt at the end

    friend bool operator==(account_list const&, account_list const&) = default;
};

constexpr auto describe(schema::type_tag<account_list>) {
    using namespace schema;
    return object<account_list>(constant("object", "AccountList"),
                                required("items", &account_list::items),
                                nullable("cursor", &account_list::cursor));
}

} // namespace postpress
