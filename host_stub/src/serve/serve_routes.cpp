#include "serve/serve_routes.hpp"

#include "base/json_members.hpp"
#include "import/import_safeguards.hpp"
#include "serve/serve_http.hpp"
#include "oneroster/serve_oneroster_zip.hpp"
#include "serve/serve_web_assets.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

namespace sis_cli {
namespace {

using Poco::JSON::Object;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

const char *const kCsrfField = "csrf_token";
const char *const kCsrfPlaceholder = "{{CSRF_TOKEN}}";

bool is_api(const std::string &path) { return path.rfind("/api/", 0) == 0; }

bool checked(const Poco::Net::HTMLForm &form, const char *name) {
    const std::string v = form.get(name, "");
    return v == "on" || v == "true" || v == "1";
}

Object::Ptr error_result(const std::string &message) {
    Object::Ptr o = new Object;
    o->set("error", message);
    return o;
}

} // namespace

void AdminRoutes::handleRequest(HTTPServerRequest &request, HTTPServerResponse &response) {
    const std::string path = Poco::URI(request.getURI()).getPath();
    try {
        add_page_headers(response);
        if (!host_is_ours(request, port_))
            throw PageError(421, "this server answers only to 127.0.0.1:" + std::to_string(port_) +
                                     " and localhost:" + std::to_string(port_));
        route(request, response);
    } catch (const PageError &e) {
        if (response.sent()) return;
        if (is_api(path))
            send_json_error(response, e.status(), e.what());
        else
            send_html_message(response, e.status(), "Cannot do that", e.what());
    } catch (const std::exception &e) {
        if (response.sent()) return;
        workspace_.log_line(std::string("internal error answering ") + request.getMethod() + " " + path + ": " +
                            e.what());
        const std::string message = "internal error in sis-host; the server's output says more";
        if (is_api(path))
            send_json_error(response, 500, message);
        else
            send_html_message(response, 500, "Internal error", message);
    }
}

void AdminRoutes::route(HTTPServerRequest &request, HTTPServerResponse &response) {
    const std::string path = Poco::URI(request.getURI()).getPath();
    const std::string &method = request.getMethod();
    const bool get = method == "GET" || method == "HEAD";
    const bool post = method == "POST";
    auto wrong_method = [&](const char *allowed) {
        response.set("Allow", allowed);
        throw PageError(405, std::string("use ") + allowed + " for " + path);
    };

    if (path == "/" || path == "/index.html") {
        if (!get) wrong_method("GET");
        return page(request, response);
    }
    if (const WebAsset *asset = find_web_asset(path)) {
        if (!get) wrong_method("GET");
        return send_body(response, 200, asset->content_type, asset->text());
    }
    if (path == "/api/state") {
        if (!get) wrong_method("GET");
        return send_state(response, session_of(request));
    }
    if (path == "/download/roster.json" || path == "/download/oneroster.zip" || path == "/download/readiness.csv" ||
        path == "/download/held-readiness.csv") {
        if (!get) wrong_method("GET");
        session_of(request);
        return download(path, response);
    }
    for (const char *form_path : {"/api/integration", "/api/event", "/api/cancel", "/api/sso/complete", "/sso/begin"}) {
        if (path != form_path) continue;
        if (!post) wrong_method("POST");
        Poco::Net::HTMLForm form;
        read_form(request, form);
        const std::string session = checked_post(request, form);
        if (path == "/api/integration") return post_integration(form, session, response);
        if (path == "/api/event") return post_event(form, session, response);
        if (path == "/api/sso/complete") return sso_pasted(form, session, response);
        if (path == "/sso/begin") return sso_begin(session, response);
        workspace_.cancel_job();
        return send_state(response, session);
    }
    std::string callback_path;
    try {
        callback_path = Poco::URI(workspace_.sso_redirect_url()).getPath();
    } catch (const PageError &) {
    }
    if (!callback_path.empty() && path == callback_path) {
        if (!get) wrong_method("GET");
        return sso_callback(request, response);
    }
    throw PageError(404, "nothing at " + path + " (the admin page is at /)");
}

void AdminRoutes::page(HTTPServerRequest &request, HTTPServerResponse &response) {
    std::string session = session_cookie(request, SessionStore::kCookieName);
    if (!sessions_.exists(session)) {
        session = sessions_.create();
        response.add("Set-Cookie", session_cookie_header(SessionStore::kCookieName, session));
    }
    std::string html = find_web_asset("/index.html")->text();
    const auto at = html.find(kCsrfPlaceholder);
    if (at != std::string::npos) html.replace(at, std::string(kCsrfPlaceholder).size(), sessions_.csrf_token(session));
    send_body(response, 200, "text/html; charset=utf-8", html);
}

std::string AdminRoutes::session_of(const HTTPServerRequest &request) const {
    const std::string session = session_cookie(request, SessionStore::kCookieName);
    if (!sessions_.exists(session)) throw PageError(401, "no session: open the admin page (/) first");
    return session;
}

std::string AdminRoutes::checked_post(HTTPServerRequest &request, const Poco::Net::HTMLForm &form) const {
    if (!origin_is_ours(request, port_)) throw PageError(403, "refused: the form was sent from another site");
    const std::string session = session_cookie(request, SessionStore::kCookieName);
    if (!sessions_.exists(session) || !same_token(form.get(kCsrfField, ""), sessions_.csrf_token(session)))
        throw PageError(403, "refused: the form's security token is missing or stale; reload the page and try again");
    return session;
}

void AdminRoutes::send_state(HTTPServerResponse &response, const std::string &session) {
    auto state = workspace_.state();
    const auto login = sessions_.login_result(session);
    state->set("sso", login ? Poco::Dynamic::Var(login) : Poco::Dynamic::Var());
    send_json(response, 200, *state);
}

void AdminRoutes::post_integration(const Poco::Net::HTMLForm &form, const std::string &session,
                                   HTTPServerResponse &response) {
    IntegrationForm f;
    f.school_domain = form.get("school_domain", "");
    f.client_id = form.get("client_id", "");
    f.client_secret = form.get("client_secret", "");
    f.integration_type = form.get("integration_type", "");
    workspace_.save_integration(f);
    const std::string action = form.get("action", "save");
    if (action == "connect")
        workspace_.start_connect();
    else if (action != "save")
        throw PageError(400, "action must be save or connect");
    send_state(response, session);
}

void AdminRoutes::post_event(const Poco::Net::HTMLForm &form, const std::string &session,
                             HTTPServerResponse &response) {
    const std::string mode = form.get("mode", "save");
    if (mode != "save" && mode != "test" && mode != "import" && mode != "accept")
        throw PageError(400, "mode must be save, test, import or accept");
    EventForm f;
    f.name = form.get("name", "");
    f.grading_periods = form_values(form, "grading_period");
    for (const auto &typed : comma_list(form.get("other_grading_periods", ""))) f.grading_periods.push_back(typed);
    f.school_levels = comma_list(form.get("school_levels", ""));
    f.grade_levels = comma_list(form.get("grade_levels", ""));
    f.school_year = form.get("school_year", "");
    f.include_without_portal_access = checked(form, "include_without_portal_access");
    f.include_non_custodial = checked(form, "include_non_custodial");
    f.include_advisors = checked(form, "include_advisors");
    f.split_households = checked(form, "split_households");
    workspace_.save_event(f);
    if (mode != "save") workspace_.start_import(mode == "test", mode == "accept");
    send_state(response, session);
}

void AdminRoutes::sso_begin(const std::string &session, HTTPServerResponse &response) {
    try {
        const SsoBegun begun = workspace_.sso_begin();
        sessions_.add_login(begun.state, PendingLogin{session, begun.login_context, std::chrono::steady_clock::now()});
        sessions_.set_login_result(session, nullptr);
        response.redirect(begun.authorization_url, Poco::Net::HTTPResponse::HTTP_SEE_OTHER);
    } catch (const PageError &e) {
        sessions_.set_login_result(session, error_result(e.what()));
        response.redirect("/#families", Poco::Net::HTTPResponse::HTTP_SEE_OTHER);
    }
}

// Where Veracross sends the browser back. The browser may come without the
// session cookie (SameSite=Strict: the navigation started on Veracross's
// site): the OAuth state finds the login, and the session that began it.
// The code is passed to the plugin only: never logged, never shown.
void AdminRoutes::sso_callback(HTTPServerRequest &request, HTTPServerResponse &response) {
    auto query = Object::Ptr(new Object);
    std::string state;
    for (const auto &p : Poco::URI(request.getURI()).getQueryParameters()) {
        if (p.first == "code" || p.first == "state" || p.first == "iss" || p.first == "error" ||
            p.first == "error_description")
            query->set(p.first, p.second);
        if (p.first == "state") state = p.second;
    }
    if (!query->has("code") && !query->has("error"))
        throw PageError(400, "this address is where Veracross sends a login back; it came without its answer. "
                             "Start again from the admin page: Log in with Veracross");
    const auto login = sessions_.take_login(state);
    if (!login)
        throw PageError(400, "this Veracross login is unknown, already finished or older than 10 minutes. "
                             "Start again from the admin page: Log in with Veracross");
    try {
        sessions_.set_login_result(login->session_id, workspace_.sso_complete(query, login->login_context));
    } catch (const PageError &e) {
        sessions_.set_login_result(login->session_id, error_result(e.what()));
    }
    // A page of our own, not a redirect: the next request is same-site, so
    // the browser sends the session cookie again.
    send_html_message(response, 200, "Login finished", "Back to the admin page...", "/#families");
}

// QA's way when the browser could not come back by itself: the address it
// landed on, pasted into the page.
void AdminRoutes::sso_pasted(const Poco::Net::HTMLForm &form, const std::string &session,
                             HTTPServerResponse &response) {
    Poco::URI::QueryParameters params;
    try {
        params = Poco::URI(form.get("callback_url", "")).getQueryParameters();
    } catch (const Poco::Exception &) {
        throw PageError(400, "paste the whole address the browser landed on after the Veracross login");
    }
    auto query = Object::Ptr(new Object);
    std::string state;
    for (const auto &p : params) {
        if (p.first == "code" || p.first == "state" || p.first == "iss" || p.first == "error" ||
            p.first == "error_description")
            query->set(p.first, p.second);
        if (p.first == "state") state = p.second;
    }
    if (!query->has("code") && !query->has("error"))
        throw PageError(400, "that address has neither code nor error: paste the whole address the browser "
                             "landed on after the Veracross login");
    auto login = sessions_.take_login(state);
    if (!login || login->session_id != session)
        throw PageError(400, "that address belongs to no login this page started in the last 10 minutes: "
                             "click Log in with Veracross again");
    try {
        sessions_.set_login_result(session, workspace_.sso_complete(query, login->login_context));
    } catch (const PageError &e) {
        sessions_.set_login_result(session, error_result(e.what()));
    }
    send_state(response, session);
}

void AdminRoutes::download(const std::string &what, HTTPServerResponse &response) {
    if (what == "/download/held-readiness.csv") { // what the held import would publish
        response.set("Content-Disposition", "attachment; filename=\"held-roster-readiness.csv\"");
        return send_body(response, 200, "text/csv; charset=utf-8",
                         readiness_csv(*parse_members(workspace_.held_roster_json(), {"readiness"})));
    }
    const std::string roster = workspace_.last_roster_json();
    const std::string stem = workspace_.last_roster_is_preview() ? "roster-preview" : "roster";
    if (what == "/download/roster.json") {
        response.set("Content-Disposition", "attachment; filename=\"" + stem + ".json\"");
        return send_body(response, 200, "application/json; charset=utf-8", roster);
    }
    if (what == "/download/readiness.csv") {
        response.set("Content-Disposition", "attachment; filename=\"" + stem + "-readiness.csv\"");
        return send_body(response, 200, "text/csv; charset=utf-8",
                         readiness_csv(*parse_members(roster, {"readiness"})));
    }
    std::string zip;
    try {
        zip = oneroster_zip(*Poco::JSON::Parser().parse(roster).extract<Object::Ptr>());
    } catch (const std::runtime_error &e) {
        throw PageError(500, std::string("the OneRoster export failed: ") + e.what());
    }
    response.set("Content-Disposition", "attachment; filename=\"" + stem + "-oneroster.zip\"");
    send_body(response, 200, "application/zip", zip);
}

} // namespace sis_cli
