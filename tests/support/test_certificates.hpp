// Real certificates made at test time with OpenSSL: a CA, a server certificate it signs for
// 127.0.0.1 / localhost, and one for another host name, so TLS tests verify for real.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/ssl/context.hpp>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace postpress::test {

struct pem_pair {
    std::string certificate;
    std::string private_key;
};

namespace detail {

struct openssl_free {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(X509* p) const { X509_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
};
template <class T>
using owned = std::unique_ptr<T, openssl_free>;

inline void check(bool ok, char const* what) {
    if (!ok) throw std::runtime_error(std::string("test certificates: ") + what);
}

inline std::string bio_string(BIO* bio) {
    char* data = nullptr;
    long const n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

inline std::string key_pem(EVP_PKEY* key) {
    owned<BIO> bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "write key");
    return bio_string(bio.get());
}

inline std::string cert_pem(X509* cert) {
    owned<BIO> bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(bio.get(), cert) == 1, "write certificate");
    return bio_string(bio.get());
}

inline void add_extension(X509* cert, X509* issuer, int nid, char const* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    check(ext != nullptr, "extension");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

inline owned<X509> make_cert(EVP_PKEY* key, char const* common_name, X509* issuer,
                             EVP_PKEY* issuer_key, long serial, bool is_ca,
                             char const* subject_alt_names) {
    owned<X509> cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400L * 2);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<unsigned char const*>(common_name), -1, -1, 0);
    X509* const signer = issuer ? issuer : cert.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
    if (is_ca) {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
        add_extension(cert.get(), signer, NID_subject_alt_name, subject_alt_names);
    }
    check(X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) > 0, "sign");
    return cert;
}

} // namespace detail

/// A throwaway CA and the certificates it signs.
struct test_pki {
    pem_pair ca;          // trust this in the client
    pem_pair server;      // valid for 127.0.0.1, ::1 and localhost
    pem_pair wrong_host;  // valid only for wrong.example.net
    pem_pair self_signed; // for 127.0.0.1 but signed by nobody the client trusts

    static test_pki make() {
        using namespace detail;
        owned<EVP_PKEY> ca_key(EVP_EC_gen("P-256"));
        check(ca_key != nullptr, "CA key");
        auto ca_cert = make_cert(ca_key.get(), "postpress test CA", nullptr, nullptr, 1, true, "");
        test_pki pki;
        pki.ca = {cert_pem(ca_cert.get()), key_pem(ca_key.get())};
        auto leaf = [&](char const* cn, char const* sans, long serial, bool signed_by_ca) {
            owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
            check(key != nullptr, "leaf key");
            auto cert =
                signed_by_ca
                    ? make_cert(key.get(), cn, ca_cert.get(), ca_key.get(), serial, false, sans)
                    : make_cert(key.get(), cn, nullptr, nullptr, serial, false, sans);
            return pem_pair{cert_pem(cert.get()), key_pem(key.get())};
        };
        pki.server = leaf("127.0.0.1", "IP:127.0.0.1,IP:::1,DNS:localhost", 2, true);
        pki.wrong_host = leaf("wrong.example.net", "DNS:wrong.example.net", 3, true);
        pki.self_signed = leaf("127.0.0.1", "IP:127.0.0.1,DNS:localhost", 4, false);
        return pki;
    }
};

/// A server-side TLS context presenting `cert` (for mock_server_options::tls).
inline std::unique_ptr<boost::asio::ssl::context> server_tls_context(pem_pair const& cert) {
    namespace ssl = boost::asio::ssl;
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    ctx->use_certificate_chain(boost::asio::buffer(cert.certificate));
    ctx->use_private_key(boost::asio::buffer(cert.private_key), ssl::context::pem);
    return ctx;
}

} // namespace postpress::test
