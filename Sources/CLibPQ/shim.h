#ifndef JIVOCRM_CLIBPQ_SHIM_H
#define JIVOCRM_CLIBPQ_SHIM_H
/* libpq, PostgreSQL's client library, from Debian's libpq-dev (headers in /usr/include/postgresql,
   which pkg-config's libpq entry adds to the include path). */
#include <libpq-fe.h>

#endif
