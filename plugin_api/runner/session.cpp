#include "session.hpp"

#include <sys/socket.h>

#include <thread>

namespace sis_runner {

namespace proto = sis_host::runner;
using proto::Kind;

void report_load_failure(int fd, const std::string &message) {
    proto::Message m(Kind::load_failed);
    m.text(message);
    (void)proto::send_frame(fd, m);
}

Session::Session(int fd, std::shared_ptr<const sis_host::Plugin> plugin) : fd_(fd), plugin_(std::move(plugin)) {}

int Session::run() {
    const sis_host::CallResult described = plugin_->describe();
    proto::Message loaded(Kind::loaded);
    loaded.number(plugin_->abi_major())
        .number(plugin_->abi_minor())
        .number((plugin_->has_destroy_checked() ? proto::kTableDestroyChecked : 0) |
                (plugin_->has_cancel() ? proto::kTableCancel : 0))
        .number(static_cast<std::uint64_t>(described.status))
        .text(described.json);
    send(loaded);

    std::thread reader(&Session::read_messages, this);
    std::string body;
    try {
        while (next(body)) {
            proto::Reader message(body);
            if (!serve(message)) break;
        }
    } catch (const proto::ProtocolError &) {
        // A host that breaks the protocol gets no more answers: end as at the end of the stream.
    }
    {
        std::lock_guard<std::mutex> lock(instance_mutex_);
        instance_.reset();
    }
    ::shutdown(fd_, SHUT_RDWR); // wakes the reader
    reader.join();
    return 0;
}

void Session::read_messages() {
    std::string body;
    for (;;) {
        bool more = false;
        try {
            more = proto::read_frame(fd_, body);
            if (more) {
                proto::Reader message(body);
                if (message.kind() == Kind::cancel) {
                    cancel(message.number());
                    continue;
                }
            }
        } catch (const proto::ProtocolError &) {
            more = false;
        }
        std::lock_guard<std::mutex> lock(queue_mutex_);
        if (!more) {
            // The host is gone: nobody waits for the call running, stop it.
            host_gone_ = true;
            queue_ended_ = true;
            queue_changed_.notify_one();
            cancel(0);
            return;
        }
        queue_.push_back(std::move(body));
        queue_changed_.notify_one();
    }
}

void Session::cancel(std::uint64_t seq) {
    if (seq != 0) {
        stopped_ = seq; // the host's is_cancelled said stop: on_cancelled says so for that call
        return;
    }
    std::lock_guard<std::mutex> lock(instance_mutex_);
    if (instance_) (void)instance_->cancel();
}

bool Session::next(std::string &body) {
    std::unique_lock<std::mutex> lock(queue_mutex_);
    queue_changed_.wait(lock, [&] { return !queue_.empty() || queue_ended_; });
    if (queue_.empty()) return false;
    body = std::move(queue_.front());
    queue_.pop_front();
    return true;
}

bool Session::serve(proto::Reader &message) {
    const Kind kind = message.kind();
    const std::uint64_t seq = message.number();
    if (kind == Kind::destroy) {
        {
            std::lock_guard<std::mutex> lock(instance_mutex_);
            instance_.reset();
        }
        answer(seq, {SIS_OK, ""});
        return false;
    }
    running_ = seq;
    const sis_host::CallResult result = call(seq, kind, message);
    running_ = 0;
    answer(seq, result);
    return true;
}

sis_host::CallResult Session::call(std::uint64_t seq, Kind kind, proto::Reader &message) {
    (void)seq;
    if (kind == Kind::create) {
        const std::string config = message.text();
        const std::uint64_t flags = message.number();
        if (instance_)
            return {SIS_INVALID_ARGUMENT, sis_host::host_error_json(SIS_INVALID_ARGUMENT, "runner_has_instance",
                                                                    "this runner already holds an instance")};
        services_ = sis_host_services{};
        services_.struct_size = sizeof services_;
        services_.user_data = this;
        services_.abi_major = SIS_ABI_MAJOR;
        services_.abi_minor = SIS_ABI_MINOR;
        if (flags & proto::kHasLog) services_.log = &Session::on_log;
        if (flags & proto::kHasProgress) services_.progress = &Session::on_progress;
        if (flags & proto::kHasIsCancelled) services_.is_cancelled = &Session::on_cancelled;
        sis_host::CallResult error;
        auto made = sis_host::Instance::create(plugin_, config, (flags & proto::kHasServices) ? &services_ : nullptr,
                                               error);
        std::lock_guard<std::mutex> lock(instance_mutex_);
        instance_ = std::move(made);
        return error;
    }
    if (!instance_)
        return {SIS_INVALID_ARGUMENT, sis_host::host_error_json(SIS_INVALID_ARGUMENT, "no_instance",
                                                                "no instance in this runner: create one first")};
    switch (kind) {
    case Kind::connect: return instance_->connect();
    case Kind::list_scopes: return instance_->list_scopes(message.text());
    case Kind::import_event: return instance_->import_event(message.text());
    case Kind::sso: return instance_->sso(message.text());
    default: throw proto::ProtocolError("not a call");
    }
}

void Session::answer(std::uint64_t seq, const sis_host::CallResult &result) {
    proto::Message m(Kind::result);
    m.number(seq).number(static_cast<std::uint64_t>(static_cast<std::uint32_t>(result.status))).text(result.json);
    send(m);
}

void Session::send(proto::Message &message) {
    std::lock_guard<std::mutex> lock(write_mutex_);
    (void)proto::send_frame(fd_, message); // a host that is gone reads nothing more
}

void Session::on_log(void *self, sis_log_level level, const char *message) {
    proto::Message m(Kind::log);
    m.number(static_cast<std::uint64_t>(static_cast<std::uint32_t>(level))).text(message ? message : "");
    static_cast<Session *>(self)->send(m);
}

void Session::on_progress(void *self, const char *stage, std::uint64_t done, std::uint64_t total) {
    proto::Message m(Kind::progress);
    m.text(stage ? stage : "").number(done).number(total);
    static_cast<Session *>(self)->send(m);
}

int Session::on_cancelled(void *self) {
    auto *s = static_cast<Session *>(self);
    const std::uint64_t running = s->running_;
    return s->host_gone_ || (running != 0 && s->stopped_ == running) ? 1 : 0;
}

} // namespace sis_runner
