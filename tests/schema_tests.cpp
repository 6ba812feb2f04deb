// The schema vocabulary used on a user's own types (not the accounts model): a struct described
// once gets its decoder, its encoder and its error paths. Also the error codes.
#include <postpress/postpress.hpp>

#include <doctest/doctest.h>

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace shop {

namespace schema = postpress::schema;

/// An enum with a fallback: unknown spellings decode to `unknown`, written back as "other".
enum class color { red, green, blue, unknown };
constexpr auto describe(schema::type_tag<color>) {
    return schema::enumeration<color>(
        {{"red", color::red}, {"green", color::green}, {"blue", color::blue}}, color::unknown,
        "other");
}

/// An enum without a fallback: unknown spellings are an error.
enum class unit { mm, cm };
constexpr auto describe(schema::type_tag<unit>) {
    return schema::enumeration<unit>({{"mm", unit::mm}, {"cm", unit::cm}});
}

/// The tag of the shape union.
enum class shape_kind { circle, square, unknown };
constexpr auto describe(schema::type_tag<shape_kind>) {
    return schema::enumeration<shape_kind>(
        {{"circle", shape_kind::circle}, {"square", shape_kind::square}}, shape_kind::unknown);
}

struct dimensions {
    double width = 0;
    double height = 0;
    std::optional<double> depth;
    unit measured_in = unit::mm;
    friend bool operator==(dimensions const&, dimensions const&) = default;
};
constexpr auto describe(schema::type_tag<dimensions>) {
    using namespace schema;
    using d = dimensions;
    return object<d>(required("width", &d::width), required("height", &d::height),
                     optional("depth", &d::depth), required("unit", &d::measured_in));
}

struct circle {
    double radius = 0;
    std::optional<std::string> label; // may also come beside "shape" (hoisted)
    friend bool operator==(circle const&, circle const&) = default;
};
constexpr auto describe(schema::type_tag<circle>) {
    using namespace schema;
    return object<circle>(required("radius", &circle::radius), optional("label", &circle::label));
}

struct square {
    std::int32_t side = 0;
    std::vector<std::int8_t> corners; // each -128..127
    friend bool operator==(square const&, square const&) = default;
};
constexpr auto describe(schema::type_tag<square>) {
    using namespace schema;
    return object<square>(required("side", &square::side), optional("corners", &square::corners));
}

/// The fallback alternative: a shape this version does not know, kept as JSON.
struct raw_shape {
    boost::json::value json;
    friend bool operator==(raw_shape const&, raw_shape const&) = default;
};

using shape_body = std::variant<circle, square, raw_shape>;
constexpr auto describe(schema::type_tag<shape_body>) {
    using namespace schema;
    return tagged_union<shape_body>(alternative<circle>("circle"), alternative<square>("square"),
                                    fallback(&raw_shape::json));
}

struct product {
    std::string sku; // non-empty
    std::string name;
    shape_kind kind = shape_kind::unknown;
    std::string kind_text;
    shape_body shape;
    dimensions size;                    // nested object
    std::vector<std::string> tags;      // optional array
    std::vector<dimensions> boxes;      // required array of objects
    std::optional<std::uint32_t> stock; // optional
    std::optional<std::string> note;    // nullable: key required, value may be null
    color colour = color::unknown;      // enum with a fallback
    std::optional<std::string> api_key; // secret
    bool active = false;
    friend bool operator==(product const&, product const&) = default;
};
constexpr auto describe(schema::type_tag<product>) {
    using namespace schema;
    using p = product;
    return object<p>(
        constant("kind_of", "Product"), required("sku", &p::sku, non_empty),
        required("name", &p::name), discriminator("shape_type", &p::kind, &p::kind_text),
        tagged("shape", &p::shape), hoisted("label", &circle::label), required("size", &p::size),
        optional("tags", &p::tags), required("boxes", &p::boxes), optional("stock", &p::stock),
        nullable("note", &p::note), required("color", &p::colour),
        optional("api_key", &p::api_key, secret), required("active", &p::active));
}

} // namespace shop

