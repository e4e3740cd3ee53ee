#ifndef JIVOCRM_CEPOLL_SHIM_H
#define JIVOCRM_CEPOLL_SHIM_H
// epoll and eventfd, which the Swift Glibc module does not export.
#include <sys/epoll.h>
#include <sys/eventfd.h>

// accept4 is declared only under _GNU_SOURCE, which the Glibc module is not built with.
// <sys/socket.h> is deliberately not included here: that would claim its declarations for this
// module and hide them from Glibc in some compilation batches.
struct sockaddr;
extern int accept4(int fd, struct sockaddr *address, unsigned int *length, int flags);

#endif
