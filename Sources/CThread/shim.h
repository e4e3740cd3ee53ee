#ifndef JIVOCRM_CTHREAD_SHIM_H
#define JIVOCRM_CTHREAD_SHIM_H
// pthread_setname_np is declared only under _GNU_SOURCE, which the Glibc module is not built
// with. <pthread.h> is deliberately not included here: that would claim its declarations for
// this module and hide them from Glibc in some compilation batches (pthread_t is an unsigned
// long in glibc).
extern int pthread_setname_np(unsigned long thread, const char *name);

#endif
