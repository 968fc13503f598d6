// SSO endpoints against Simulator contract D and details doc section 7. The
// id_token is checked with OpenSSL directly against the JWKS key, not with
// the simulator's own signer.
#include "encoding.hpp"
#include "sim_test_support.hpp"

#include <catch2/catch.hpp>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <chrono>
#include <regex>
#include <sstream>

using namespace simtest;

namespace {

const std::string kVerifier = "dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk"; // RFC 7636 appendix B

std::string authorize_path(Fields params, const std::string &route = "demo") {
    return "/" + route + "/oauth/authorize?" + form_encode(params);
}

Fields good_authorize(const std::string &scope = "openid sso") {
    return {{"client_id", kClientId}, {"redirect_uri", kRedirect}, {"response_type", "code"}, {"scope", scope}};
}

std::string query_value(const std::string &location, const std::string &name) {
    for (const auto &[key, value] : Poco::URI(location).getQueryParameters())
        if (key == name) return value;
    return "";
}

// Logs in as `user` and returns the code of the redirect.
std::string authorize(const std::string &base, Fields params, const std::string &user = "pat.parent") {
    params.emplace_back("login_as", user);
    Response r = get(base, authorize_path(params));
    INFO(r.body);
    REQUIRE(r.status == 302);
    return query_value(r.header("Location"), "code");
}

Response redeem_code(const std::string &base, const std::string &code, Fields extra = {}) {
    Fields form{{"grant_type", "authorization_code"}, {"client_id", kClientId}, {"client_secret", kSecret},
                {"code", code}, {"redirect_uri", kRedirect}};
    for (auto &field : extra) {
        auto same = std::find_if(form.begin(), form.end(), [&](auto &f) { return f.first == field.first; });
        if (same != form.end()) same->second = field.second;
        else form.push_back(field);
    }
    return post_form(base, "/demo/oauth/token", form);
}

std::string base64url_decode(std::string text) {
    while (text.size() % 4) text += '=';
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING);
    return std::string(std::istreambuf_iterator<char>(decoder), {});
}

// RS256 check of a JWT with the RSA key (n, e) of a JWKS entry, by OpenSSL.
bool signature_valid(const std::string &jwt, const Poco::JSON::Object::Ptr &jwk) {
    const std::string n = base64url_decode(jwk->getValue<std::string>("n"));
    const std::string e = base64url_decode(jwk->getValue<std::string>("e"));
    BIGNUM *bn_n = BN_bin2bn(reinterpret_cast<const unsigned char *>(n.data()), int(n.size()), nullptr);
    BIGNUM *bn_e = BN_bin2bn(reinterpret_cast<const unsigned char *>(e.data()), int(e.size()), nullptr);
    OSSL_PARAM_BLD *build = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, bn_n);
    OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, bn_e);
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(build);
    EVP_PKEY_CTX *key_ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    EVP_PKEY *key = nullptr;
    EVP_PKEY_fromdata_init(key_ctx);
    EVP_PKEY_fromdata(key_ctx, &key, EVP_PKEY_PUBLIC_KEY, params);

    const std::size_t last_dot = jwt.rfind('.');
    const std::string signed_part = jwt.substr(0, last_dot);
    const std::string signature = base64url_decode(jwt.substr(last_dot + 1));
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    const bool ok = key && EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                    EVP_DigestVerify(md, reinterpret_cast<const unsigned char *>(signature.data()), signature.size(),
                                     reinterpret_cast<const unsigned char *>(signed_part.data()),
                                     signed_part.size()) == 1;
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(key);
    EVP_PKEY_CTX_free(key_ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(build);
    BN_free(bn_n);
    BN_free(bn_e);
    return ok;
}

Poco::JSON::Object::Ptr jwt_part(const std::string &jwt, int index) {
    std::size_t start = 0;
    for (int i = 0; i < index; ++i) start = jwt.find('.', start) + 1;
    const std::string part = jwt.substr(start, jwt.find('.', start) - start);
    return Poco::JSON::Parser().parse(base64url_decode(part)).extract<Poco::JSON::Object::Ptr>();
}

void check_error_page(const Response &r, const std::string &text) {
    INFO(r.body);
    CHECK(r.status == 200);
    CHECK(r.header("Content-Type").find("text/html") == 0);
    CHECK(r.body.find(text) != std::string::npos);
    CHECK_FALSE(r.headers.has("Location"));
}

} // namespace

