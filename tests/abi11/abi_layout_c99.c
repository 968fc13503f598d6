/* Compiled as C99 with -Wpadded -Werror: no struct of the ABI has implicit
   padding. At run time: the 1.0 members sit where ABI 1.0 put them (LP64
   offsets of tests/abi_1_0/include/sis_plugin.h), statuses are 4 bytes. */
#include "sis_plugin.h"
#include "sis_ext/result_sink.h"

#include <stdio.h>

#define EXPECT(cond)                                                    \
    do {                                                                \
        if (!(cond)) {                                                  \
            fprintf(stderr, "layout check failed: %s\n", #cond);        \
            failures++;                                                 \
        }                                                               \
    } while (0)

int main(void) {
    int failures = 0;
    EXPECT(sizeof(sis_status) == 4);
    EXPECT(sizeof(sis_log_level) == 4);
    EXPECT(sizeof(SIS_STATUS_MAX_ENUM) == 4);
    if (sizeof(void *) == 8) {
        EXPECT(offsetof(sis_host_services, user_data) == 8);
        EXPECT(offsetof(sis_host_services, is_cancelled) == 32);
        EXPECT(SIS_HOST_SERVICES_SIZE_1_0 == 40);
        EXPECT(offsetof(sis_plugin_table, describe) == 16);
        EXPECT(offsetof(sis_plugin_table, free_string) == 72);
        EXPECT(SIS_PLUGIN_TABLE_SIZE_1_0 == 80);
        EXPECT(offsetof(sis_plugin_table, destroy_checked) == 80);
    }
    return failures == 0 ? 0 : 1;
}
