// TokenProvider directly against the simulator: how many token requests
// each situation takes (Veracross keeps at most 10 live tokens per
// application, so every extra one matters), what it revokes, and what it
// reports of refused scopes.
#include "auth/token_provider.hpp"
#include "common/plugin_error.hpp"
#include "operations/school_connection.hpp"
#include "sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace connect_test;
using namespace veracross;

namespace {

std::set<std::string> without(std::set<std::string> scopes, const std::string &scope) {
    scopes.erase(scope);
    return scopes;
}

} // namespace

TEST_CASE("a token for granted scopes takes one request and is reused until invalidated") {
    SimFixture f;
    {
        SchoolConnection conn(parse_config(f.config("imports")), HostServices());
        const auto first = conn.tokens().token();
        CHECK(conn.tokens().token() == first);
        CHECK(conn.tokens().token(TokenUse::recheck_refused_scopes) == first); // nothing was refused
        CHECK(f.sim->counters().token_requests == 1);
        REQUIRE(conn.tokens().grants());
        CHECK(conn.tokens().grants()->refused.empty());

        conn.tokens().invalidate(first);
        CHECK(conn.tokens().cached() == nullptr);
        const auto second = conn.tokens().token();
        CHECK(second != first);
        CHECK(f.sim->counters().token_requests == 2);
        CHECK(f.sim->counters().revoke_requests == 0); // an invalidated token is dead already
    }
    CHECK(f.sim->counters().revoke_requests == 1); // the cached one, when the connection ends
}

TEST_CASE("a refused optional scope is found, left out, and not asked for again") {
    SimFixture f;
    const std::string refused = "academics.permissions:list";
    f.set_scopes(without(every_scope(), refused));
    SchoolConnection conn(parse_config(f.config("imports")), HostServices());
    const auto token = conn.tokens().token();
    REQUIRE(conn.tokens().grants());
    CHECK(conn.tokens().grants()->refused == Scopes{refused});
    CHECK_FALSE(has_scope(token->scopes, refused));
    CHECK(has_scope(token->scopes, "students:list"));
    // All scopes (refused), the required ones alone (kept), then a search of
    // the optional ones: at most 2*log2(n) probes for one refused scope.
    const auto n = static_cast<double>(optional_scopes().size());
    const auto requests = f.sim->counters().token_requests;
    CHECK(requests >= 3);
    CHECK(requests <= 2 + static_cast<std::uint64_t>(2 * std::ceil(std::log2(std::max(n, 2.0)))));
    CHECK(f.sim->counters().revoke_requests == requests - 2); // every probe, not the kept token

    conn.tokens().invalidate(token);
    conn.tokens().token();
    CHECK(f.sim->counters().token_requests == requests + 1); // the refused one is not asked for again
}

TEST_CASE("a refused required scope is named in a missing_scopes error and no token is kept") {
    SimFixture f;
    f.set_scopes(without(every_scope(), "relationships:list"));
    SchoolConnection conn(parse_config(f.config("imports")), HostServices());
    try {
        conn.tokens().token();
        FAIL("a token without a required scope was accepted");
    } catch (const PluginError &e) {
        CHECK(e.status() == Status::missing_scopes);
        CHECK_THAT(e.what(), Catch::Contains("relationships:list"));
    }
    CHECK(conn.tokens().cached() == nullptr);
    REQUIRE(conn.tokens().grants());
    CHECK(has_scope(conn.tokens().grants()->refused, "relationships:list"));
}