TEST_CASE("sso: discovery lists URLs of the base the request came in on", "[sso]") {
    auto sim = start_simulator();
    for (const auto &base : {sim->http_base_url(), sim->https_base_url()}) {
        Response r = get(base, "/demo/.well-known/openid-configuration");
        REQUIRE(r.status == 200);
        auto body = r.json();
        CHECK(body->getValue<std::string>("issuer") == base + "/demo");
        CHECK(body->getValue<std::string>("authorization_endpoint") == base + "/demo/oauth/authorize");
        CHECK(body->getValue<std::string>("token_endpoint") == base + "/demo/oauth/token");
        CHECK(body->getValue<std::string>("introspection_endpoint") == base + "/demo/oauth/introspect");
        CHECK(body->getValue<std::string>("userinfo_endpoint") == base + "/demo/oauth/userinfo");
        CHECK(body->getValue<std::string>("jwks_uri") == base + "/demo/oauth/discovery/keys");
        CHECK(body->getArray("id_token_signing_alg_values_supported")->getElement<std::string>(0) == "RS256");
        CHECK(body->getArray("token_endpoint_auth_methods_supported")->getElement<std::string>(0) ==
              "client_secret_post");
    }
    CHECK(get(sim->http_base_url(), "/nowhere/.well-known/openid-configuration").status == 404);
}

TEST_CASE("sso: authorize shows the documented errors on screen", "[sso]") {
    auto sim = start_simulator();
    const auto base = sim->http_base_url();
    auto with = [](const std::string &name, const std::string &value) {
        Fields params = good_authorize();
        for (auto &p : params)
            if (p.first == name) p.second = value;
        params.emplace_back("login_as", "pat.parent");
        return authorize_path(params);
    };
    check_error_page(get(base, with("client_id", "ffffffffffffffffffffffffffffffff")),
                     "The requested client id is unknown or unauthorized.");
    for (const char *uri : {"https://pickatime.com/client/", "https://pickatime.com", "http://pickatime.com/client",
                            "https://evil.example/client"})
        check_error_page(get(base, with("redirect_uri", uri)),
                         "The requested Redirect URI isn&#39;t registered for this client.");
    check_error_page(get(base, with("response_type", "token")),
                     "The authorization server does not support this response type.");
    check_error_page(get(base, with("scope", "openid parents:list")),
                     "A requested scope isn&#39;t authorized for this application.");
    check_error_page(get(base, with("scope", "students:list")),
                     "The requested scope is invalid, unknown, or malformed.");
    check_error_page(get(base, authorize_path(good_authorize(), "nowhere")),
                     "The requested client id is unknown or unauthorized.");
    CHECK(sim->counters().authorize_requests == 9);
}

TEST_CASE("sso: without login_as a login form posts back and logs in", "[sso]") {
    auto sim = start_simulator();
    const auto base = sim->http_base_url();
    Fields params = good_authorize("sso");
    params.emplace_back("state", "xyz 1");
    Response form = get(base, authorize_path(params));
    CHECK(form.status == 200);
    CHECK(form.body.find("name=\"username\"") != std::string::npos);
    CHECK(form.body.find("action=\"/demo/oauth/authorize\"") != std::string::npos);
    CHECK(form.body.find("value=\"xyz 1\"") != std::string::npos);

    params.emplace_back("username", "sam.staff");
    Call post;
    post.method = "POST";
    post.path = "/demo/oauth/authorize";
    post.content_type = "application/x-www-form-urlencoded";
    post.body = form_encode(params);
    Response r = send(base, post);
    REQUIRE(r.status == 302);
    CHECK(query_value(r.header("Location"), "state") == "xyz 1");

    params.back().second = "nobody";
    post.body = form_encode(params);
    Response unknown = send(base, post);
    CHECK(unknown.status == 200);
    CHECK(unknown.body.find("Unknown username.") != std::string::npos);
}

