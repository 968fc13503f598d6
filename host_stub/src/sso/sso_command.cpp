#include "sso/sso_command.hpp"
#include "base/json_object.hpp"

#include "base/exit_codes.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace sis_cli {
namespace {

using Poco::JSON::Object;

// The login context lets whoever holds it finish this login: only its owner may read it.
void write_private_file(const std::string &path, const std::string &content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) throw UsageError(path + ": cannot write the login context there: " + std::strerror(errno));
    bool ok = ::fchmod(fd, 0600) == 0;
    for (std::size_t written = 0; ok && written < content.size();) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) written += static_cast<std::size_t>(n);
    }
    const std::string reason = std::strerror(errno);
    if (::close(fd) != 0 || !ok) throw UsageError(path + ": cannot write the login context: " + reason);
}

std::string read_file(const std::string &path, const std::string &what) {
    std::ifstream in(path);
    if (!in) throw UsageError(path + ": cannot read " + what);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// code, state, iss (RFC 9207), error and error_description of the URL the browser landed on.
Object::Ptr callback_query(const std::string &callback_url) {
    Poco::URI::QueryParameters params;
    try {
        params = Poco::URI(callback_url).getQueryParameters();
    } catch (const Poco::Exception &) {
        throw UsageError("--callback-url: not a URL; pass the whole address the browser landed on");
    }
    Object::Ptr query = new Object;
    for (const auto &p : params)
        if (p.first == "code" || p.first == "state" || p.first == "iss" || p.first == "error" ||
            p.first == "error_description")
            query->set(p.first, p.second);
    if (!query->has("code") && !query->has("error"))
        throw UsageError("--callback-url: it has neither code nor error; pass the whole address the browser "
                         "landed on after the Veracross login");
    return query;
}

int report_failure(const Args &args, const sis_host::CallResult &result, std::ostream &out, std::ostream &err) {
    if (args.flag("json")) out << result.json << "\n";
    err << "sso " << args.positional.at(0) << " failed (" << sis_status_name(result.status)
        << "): " << error_message(result.json) << "\n";
    return kExitStatusBase + static_cast<int>(result.status);
}

int begin(const Args &args, sis_host::Instance &instance, std::ostream &out, std::ostream &err) {
    const std::string context_file = args.required("context");
    Object request;
    request.set("action", "begin");
    request.set("redirect_url", args.required("redirect-url"));
    const auto result = instance.sso(json_text(request));
    if (!result.ok()) return report_failure(args, result, out, err);

    auto doc = parse_object(result.json);
    write_private_file(context_file, doc->getValue<std::string>("login_context"));
    doc->remove("login_context");
    doc->set("login_context_file", context_file);
    if (args.flag("json")) {
        out << json_text(*doc) << "\n";
        return kExitOk;
    }
    out << "Open this address in a browser and log in with Veracross:\n\n  "
        << doc->getValue<std::string>("authorization_url") << "\n\n"
        << "The login context is in " << context_file << " (valid for "
        << doc->getValue<int>("expires_in") / 60 << " minutes). Then pass the whole address the browser "
        << "lands on to:\n  sis-host sso complete --config " << args.option("config") << " --context "
        << context_file << " --callback-url 'ADDRESS'\n";
    return kExitOk;
}

std::string person_summary(const Object &person) {
    std::ostringstream s;
    s << "In the roster: " << person.getValue<std::string>("kind") << " " << person.getValue<std::string>("id")
      << " \"" << person.optValue<std::string>("display_name", "") << "\" (matched by "
      << person.getValue<std::string>("matched_by") << ")\n";
    if (person.getValue<bool>("may_be_booked")) s << "  may be booked (teacher of the event)\n";
    const auto teachers = person.getArray("teachers");
    if (person.getValue<bool>("may_book")) {
        s << "  may book " << teachers->size() << " teacher(s):";
        for (std::size_t i = 0; i < teachers->size(); ++i) {
            const auto t = teachers->getObject(static_cast<unsigned>(i));
            s << (i ? ", " : " ") << t->optValue<std::string>("display_name", "?") << " ("
              << t->getValue<std::string>("teacher_id") << ")";
        }
        s << "\n";
    } else if (!person.getValue<bool>("may_be_booked")) {
        s << "  may neither book nor be booked in this event\n";
    }
    return s.str();
}

int complete(const Args &args, sis_host::Instance &instance, std::ostream &out, std::ostream &err) {
    const std::string context_file = args.required("context");
    Object request;
    request.set("action", "complete");
    request.set("callback_query", callback_query(args.required("callback-url")));
    request.set("login_context", read_file(context_file, "the login context (run sso begin first)"));
    if (args.options.count("roster")) {
        const std::string roster_file = args.option("roster");
        try {
            request.set("roster", parse_object(read_file(roster_file, "the roster")));
        } catch (const std::exception &) {
            throw UsageError(roster_file + ": --roster must be a roster JSON file an import wrote");
        }
    }
    const auto result = instance.sso(json_text(request));
    if (!result.ok()) return report_failure(args, result, out, err);
    std::remove(context_file.c_str()); // a login context serves one login

    if (args.flag("json")) {
        out << result.json << "\n";
        return kExitOk;
    }
    const auto doc = parse_object(result.json);
    const auto who = doc->getObject("identity");
    std::string roles;
    for (const auto &r : *who->getArray("roles")) roles += (roles.empty() ? "" : ", ") + r.convert<std::string>();
    out << "Logged in with Veracross: " << who->getValue<std::string>("display_name")
        << (who->isNull("email") ? std::string() : " <" + who->getValue<std::string>("email") + ">") << "\n"
        << "  account " << who->getValue<std::string>("id") << ", roles: " << (roles.empty() ? "none" : roles)
        << ", checked by " << who->getValue<std::string>("verified_by") << "\n";
    if (const auto person = doc->getObject("person")) out << person_summary(*person);
    if (const auto candidates = doc->getArray("candidates")) {
        // A shared (family) email: the plugin does not guess; a real host asks the user.
        out << "Several people in the roster have this login's " << doc->optValue<std::string>("matched_by", "email")
            << " (" << candidates->size() << " candidates); ask the user which one they are:\n";
        for (std::size_t i = 0; i < candidates->size(); ++i)
            out << "  " << (i + 1) << ". " << person_summary(*candidates->getObject(static_cast<unsigned>(i)));
    }
    return kExitOk;
}

} // namespace

int run_sso_command(const Args &args, sis_host::Instance &instance, std::ostream &out, std::ostream &err) {
    const std::string action = args.positional.empty() ? std::string() : args.positional.front();
    if (args.positional.size() != 1 || (action != "begin" && action != "complete"))
        throw UsageError("sso: say begin or complete");
    return action == "begin" ? begin(args, instance, out, err) : complete(args, instance, out, err);
}

} // namespace sis_cli
