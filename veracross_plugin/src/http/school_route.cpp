#include "http/school_route.hpp"

#include "http/remote_response.hpp"

namespace veracross {

PluginError unknown_route_error(const Config &config) {
    Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
    d->set("field", "school_domain");
    d->set("school_route", config.school_route);
    return PluginError(Status::not_found, "unknown_school_route",
                       "Veracross does not know the school route '" + config.school_route +
                           "'. Check School Domain: it is the name after veracross.com/ in your "
                           "Axiom or Portals address (https://axiom.veracross.com/ROUTE/).",
                       d);
}

bool route_is_known(HttpClient &http, const Config &config) {
    HttpRequest probe;
    probe.url = config.api_base_url + "/" + config.school_route + "/v3/staff_faculty";
    probe.headers = {{"Accept", "application/json"}};
    try {
        const HttpResponse r = http.send(probe);
        return !(r.status == 404 &&
                 read_error_body(r).error.find("client is unknown") != std::string::npos);
    } catch (const PluginError &) {
        return true; // cannot tell: keep the token endpoint's own answer
    }
}

} // namespace veracross
