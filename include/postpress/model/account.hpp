// One linked account, as the API lists it.
#pragma once

#include <postpress/model/connection_params.hpp>
#include <postpress/model/enums.hpp>
#include <postpress/model/timestamp.hpp>
#include <postpress/schema/field.hpp>
#include <postpress/schema/object.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace postpress {

struct signature {
    std::string title;
    std::string content;
    friend bool operator==(signature const&, signature const&) = default;
};

struct account_source {
    std::string id;
    source_status status = source_status::unknown;
    friend bool operator==(account_source const&, account_source const&) = default;
};

struct account {
    account_type type = account_type::unknown; // unknown for a type this version does not know
    std::string type_name;                     // the wire value, e.g. "LINKEDIN" or "MASTODON"
    std::string id;
    std::string name;
    timestamp created_at{};
    std::optional<timestamp> last_fetched_at;
    std::optional<std::string> current_signature;
    std::vector<signature> signatures;
    std::vector<std::string> groups;
    std::vector<account_source> sources;
    connection_params_variant connection_params; // the alternative matches `type`

    /// The connection parameters as `P`, or nullptr when the account is of another type.
    template <class P>
    P const* params() const noexcept {
        return std::get_if<P>(&connection_params);
    }
    template <class P>
    P* params() noexcept {
        return std::get_if<P>(&connection_params);
    }

    friend bool operator==(account const&, account const&) = default;
};

constexpr auto describe(schema::type_tag<signature>) {
    using namespace schema;
    return object<signature>(required("title", &signature::title),
                             required("content", &signature::content));
}

constexpr auto describe(schema::type_tag<account_source>) {
    using namespace schema;
    return object<account_source>(required("id", &account_source::id),
                                  required("status", &account_source::status));
}

constexpr auto describe(schema::type_tag<account>) {
    using namespace schema;
    using a = account;
    return object<a>(
        constant("object", "Account"), discriminator("type", &a::type, &a::type_name),
        required("id", &a::id, non_empty), required("name", &a::name),
        required("created_at", &a::created_at), optional("last_fetched_at", &a::last_fetched_at),
        optional("current_signature", &a::current_signature, non_empty),
        optional("signatures", &a::signatures), required("groups", &a::groups),
        required("sources", &a::sources), tagged("connection_params", &a::connection_params),
        // GOOGLE_CALENDAR peers put sync_token beside connection_params too.
        hoisted("sync_token", &google_calendar_params::sync_token));
}

} // namespace postpress