namespace bj = boost::json;
namespace schema = postpress::schema;
using postpress::errc;

// ---- the description is a constant expression -------------------------------------------------

static_assert(schema::described<shop::product>);
static_assert(!schema::described<int>);
static_assert(schema::shape_of<shop::product>() == schema::shape::object);
static_assert(schema::shape_of<shop::dimensions>() == schema::shape::object);
static_assert(schema::shape_of<shop::color>() == schema::shape::enumeration);
static_assert(schema::shape_of<shop::shape_body>() == schema::shape::tagged_union);
static_assert(schema::shape_of<std::string>() == schema::shape::none);
static_assert(schema::field_names<shop::product>.size() == 14);
static_assert(schema::field_names<shop::product>[1] == "sku");
static_assert(schema::key_table_of<shop::product>.find("sku") == 1);
static_assert(schema::key_table_of<shop::product>.find("api_key") == 12);
static_assert(schema::key_table_of<shop::product>.find("skus") ==
              schema::key_table_of<shop::product>.npos);
static_assert(schema::wire_name(shop::color::green) == "green");
static_assert(schema::wire_name(shop::color::unknown) == "other");
static_assert(schema::from_wire_name<shop::color>("purple") == shop::color::unknown);
static_assert(!schema::from_wire_name<shop::unit>("inch").has_value());
static_assert(schema::descriptor_of<shop::shape_body>.index_of("square") == 1);
static_assert(schema::descriptor_of<shop::shape_body>.index_of("triangle") == 2);

namespace {

struct result {
    shop::product value;
    boost::system::error_code ec;
    postpress::diagnostics diag;
};

result run(std::string_view json, postpress::decode_options const& options = {}) {
    result r;
    postpress::decode(json, r.value, r.ec, r.diag, options);
    return r;
}

std::string const full_json = R"({
  "kind_of": "Product",
  "sku": "SKU-1",
  "name": "Wheel",
  "shape_type": "circle",
  "shape": {"radius": 12.5, "label": "inner"},
  "size": {"width": 25, "height": 2.5e1, "depth": 0.5, "unit": "cm"},
  "tags": ["round", "caf\u00e9"],
  "boxes": [{"width": 1, "height": 2, "unit": "mm"}, {"width": 3.25, "height": -4, "unit": "cm"}],
  "stock": 4294967295,
  "note": "fragile",
  "color": "green",
  "api_key": "k-123",
  "active": true
})";

shop::product expected_full() {
    shop::product p;
    p.sku = "SKU-1";
    p.name = "Wheel";
    p.kind = shop::shape_kind::circle;
    p.kind_text = "circle";
    p.shape = shop::circle{12.5, "inner"};
    p.size = {25, 25, 0.5, shop::unit::cm};
    p.tags = {"round", "caf\xc3\xa9"};
    p.boxes = {{1, 2, std::nullopt, shop::unit::mm}, {3.25, -4, std::nullopt, shop::unit::cm}};
    p.stock = 4294967295u;
    p.note = "fragile";
    p.colour = shop::color::green;
    p.api_key = "k-123";
    p.active = true;
    return p;
}

std::string const minimal_json =
    R"({"sku":"S","name":"","shape_type":"square","shape":{"side":-7},)"
    R"("size":{"width":1,"height":1,"unit":"mm"},"boxes":[],"note":null,"color":"red",)"
    R"("active":false})";

/// Replaces the first `from` in `s` with `to`.
std::string replace(std::string s, std::string_view from, std::string_view to) {
    auto const pos = s.find(from);
    REQUIRE(pos != std::string::npos);
    return s.replace(pos, from.size(), to);
}

} // namespace

