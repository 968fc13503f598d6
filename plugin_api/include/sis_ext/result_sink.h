/*
 * sis_ext/result_sink.h - extension "sis.result_sink/1": import_event with
 * the result streamed to the host in chunks, instead of one large string the
 * host copies out whole.
 *
 * Found with the table's get_extension(SIS_EXT_RESULT_SINK) (ABI 1.1); a
 * plugin without it answers NULL and the host calls import_event. The id's
 * "/1" is the extension's own version: an incompatible change gets a new id,
 * compatible ones append members (struct_size).
 */
#ifndef SIS_EXT_RESULT_SINK_H
#define SIS_EXT_RESULT_SINK_H

#include "sis_plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SIS_EXT_RESULT_SINK "sis.result_sink/1"

/* Where the host wants the result. Borrowed for the call. */
typedef struct sis_result_sink {
    uint32_t struct_size; /* eg: sizeof(sis_result_sink) */
    SIS_PAD_BEFORE_POINTER(reserved0)
    void *user_data;
    /* [calling-thread] The next piece of the result JSON (not NUL-terminated;
       bytes valid until the callback returns). Returns 0 to go on; non-zero
       stops the import with SIS_CANCELLED. */
    int32_t (*write)(void *user_data, const char *bytes, uint64_t size);
} sis_result_sink;

typedef struct sis_result_sink_ext {
    uint32_t struct_size; /* sizeof(sis_result_sink_ext) as the plugin compiled it */
    SIS_PAD_BEFORE_POINTER(reserved0)
    /* [instance] import_event, but the result goes to `sink` in chunks
       whose concatenation is the document import_event would return. On
       SIS_OK *out_json is NULL; otherwise *out_json is the error and the host
       discards what the sink received. */
    sis_status (*import_event_to_sink)(sis_instance *instance, const char *event_json,
                                       const sis_result_sink *sink, char **out_json);
} sis_result_sink_ext;

#ifdef __cplusplus
}
#endif

#endif /* SIS_EXT_RESULT_SINK_H */
