// postpress-accounts: what is printed for the accounts of one page (a table or JSON lines), and
// the counts of --summary. Each page is rendered into a string and written at once, so that the
// output holds whole pages only.
#pragma once

#include "cli_options.hpp"
#include "text_format.hpp"

#include <postpress/json/encoder.hpp>
#include <postpress/model/account.hpp>
#include <postpress/model/account_list.hpp>
#include <postpress/model/timestamp.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postpress_tool {

/// The wire name of an account's type as received ("LINKEDIN", "MASTODON").
inline std::string_view type_name_of(postpress::account const& a) {
    if (!a.type_name.empty()) return a.type_name;
    return postpress::to_string(a.type);
}

/// --type: whether `a` is of one of `types` (upper-case wire names; empty matches all).
inline bool type_matches(postpress::account const& a, std::vector<std::string> const& types) {
    if (types.empty()) return true;
    std::string const name = detail::upper(type_name_of(a));
    for (auto const& t : types) {
        if (t == "UNKNOWN" ? a.type == postpress::account_type::unknown : t == name) return true;
    }
    return false;
}

/// "2024-05-01 12:34 UTC".
inline std::string short_timestamp(postpress::timestamp t) {
    std::string const iso = postpress::format_timestamp(t); // YYYY-MM-DDTHH:MM:SS.sssZ
    return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

/// The table: TYPE, NAME, ID, CREATED, SOURCES. Column widths are fixed when the header is
/// written (with the first page), so that every page lines up with it: TYPE fits every known
/// type, NAME is cut with an ellipsis, ID is as wide as the longest ID of the first page and is
/// never cut (a copied ID must be whole), SOURCES comes last and is not padded.
class table_writer {
public:
    static constexpr std::size_t type_width = 15; // GOOGLE_CALENDAR
    static constexpr std::size_t created_width = 20;
    static constexpr std::size_t gap = 2;

    /// `terminal_columns`: the width of the terminal stdout is, 0 when it is not one.
    explicit table_writer(std::size_t terminal_columns = 0) {
        if (terminal_columns > 0) {
            // Leave room for the other columns and typical sources; keep names readable.
            std::size_t const others = type_width + 30 + created_width + 4 * gap + 28;
            name_width_ = terminal_columns > others + 16 ? terminal_columns - others : 16;
            name_width_ = std::clamp<std::size_t>(name_width_, 16, 40);
        }
    }

    bool header_written() const noexcept { return header_written_; }

    /// Appends the rows of `accounts` (already filtered), with the header first if not yet
    /// written; widths are measured on the first call that has rows.
    void append_rows(std::vector<postpress::account const*> const& accounts, std::string& out) {
        if (accounts.empty()) return;
        if (!header_written_) {
            std::size_t id_width = 2;
            for (auto const* a : accounts)
                id_width = std::max(id_width, text::width(text::sanitize(a->id)));
            id_width_ = std::min<std::size_t>(id_width, 64);
            append_header(out);
        }
        for (auto const* a : accounts)
            append_row(*a, out);
    }

    /// The header alone (for a listing that printed no account).
    void append_header(std::string& out) {
        header_written_ = true;
        cell(out, "TYPE", type_width);
        cell(out, "NAME", name_width_);
        cell(out, "ID", id_width_);
        cell(out, "CREATED", created_width);
        out += "SOURCES\n";
    }

private:
    static void cell(std::string& out, std::string_view s, std::size_t w) {
        text::append_fitted(out, s, w);
        out.append(gap, ' ');
    }

    void append_row(postpress::account const& a, std::string& out) const {
        cell(out, text::sanitize(type_name_of(a)), type_width);
        cell(out, text::sanitize(a.name), name_width_);
        std::string const id = text::sanitize(a.id);
        text::append_fitted(out, id, std::max(id_width_, text::width(id))); // never cut
        out.append(gap, ' ');
        cell(out, short_timestamp(a.created_at), created_width);
        if (a.sources.empty()) out += "-";
        bool first = true;
        for (auto const& s : a.sources) {
            if (!first) out += ' ';
            first = false;
            out += text::sanitize(s.id);
            out += ':';
            out += postpress::to_string(s.status);
        }
        out += '\n';
    }

    std::size_t name_width_ = 32;
    std::size_t id_width_ = 30;
    bool header_written_ = false;
};

/// JSON lines: one object per account, written by the library's encoder from the typed model.
inline void append_jsonl(postpress::account const& a, bool show_secrets, std::string& out) {
    postpress::encode_options eo;
    eo.redact_secrets = !show_secrets;
    postpress::encode(a, out, eo);
    out += '\n';
}

/// The counts of --summary.
class summary_counts {
public:
    static constexpr std::size_t status_count = 7; // source_status values, unknown included

    summary_counts() {
        for (auto t : known_type_names)
            if (t != "UNKNOWN") by_type_.emplace_back(std::string(t), 0);
    }

    void add_page() { ++pages_; }

    void add(postpress::account const& a) {
        ++accounts_;
        std::string_view const name = type_name_of(a);
        auto it = std::find_if(by_type_.begin(), by_type_.end(),
                               [&](auto const& e) { return e.first == name; });
        if (it == by_type_.end()) {
            by_type_.emplace_back(std::string(name.empty() ? "UNKNOWN" : name), 0);
            it = std::prev(by_type_.end());
        }
        ++it->second;
        bool needs_fix = false;
        for (auto const& s : a.sources) {
            auto const i = static_cast<std::size_t>(s.status);
            ++by_status_[i < status_count ? i : status_count - 1];
            needs_fix = needs_fix || s.status == postpress::source_status::credentials ||
                        s.status == postpress::source_status::permissions;
        }
        if (needs_fix) ++needing_fix_;
    }

    std::size_t accounts() const noexcept { return accounts_; }
    std::size_t pages() const noexcept { return pages_; }

    /// {"accounts": N, "pages": P, "by_type": {...}, "by_source_status": {...}}: every known
    /// type and status (zeros included), then the unknown type names met; "UNKNOWN" statuses
    /// only when some were met. Source statuses count sources (an account has one per source).
    std::string json() const {
        boost::json::object o;
        o["accounts"] = accounts_;
        o["pages"] = pages_;
        boost::json::object types;
        for (auto const& [name, n] : by_type_)
            types[name] = n;
        o["by_type"] = std::move(types);
        boost::json::object statuses;
        for_each_status([&](std::string_view name, std::size_t n) { statuses[name] = n; });
        o["by_source_status"] = std::move(statuses);
        return boost::json::serialize(o) + "\n";
    }

    std::string table() const {
        std::string out;
        auto row = [&](std::string_view label, std::size_t n) {
            text::append_fitted(out, text::sanitize(label), 24);
            std::string const num = std::to_string(n);
            out.append(num.size() < 10 ? 10 - num.size() : 0, ' ');
            out += num;
            out += '\n';
        };
        out += "ACCOUNT TYPE              ACCOUNTS\n";
        for (auto const& [name, n] : by_type_)
            row(name, n);
        row("total", accounts_);
        out += "\nSOURCE STATUS              SOURCES\n";
        for_each_status(row);
        out += "\n";
        out += std::to_string(needing_fix_) +
               (needing_fix_ == 1 ? " account has" : " accounts have") +
               " a source whose credentials or permissions need fixing.\n";
        out += std::to_string(accounts_) + (accounts_ == 1 ? " account" : " accounts") + " in " +
               std::to_string(pages_) + (pages_ == 1 ? " page" : " pages") + ".\n";
        return out;
    }

private:
    template <class F>
    void for_each_status(F&& f) const {
        using postpress::source_status;
        for (std::size_t i = 0; i < status_count; ++i) {
            auto const s = static_cast<source_status>(i);
            if (s == source_status::unknown && by_status_[i] == 0) continue;
            f(postpress::to_string(s), by_status_[i]);
        }
    }

    std::size_t accounts_ = 0, pages_ = 0, needing_fix_ = 0;
    std::vector<std::pair<std::string, std::size_t>> by_type_;
    std::array<std::size_t, status_count> by_status_{};
};

} // namespace postpress_tool