TEST_CASE("a user's own struct decodes through its description") {
    auto const r = run(full_json);
    REQUIRE_FALSE(r.ec);
    auto const& p = r.value;
    CHECK(p.sku == "SKU-1");
    CHECK(p.name == "Wheel");
    CHECK(p.kind == shop::shape_kind::circle);
    CHECK(p.kind_text == "circle");
    auto const* c = std::get_if<shop::circle>(&p.shape);
    REQUIRE(c != nullptr);
    CHECK(c->radius == 12.5);
    CHECK(c->label == std::optional<std::string>("inner"));
    CHECK(p.size.width == 25);
    CHECK(p.size.height == 25);
    CHECK(p.size.depth == std::optional<double>(0.5));
    CHECK(p.size.measured_in == shop::unit::cm);
    CHECK(p.tags == std::vector<std::string>{"round", "caf\xc3\xa9"});
    REQUIRE(p.boxes.size() == 2);
    CHECK(p.boxes[1].width == 3.25);
    CHECK(p.boxes[1].height == -4);
    CHECK_FALSE(p.boxes[1].depth.has_value());
    CHECK(p.boxes[1].measured_in == shop::unit::cm);
    CHECK(p.stock == std::optional<std::uint32_t>(4294967295u));
    CHECK(p.note == std::optional<std::string>("fragile"));
    CHECK(p.colour == shop::color::green);
    CHECK(p.api_key == std::optional<std::string>("k-123"));
    CHECK(p.active);
    CHECK(p == expected_full());

    SUBCASE("only the required keys") {
        auto const m = run(minimal_json);
        REQUIRE_FALSE(m.ec);
        CHECK(m.value.kind == shop::shape_kind::square);
        auto const* s = std::get_if<shop::square>(&m.value.shape);
        REQUIRE(s != nullptr);
        CHECK(s->side == -7);
        CHECK(s->corners.empty());
        CHECK(m.value.tags.empty());
        CHECK(m.value.boxes.empty());
        CHECK_FALSE(m.value.stock.has_value());
        CHECK_FALSE(m.value.note.has_value());
        CHECK_FALSE(m.value.api_key.has_value());
        CHECK_FALSE(m.value.size.depth.has_value());
        CHECK(m.value.colour == shop::color::red);
        CHECK(m.value.name.empty()); // not non_empty: an empty name is fine
    }
    SUBCASE("the tag after the body, and key order free") {
        std::string const late =
            R"({"active":true,"shape":{"corners":[-128,0,127],"side":3},"color":"blue",)"
            R"("boxes":[{"unit":"cm","height":1,"width":2}],"note":"n","size":{"unit":"mm",)"
            R"("height":1,"width":1},"name":"Box","sku":"B","shape_type":"square"})";
        auto const l = run(late);
        REQUIRE_FALSE(l.ec);
        auto const* s = std::get_if<shop::square>(&l.value.shape);
        REQUIRE(s != nullptr);
        CHECK(s->side == 3);
        CHECK(s->corners == std::vector<std::int8_t>{-128, 0, 127});
        CHECK(l.value.boxes.at(0).width == 2);
        CHECK(l.value.boxes.at(0).measured_in == shop::unit::cm);
        CHECK(l.value.colour == shop::color::blue);
    }
    SUBCASE("an unknown tag keeps the body as JSON") {
        for (bool late : {false, true}) {
            CAPTURE(late);
            std::string const body =
                R"({"sides":3,"points":[[0,0],[1,0],[0,1]],"meta":{"a":null}})";
            std::string json = replace(full_json, R"("shape_type": "circle",)", "");
            json = replace(json, R"({"radius": 12.5, "label": "inner"})", body);
            json = late ? replace(json, R"("active": true)",
                                  R"("active": true, "shape_type": "triangle")")
                        : replace(json, R"("sku")", R"("shape_type": "triangle", "sku")");
            auto const u = run(json);
            REQUIRE_FALSE(u.ec);
            CHECK(u.value.kind == shop::shape_kind::unknown);
            CHECK(u.value.kind_text == "triangle");
            auto const* raw = std::get_if<shop::raw_shape>(&u.value.shape);
            REQUIRE(raw != nullptr);
            CHECK(raw->json == bj::parse(body));
            // The hoisted label belongs to circles only: ignored here.
        }
    }
    SUBCASE("an unknown enum value takes the fallback; an enum without one refuses it") {
        auto const f = run(replace(full_json, R"("color": "green")", R"("color": "purple")"));
        REQUIRE_FALSE(f.ec);
        CHECK(f.value.colour == shop::color::unknown);
        auto const s = run(replace(full_json, R"("unit": "cm"})", R"("unit": "inch"})"));
        CHECK(s.ec == errc::invalid_value);
        CHECK(s.diag.path == "size.unit");
    }
    SUBCASE("unknown keys anywhere are skipped") {
        std::string json = replace(full_json, R"("sku")", R"("x":{"sku":[1,{"y":[]}]}, "sku")");
        json = replace(json, R"("radius")", R"("diameter":25,"radius")");
        json = replace(json, R"("width": 25)", R"("width": 25, "widths": [1,2])");
        auto const u = run(json);
        REQUIRE_FALSE(u.ec);
        CHECK(u.value == expected_full());
    }
    SUBCASE("chunk by chunk") {
        for (std::size_t size = 1; size <= 4; ++size) {
            postpress::decoder dec;
            shop::product p;
            boost::system::error_code ec;
            postpress::diagnostics diag;
            dec.start(p);
            for (std::size_t pos = 0; pos < full_json.size() && !ec; pos += size)
                dec.write(std::string_view(full_json).substr(pos, size), ec, diag);
            if (!ec) dec.finish(ec, diag);
            CHECK_FALSE(ec);
            CHECK(p == expected_full());
        }
    }
    SUBCASE("into a reused value") {
        shop::product p = expected_full();
        boost::system::error_code ec;
        postpress::diagnostics diag;
        postpress::decode(minimal_json, p, ec, diag);
        REQUIRE_FALSE(ec);
        CHECK(p == run(minimal_json).value);
    }
    SUBCASE("the throwing overload") {
        CHECK(postpress::decode<shop::product>(full_json) == expected_full());
        CHECK_THROWS_AS((void)postpress::decode<shop::product>("{}"), postpress::error);
    }
}