TEST_CASE("sso: code flow with PKCE, single-use codes, userinfo and a verifiable id_token", "[sso]") {
    auto sim = start_simulator();
    const auto base = sim->https_base_url();
    Fields params = good_authorize();
    params.insert(params.end(), {{"state", "s-1"},
                                 {"nonce", "n-1"},
                                 {"code_challenge", vcsim::base64url(vcsim::sha256(kVerifier))},
                                 {"code_challenge_method", "S256"},
                                 {"login_as", "900001"}}); // by sub
    Response redirect = get(base, authorize_path(params));
    REQUIRE(redirect.status == 302);
    const std::string location = redirect.header("Location");
    CHECK(location.rfind(kRedirect + "?code=", 0) == 0);
    CHECK(query_value(location, "state") == "s-1");
    const std::string code = query_value(location, "code");
    CHECK(std::regex_match(code, std::regex("[0-9a-f]{64}")));

    Response token = redeem_code(base, code, {{"code_verifier", kVerifier}});
    REQUIRE(token.status == 200);
    auto body = token.json();
    CHECK(body->getValue<std::string>("scope") == "openid sso");
    CHECK(std::regex_match(body->getValue<std::string>("refresh_token"), std::regex("[0-9a-f]{64}")));
    CHECK(body->getValue<int>("expires_in") == 3600);

    // The id_token: RS256, the JWKS key's kid, the documented claims.
    const std::string id_token = body->getValue<std::string>("id_token");
    auto jwks = get(base, "/demo/oauth/discovery/keys").json()->getArray("keys");
    REQUIRE(jwks->size() == 1);
    auto jwk = jwks->getObject(0);
    CHECK(jwk->getValue<std::string>("kty") == "RSA");
    CHECK(jwk->getValue<std::string>("alg") == "RS256");
    CHECK(jwk->getValue<std::string>("use") == "sig");
    CHECK(signature_valid(id_token, jwk));
    auto header = jwt_part(id_token, 0);
    CHECK(header->getValue<std::string>("alg") == "RS256");
    CHECK(header->getValue<std::string>("typ") == "JWT");
    CHECK(header->getValue<std::string>("kid") == jwk->getValue<std::string>("kid"));
    auto claims = jwt_part(id_token, 1);
    CHECK(claims->getValue<std::string>("iss") == base + "/demo");
    CHECK(claims->getValue<std::string>("aud") == kClientId);
    CHECK(claims->getValue<std::string>("sub") == "900001");
    CHECK(claims->getValue<std::string>("nonce") == "n-1");
    CHECK(claims->getValue<std::string>("email") == "pat@example.org");
    CHECK(claims->getValue<std::string>("preferred_username") == "pat.parent");
    CHECK(claims->getArray("roles")->getElement<std::string>(0) == "Parent");
    CHECK(claims->getValue<std::int64_t>("exp") - claims->getValue<std::int64_t>("iat") == 3600);
    CHECK_FALSE(claims->has("typ"));
    CHECK(std::abs(claims->getValue<std::int64_t>("iat") - now_seconds()) < 5);

    // Codes are single-use.
    Response again = redeem_code(base, code, {{"code_verifier", kVerifier}});
    CHECK(again.status == 401);
    CHECK(again.json()->getValue<std::string>("error") == "invalid_grant");

    Response info = get(base, "/demo/oauth/userinfo",
                        {{"Authorization", "Bearer " + body->getValue<std::string>("access_token")}});
    REQUIRE(info.status == 200);
    auto user = info.json();
    CHECK(user->getValue<std::string>("sub") == "900001");
    CHECK(user->getValue<std::string>("preferred_username") == "pat.parent");
    CHECK(user->getValue<std::string>("email") == "pat@example.org");
    CHECK(user->getArray("roles")->size() == 1);
}

TEST_CASE("sso: a code is refused with a wrong verifier, redirect, client, or after its lifetime", "[sso]") {
    vcsim::Options options;
    auto sim = start_simulator(options);
    const auto base = sim->http_base_url();
    Fields pkce = good_authorize("sso");
    pkce.emplace_back("code_challenge", vcsim::base64url(vcsim::sha256(kVerifier)));
    pkce.emplace_back("code_challenge_method", "S256");

    auto refused = [](const Response &r) {
        INFO(r.body);
        return r.status == 401 && r.json()->getValue<std::string>("error") == "invalid_grant";
    };
    CHECK(refused(redeem_code(base, authorize(base, pkce), {{"code_verifier", "wrong"}})));
    CHECK(refused(redeem_code(base, authorize(base, pkce))));
    CHECK(refused(redeem_code(base, authorize(base, good_authorize("sso")),
                           {{"redirect_uri", "https://www.pickatime.com/client"}})));
    // Another app of the same school cannot redeem it.
    CHECK(refused(redeem_code(base, authorize(base, good_authorize("sso")),
                           {{"client_id", kLimitedClientId}, {"client_secret", kLimitedSecret}})));
    CHECK(refused(redeem_code(base, std::string(64, '0'))));
    Response missing = redeem_code(base, "");
    CHECK(missing.status == 400);
    CHECK(missing.json()->getValue<std::string>("error_description") == "Missing required parameter: code.");
    // A plain challenge works too.
    Fields plain = good_authorize("sso");
    plain.emplace_back("code_challenge", "plain-verifier-0123456789-0123456789-0123456789");
    CHECK(redeem_code(base, authorize(base, plain), {{"code_verifier", "plain-verifier-0123456789-0123456789-0123456789"}})
              .status == 200);

    options.code_lifetime = std::chrono::seconds(0);
    auto expiring = start_simulator(options);
    CHECK(refused(redeem_code(expiring->http_base_url(), authorize(expiring->http_base_url(), good_authorize("sso")))));
}

