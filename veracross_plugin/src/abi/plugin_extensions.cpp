// The extensions the Veracross plugin offers (see plugin_extensions.hpp).
// "sis.result_sink/1": import_event with the result sent to the host in
// chunks. The roster is still built whole inside the plugin; what the sink
// saves is the one large string handed across and copied out by the host.
#include "abi/plugin_extensions.hpp"

#include "abi/guarded_call.hpp"
#include "common/plugin_error.hpp"
#include "sis_ext/result_sink.h"

#include <algorithm>
#include <cstring>

namespace veracross {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;

sis_status import_event_to_sink(sis_instance *instance, const char *event_json, const sis_result_sink *sink,
                                char **out_json) {
    return run_guarded(out_json, [&]() -> std::string {
        if (!sink || sink->struct_size < offsetof(sis_result_sink, write) + sizeof sink->write || !sink->write)
            throw HostMisuse(SIS_INVALID_ARGUMENT, "bad_sink",
                             "import_event_to_sink needs a sis_result_sink with its write callback");
        HeldInstance held(instance);
        const std::string result = held.connection().import_event(event_json ? event_json : "");
        for (std::size_t at = 0; at < result.size(); at += kChunkBytes) {
            const std::size_t n = std::min(kChunkBytes, result.size() - at);
            if (sink->write(sink->user_data, result.data() + at, n) != 0)
                throw PluginError(Status::cancelled, "sink_stopped",
                                  "Stopped: the host's result sink asked to stop.");
        }
        return {};
    });
}

const sis_result_sink_ext kResultSink = {
    sizeof(sis_result_sink_ext),
#if UINTPTR_MAX > 0xffffffffu
    0, // reserved0
#endif
    import_event_to_sink,
};

} // namespace

const void *plugin_extension(const char *id) {
    if (!id) return nullptr;
    if (std::strcmp(id, SIS_EXT_RESULT_SINK) == 0) return &kResultSink;
    return nullptr;
}

} // namespace veracross