TEST_CASE("hoisted keys: beside the union, for one alternative") {
    std::string const base = replace(full_json, R"(, "label": "inner")", "");
    auto label_of = [](std::string const& json) {
        auto const r = run(json);
        REQUIRE_FALSE(r.ec);
        auto const* c = std::get_if<shop::circle>(&r.value.shape);
        REQUIRE(c != nullptr);
        return c->label;
    };
    CHECK_FALSE(label_of(base).has_value());
    CHECK(label_of(replace(base, R"("sku")", R"("label": "beside", "sku")")) ==
          std::optional<std::string>("beside"));
    CHECK(label_of(replace(base, R"("active": true)", R"("active": true, "label": "after")")) ==
          std::optional<std::string>("after"));
    // Inside wins.
    CHECK(label_of(replace(full_json, R"("sku")", R"("label": "beside", "sku")")) ==
          std::optional<std::string>("inner"));
}

TEST_CASE("a user's struct: errors name their path") {
    struct row {
        std::string_view from, to;
        errc code;
        std::string_view path;
    };
    row const rows[] = {
        {R"("kind_of": "Product")", R"("kind_of": "Thing")", errc::invalid_value, "kind_of"},
        {R"("sku": "SKU-1")", R"("sku": "")", errc::invalid_value, "sku"},
        {R"("sku": "SKU-1",)", "", errc::missing_field, "sku"},
        {R"("shape_type": "circle",)", "", errc::missing_field, "shape_type"},
        {R"("shape_type": "circle")", R"("shape_type": 1)", errc::wrong_type, "shape_type"},
        {R"({"radius": 12.5, "label": "inner"})", R"({"label": "inner"})", errc::missing_field,
         "shape.radius"},
        {R"({"radius": 12.5, "label": "inner"})", "[]", errc::wrong_type, "shape"},
        {R"("radius": 12.5)", R"("radius": "12.5")", errc::wrong_type, "shape.radius"},
        {R"("width": 25,)", "", errc::missing_field, "size.width"},
        {R"("depth": 0.5)", R"("depth": "deep")", errc::wrong_type, "size.depth"},
        {R"("unit": "mm"})", R"("unit": null})", errc::wrong_type, "boxes[0].unit"},
        {R"("height": -4, "unit": "cm"})", R"("height": -4})", errc::missing_field,
         "boxes[1].unit"},
        {R"("tags": ["round", "caf\u00e9"])", R"("tags": ["round", 5])", errc::wrong_type,
         "tags[1]"},
        {R"("stock": 4294967295)", R"("stock": 4294967296)", errc::invalid_value, "stock"},
        {R"("stock": 4294967295)", R"("stock": -1)", errc::invalid_value, "stock"},
        {R"("stock": 4294967295)", R"("stock": 1.5)", errc::wrong_type, "stock"},
        {R"("note": "fragile",)", "", errc::missing_field, "note"},
        {R"("note": "fragile")", R"("note": false)", errc::wrong_type, "note"},
        {R"("color": "green")", R"("color": null)", errc::wrong_type, "color"},
        {R"("active": true)", R"("active": 1)", errc::wrong_type, "active"},
        {R"("boxes": [)", R"("boxes": {"x": [)", errc::wrong_type, "boxes"},
    };
    for (auto const& r : rows) {
        CAPTURE(r.to);
        auto const o = run(replace(full_json, r.from, r.to));
        CHECK(o.ec == r.code);
        CHECK(o.diag.path == r.path);
    }
    SUBCASE("ranges follow the member's type") {
        std::string const sq =
            R"({"sku":"S","name":"","shape_type":"square","shape":{"side":1,"corners":[1,200]},)"
            R"("size":{"width":1,"height":1,"unit":"mm"},"boxes":[],"note":null,"color":"red",)"
            R"("active":false})";
        auto const o = run(sq);
        CHECK(o.ec == errc::invalid_value);
        CHECK(o.diag.path == "shape.corners[1]");
        CHECK(o.diag.detail.find("-128..127") != std::string::npos);
        auto const big = run(replace(sq, R"("side":1)", R"("side":2147483648)"));
        CHECK(big.ec == errc::invalid_value);
        CHECK(big.diag.path == "shape.side");
    }
    SUBCASE("the same errors with the tag last") {
        std::string const late =
            replace(replace(full_json, R"("shape_type": "circle",)", ""), R"("active": true)",
                    R"("active": true, "shape_type": "circle")");
        REQUIRE_FALSE(run(late).ec);
        auto const o = run(replace(late, R"("radius": 12.5)", R"("radius": "x")"));
        CHECK(o.ec == errc::wrong_type);
        CHECK(o.diag.path == "shape.radius");
    }
    SUBCASE("limits") {
        CHECK(run(full_json, {.max_depth = 2}).ec == errc::too_large);
        CHECK(run(full_json, {.max_depth = 3}).ec == boost::system::error_code{});
        CHECK(run(full_json, {.max_bytes = 10}).ec == errc::too_large);
    }
}

