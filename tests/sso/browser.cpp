#include "browser.hpp"

#include "simulator.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <memory>

namespace sso_test {

std::map<std::string, std::string> query_of(const std::string &url) {
    std::map<std::string, std::string> query;
    for (const auto &p : Poco::URI(url).getQueryParameters()) query[p.first] = p.second;
    return query;
}

Landing open_authorization_url(const std::string &authorization_url, const std::string &login_as) {
    Poco::URI uri(authorization_url);
    uri.addQueryParameter("login_as", login_as);
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
        Poco::Net::Context::Params params;
        params.caLocation = vcsim::test_ca_file();
        params.loadDefaultCAs = false;
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        session = std::make_unique<Poco::Net::HTTPSClientSession>(
            uri.getHost(), uri.getPort(), new Poco::Net::Context(Poco::Net::Context::CLIENT_USE, params));
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    session->sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream &in = session->receiveResponse(response);
    Landing landing;
    landing.status = response.getStatus();
    landing.location = response.get("Location", "");
    Poco::StreamCopier::copyToString(in, landing.body);
    if (!landing.location.empty()) landing.query = query_of(landing.location);
    return landing;
}

} // namespace sso_test
