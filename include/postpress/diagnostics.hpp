// What the server or the decoder said about a failure, kept beside the error code.
#pragma once

#include <string>

namespace postpress {

/// Details of a failure. For an API error they come from the error envelope; for a decode
/// error `path` names the JSON value (`items[3].connection_params.mail.imap_port`) and `detail`
/// says what was wrong with it. Values from the input are never copied into these texts, so a
/// secret in the payload cannot leak through them.
struct diagnostics {
    int http_status = 0;  ///< the response status, 0 when no response was received
    std::string type;     ///< the envelope's `type`, e.g. "errors/limit_too_high"
    std::string title;    ///< the envelope's `title`
    std::string detail;   ///< the envelope's `detail`, or the client's explanation
    std::string instance; ///< the envelope's `instance` (request id for support)
    std::string path;     ///< the JSON path of a decode error, empty otherwise

    void clear() noexcept { *this = diagnostics{}; }
    bool empty() const noexcept {
        return http_status == 0 && type.empty() && title.empty() && detail.empty() &&
               instance.empty() && path.empty();
    }

    /// One line for logs: "HTTP 400 errors/limit_too_high: Limit too high (max 250)
    /// [instance req_1] at items[3].id".
    std::string to_string() const {
        std::string out;
        auto add = [&](char const* sep, std::string const& s) {
            if (s.empty()) return;
            if (!out.empty()) out += sep;
            out += s;
        };
        if (http_status != 0) out = "HTTP " + std::to_string(http_status);
        add(" ", type);
        add(out.empty() ? "" : ": ", title);
        add(out.empty() ? "" : title.empty() ? ": " : " - ", detail);
        if (!instance.empty()) add(" ", "[instance " + instance + "]");
        if (!path.empty()) add(" ", "at " + path);
        return out;
    }

    friend bool operator==(diagnostics const&, diagnostics const&) = default;
};

} // namespace postpress