TEST_CASE("a user's struct encodes through the same description") {
    auto const p = expected_full();
    auto const json = postpress::encode(p);
    auto const dom = bj::parse(json);
    CHECK(dom.at("kind_of") == "Product"); // constants are always written
    CHECK(dom.at("shape_type") == "circle");
    CHECK(dom.at("shape") == bj::parse(R"({"radius":12.5,"label":"inner"})"));
    CHECK_FALSE(dom.as_object().contains("label")); // hoisted keys are written inside
    CHECK(dom.at("size") == bj::parse(R"({"width":25.0,"height":25.0,"depth":0.5,"unit":"cm"})"));
    CHECK(dom.at("stock") == 4294967295u);
    CHECK(dom.at("color") == "green");
    CHECK(dom.at("api_key") == "k-123");
    CHECK(postpress::decode<shop::product>(json) == p);

    SUBCASE("absent optionals are omitted, nullable ones written as null") {
        auto m = postpress::decode<shop::product>(minimal_json);
        auto const d = bj::parse(postpress::encode(m));
        CHECK_FALSE(d.as_object().contains("tags"));
        CHECK_FALSE(d.as_object().contains("stock"));
        CHECK_FALSE(d.as_object().contains("api_key"));
        CHECK(d.at("note").is_null());
        CHECK(d.at("boxes") == bj::array{});
        CHECK(postpress::decode<shop::product>(postpress::encode(m)) == m);
    }
    SUBCASE("secret fields are redacted on request") {
        auto const red = postpress::encode(p, {.redact_secrets = true});
        CHECK(red.find("k-123") == std::string::npos);
        CHECK(bj::parse(red).at("api_key") == "***");
        CHECK(bj::parse(red).at("note") == "fragile");
    }
    SUBCASE("the fallback enum value and an unknown alternative") {
        auto u = p;
        u.colour = shop::color::unknown;
        u.kind = shop::shape_kind::unknown;
        u.kind_text = "hexagon";
        u.shape = shop::raw_shape{bj::parse(R"({"n":6,"xs":[1.5,null]})")};
        auto const d = bj::parse(postpress::encode(u));
        CHECK(d.at("color") == "other");
        CHECK(d.at("shape_type") == "hexagon");
        CHECK(d.at("shape") == bj::parse(R"({"n":6,"xs":[1.5,null]})"));
        auto const back = postpress::decode<shop::product>(postpress::encode(u));
        CHECK(back.kind_text == "hexagon");
        CHECK(back.shape == u.shape);
        CHECK(back.colour == shop::color::unknown);
    }
    SUBCASE("doubles round trip exactly") {
        auto d = p;
        d.size.width = 0.1;
        d.size.height = 1e300;
        d.size.depth = -2.5e-300;
        d.shape = shop::circle{1.0 / 3.0, std::nullopt};
        CHECK(postpress::decode<shop::product>(postpress::encode(d)) == d);
        // Boost.JSON 1.81's own conversion gives a neighbour of -2.5e-300; the decoder must
        // not. Extremes too, and numbers split across chunks.
        for (double v : {-2.5e-300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -0.0,
                         123456789.123456789, 9007199254740993.0, 1e23, 8.41e21}) {
            CAPTURE(v);
            d.size.width = v;
            auto const json = postpress::encode(d);
            CHECK(postpress::decode<shop::product>(json).size.width == v);
            postpress::decoder dec;
            shop::product out;
            boost::system::error_code ec;
            postpress::diagnostics diag;
            dec.start(out);
            for (std::size_t pos = 0; pos < json.size(); pos += 2)
                dec.write(std::string_view(json).substr(pos, 2), ec, diag);
            dec.finish(ec, diag);
            REQUIRE_FALSE(ec);
            CHECK(out == d);
        }
        // Written by hand, in any form JSON allows.
        auto const h = run(replace(full_json, R"("width": 25,)", R"("width": -25.0e-1,)"));
        REQUIRE_FALSE(h.ec);
        CHECK(h.value.size.width == -2.5);
        auto const e = run(replace(full_json, R"("width": 25,)", R"("width": 1E+2,)"));
        REQUIRE_FALSE(e.ec);
        CHECK(e.value.size.width == 100.0);
    }
}

