#include "id_token.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JWT/Token.h>
#include <Poco/Timestamp.h>

namespace vcsim {

std::string make_id_token(ServerState &state, const std::string &route, const std::string &issuer,
                          const std::string &client_id, const LoginUser &user, const std::string &nonce,
                          std::chrono::seconds lifetime) {
    const auto fault = state.faults.on_id_token(route);
    if (fault) state.counters.add(&Counters::faults_fired);

    Poco::Timestamp issued_at;
    if (fault == FaultKind::id_token_expired) issued_at -= 2 * lifetime.count() * Poco::Timestamp::resolution();
    Poco::JWT::Token token;
    token.setType("JWT");
    token.setIssuer(issuer);
    token.setSubject(user.sub);
    token.setAudience(fault == FaultKind::id_token_wrong_audience ? "another-client-" + client_id : client_id);
    token.setIssuedAt(issued_at);
    token.setExpiration(issued_at + lifetime.count() * Poco::Timestamp::resolution());
    if (!nonce.empty()) token.payload().set("nonce", nonce);
    token.payload().set("preferred_username", user.preferred_username);
    token.payload().set("email", user.email.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(user.email));
    Poco::JSON::Array::Ptr roles = new Poco::JSON::Array;
    for (const auto &role : user.roles) roles->add(role);
    token.payload().set("roles", roles);
    return state.keys.sign(token, fault == FaultKind::id_token_wrong_key);
}

} // namespace vcsim