TEST_CASE("sso: sso without openid gives no id_token, and email may be null", "[sso]") {
    auto sim = start_simulator();
    const auto base = sim->http_base_url();
    Response token = redeem_code(base, authorize(base, good_authorize("sso"), "sam.staff"));
    REQUIRE(token.status == 200);
    auto body = token.json();
    CHECK_FALSE(body->has("id_token"));
    auto user = get(base, "/demo/oauth/userinfo", {{"Authorization", "Bearer " + body->getValue<std::string>("access_token")}})
                    .json();
    CHECK(user->isNull("email"));
    CHECK(user->getArray("roles")->size() == 2);
}

TEST_CASE("sso: userinfo refuses bad tokens 401, tokens without sso/openid 403, client tokens 404", "[sso]") {
    auto sim = start_simulator();
    const auto base = sim->http_base_url();
    auto userinfo = [&](const std::string &token) {
        return get(base, "/demo/oauth/userinfo", {{"Authorization", "Bearer " + token}});
    };
    Response bad = userinfo(std::string(64, '1'));
    CHECK(bad.status == 401);
    CHECK(bad.body.empty());
    CHECK(get(base, "/demo/oauth/userinfo").status == 401);
    CHECK(userinfo(fetch_token(base, "students:list")).status == 403);
    Response client = userinfo(fetch_token(base, "sso"));
    CHECK(client.status == 404);
    CHECK(client.body.empty());
    CHECK(sim->counters().userinfo_requests == 4);
}

TEST_CASE("sso: refresh rotates the pair and revokes the old one", "[sso]") {
    auto sim = start_simulator();
    const auto base = sim->http_base_url();
    auto first = redeem_code(base, authorize(base, good_authorize())).json();
    const std::string old_refresh = first->getValue<std::string>("refresh_token");
    Fields form{{"grant_type", "refresh_token"}, {"client_id", kClientId}, {"client_secret", kSecret},
                {"refresh_token", old_refresh}};
    Response refreshed = post_form(base, "/demo/oauth/token", form);
    REQUIRE(refreshed.status == 200);
    auto second = refreshed.json();
    CHECK(second->getValue<std::string>("refresh_token") != old_refresh);
    CHECK(second->getValue<std::string>("access_token") != first->getValue<std::string>("access_token"));
    CHECK(second->getValue<std::string>("scope") == "openid sso");
    CHECK(second->has("id_token"));
    auto userinfo = [&](const std::string &token) {
        return get(base, "/demo/oauth/userinfo", {{"Authorization", "Bearer " + token}}).status;
    };
    CHECK(userinfo(first->getValue<std::string>("access_token")) == 401);
    CHECK(userinfo(second->getValue<std::string>("access_token")) == 200);
    Response reused = post_form(base, "/demo/oauth/token", form);
    CHECK(reused.status == 401);
    CHECK(reused.json()->getValue<std::string>("error") == "invalid_grant");
}

TEST_CASE("sso: id_token faults: wrong key, expired, wrong audience", "[sso][faults]") {
    auto sim = start_simulator();
    const auto base = sim->http_base_url();
    auto jwk = get(base, "/demo/oauth/discovery/keys").json()->getArray("keys")->getObject(0);
    auto id_token = [&] {
        return redeem_code(base, authorize(base, good_authorize())).json()->getValue<std::string>("id_token");
    };

    vcsim::Fault fault;
    fault.kind = vcsim::FaultKind::id_token_wrong_key;
    fault.count = 1;
    sim->add_fault(fault);
    const std::string wrong_key = id_token();
    CHECK_FALSE(signature_valid(wrong_key, jwk));
    CHECK(jwt_part(wrong_key, 0)->getValue<std::string>("kid") == jwk->getValue<std::string>("kid"));
    CHECK(signature_valid(id_token(), jwk)); // count 1: the next one is good again

    fault.kind = vcsim::FaultKind::id_token_expired;
    sim->add_fault(fault);
    const std::string expired = id_token();
    CHECK(signature_valid(expired, jwk));
    CHECK(jwt_part(expired, 1)->getValue<std::int64_t>("exp") < now_seconds());

    fault.kind = vcsim::FaultKind::id_token_wrong_audience;
    fault.route = "other";
    sim->add_fault(fault);
    CHECK(jwt_part(id_token(), 1)->getValue<std::string>("aud") == kClientId); // another route's fault
    fault.route = "demo";
    sim->add_fault(fault);
    CHECK(jwt_part(id_token(), 1)->getValue<std::string>("aud") != kClientId);
}