namespace {
constexpr std::array<std::string_view, 2> clash{"prefix__1__suffix", "prefix__2__suffix"};
constexpr std::array<std::string_view, 3> fine{"id", "name", "created_at"};
} // namespace

TEST_CASE("a perfect hash is refused for names that differ only in their middle") {
    static_assert(schema::detail::find_hash_params(clash).buckets == 0);
    static_assert(schema::detail::find_hash_params(fine).buckets != 0);
    constexpr auto table = schema::make_key_table<fine>();
    CHECK(table.find("id") == 0);
    CHECK(table.find("name") == 1);
    CHECK(table.find("created_at") == 2);
    CHECK(table.find("created_a") == table.npos);
    CHECK(table.find("") == table.npos);
}

// ==== errc ======================================================================================

namespace {

struct api_type {
    std::string_view wire;
    int status;
};

// The 33 error types of spec/list-all-accounts.txt, in its order, with their statuses.
constexpr api_type spec_types[] = {
    {"invalid_parameters", 400},
    {"missing_parameters", 400},
    {"invalid_request", 400},
    {"malformed_request", 400},
    {"content_too_large", 400},
    {"too_many_characters", 400},
    {"unescaped_characters", 400},
    {"limit_too_high", 400},
    {"invalid_action", 400},
    {"invalid_label", 400},
    {"missing_credentials", 401},
    {"multiple_sessions", 401},
    {"wrong_account", 401},
    {"invalid_credentials", 401},
    {"invalid_proxy_credentials", 401},
    {"invalid_imap_configuration", 401},
    {"invalid_smtp_configuration", 401},
    {"invalid_checkpoint_solution", 401},
    {"checkpoint_error", 401},
    {"expired_credentials", 401},
    {"expired_link", 401},
    {"insufficient_privileges", 401},
    {"disconnected_account", 401},
    {"disconnected_feature", 401},
    {"unexpected_error", 500},
    {"provider_error", 500},
    {"authentication_intent_error", 500},
    {"no_client_session", 503},
    {"no_channel", 503},
    {"no_handler", 503},
    {"network_down", 503},
    {"service_unavailable", 503},
    {"request_timeout", 504},
};

constexpr errc client_codes[] = {
    errc::unknown_api_error, errc::invalid_argument,    errc::malformed_json,
    errc::missing_field,     errc::wrong_type,          errc::invalid_value,
    errc::too_large,         errc::unexpected_response, errc::cursor_loop};

} // namespace

