/* Compiled as strict C99 by the build: the ABI header must stay plain C. */
#include "sis_plugin.h"

int main(void) {
    sis_plugin_table table = {0};
    sis_host_services services = {0};
    (void)services;
    table.struct_size = (uint32_t)sizeof table;
    return sis_status_name(SIS_OK)[0] == 'o' && table.struct_size > 0 ? 0 : 1;
}