TEST_CASE("errc: the postpress category") {
    boost::system::error_code const ec = errc::limit_too_high;
    CHECK(std::string_view(ec.category().name()) == "postpress");
    CHECK(&ec.category() == &postpress::postpress_category());
    CHECK(ec == errc::limit_too_high);
    CHECK(ec != errc::invalid_parameters);
    CHECK(ec.value() == static_cast<int>(errc::limit_too_high));
    for (int i = 1; i <= static_cast<int>(errc::cursor_loop); ++i) {
        CAPTURE(i);
        auto const e = postpress::make_error_code(static_cast<errc>(i));
        CHECK_FALSE(e.message().empty());
        CHECK(e.message() != "Unknown postpress error");
        CHECK(bool(e));
    }
    CHECK_FALSE(postpress::make_error_code(static_cast<errc>(999)).message().empty());
    // Distinct messages for the client's own conditions.
    std::set<std::string> messages;
    for (auto e : client_codes)
        messages.insert(postpress::make_error_code(e).message());
    CHECK(messages.size() == std::size(client_codes));
}

TEST_CASE("errc: the 33 API error types") {
    CHECK(postpress::api_error_type_count == 33);
    CHECK(std::size(spec_types) == 33);
    CHECK(postpress::errc_from_api_type("errors/limit_too_high") == errc::limit_too_high);
    CHECK(postpress::errc_from_api_type("limit_too_high") == errc::limit_too_high);
    CHECK(postpress::errc_from_api_type("errors/request_timeout") == errc::request_timeout);
    CHECK(postpress::errc_from_api_type("errors/something_new") == errc::unknown_api_error);
    CHECK(postpress::errc_from_api_type("errors/") == errc::unknown_api_error);
    CHECK(postpress::errc_from_api_type("") == errc::unknown_api_error);
    CHECK(postpress::errc_from_api_type("errors/LIMIT_TOO_HIGH") == errc::unknown_api_error);
    CHECK(postpress::errc_from_api_type("errors/errors/limit_too_high") == errc::unknown_api_error);

    std::set<errc> seen;
    for (std::size_t i = 0; i < std::size(spec_types); ++i) {
        auto const& t = spec_types[i];
        CAPTURE(t.wire);
        errc const e = postpress::errc_from_api_type("errors/" + std::string(t.wire));
        CHECK(e != errc::unknown_api_error);
        CHECK(static_cast<int>(e) == static_cast<int>(i) + 1); // the spec's order
        CHECK(postpress::to_string(e) == t.wire);
        CHECK(postpress::errc_from_api_type(postpress::to_string(e)) == e);
        CHECK(postpress::spec_http_status(e) == t.status);
        seen.insert(e);
    }
    CHECK(seen.size() == 33);
    for (auto e : client_codes) {
        CHECK(postpress::to_string(e).empty());
        CHECK(postpress::spec_http_status(e) == 0);
    }
}

TEST_CASE("errc: which errors a retry can help") {
    std::set<std::string_view> const retryable{
        "provider_error", "no_client_session",   "no_channel",     "no_handler",
        "network_down",   "service_unavailable", "request_timeout"};
    for (auto const& t : spec_types) {
        CAPTURE(t.wire);
        auto const e = postpress::errc_from_api_type(t.wire);
        bool const expected = retryable.count(t.wire) != 0;
        CHECK(postpress::is_retryable(e) == expected);
        if (t.status == 503 || t.status == 504 || t.wire == "provider_error")
            CHECK(postpress::is_retryable(e));
        if (t.status == 400 || t.status == 401) CHECK_FALSE(postpress::is_retryable(e));
        // With the response's status: 503 and 504 whatever the envelope said.
        postpress::diagnostics diag;
        diag.http_status = t.status;
        CHECK(postpress::is_retryable(e, diag) == (expected || t.status >= 503));
    }
    for (auto e : client_codes)
        CHECK_FALSE(postpress::is_retryable(e));
    CHECK_FALSE(postpress::is_retryable(boost::system::error_code{}));

    postpress::diagnostics too_many;
    too_many.http_status = 429;
    CHECK(postpress::is_retryable(errc::unknown_api_error, too_many));
    CHECK_FALSE(postpress::is_retryable(boost::system::error_code{}, too_many));
    postpress::diagnostics bad;
    bad.http_status = 400;
    CHECK_FALSE(postpress::is_retryable(errc::unknown_api_error, bad));

    // Transport faults.
    CHECK(postpress::is_retryable(boost::asio::error::connection_reset));
    CHECK(postpress::is_retryable(boost::asio::error::connection_refused));
    CHECK(postpress::is_retryable(boost::asio::error::eof));
    CHECK(postpress::is_retryable(boost::beast::error::timeout));
    CHECK_FALSE(postpress::is_retryable(boost::asio::error::operation_aborted));
}

TEST_CASE("postpress::error carries its code and diagnostics") {
    postpress::diagnostics diag;
    diag.http_status = 400;
    diag.type = "errors/limit_too_high";
    diag.title = "Limit too high";
    diag.detail = "max 250";
    diag.instance = "req_1";
    postpress::error const e(errc::limit_too_high, diag, std::string("cur"));
    CHECK(e.code() == errc::limit_too_high);
    CHECK(e.diag() == diag);
    CHECK(e.resume_cursor() == std::optional<std::string>("cur"));
    std::string const what = e.what();
    for (auto part : {"400", "errors/limit_too_high", "Limit too high", "max 250", "req_1"})
        CHECK(what.find(part) != std::string::npos);

    postpress::diagnostics dec;
    dec.detail = "expected a string, got an integer";
    dec.path = "items[0].id";
    CHECK(dec.to_string().find("items[0].id") != std::string::npos);
    CHECK_FALSE(dec.empty());
    dec.clear();
    CHECK(dec.empty());

    CHECK_NOTHROW(postpress::throw_on_error({}, diag));
    CHECK_THROWS_AS(postpress::throw_on_error(errc::malformed_json), postpress::error);
}
