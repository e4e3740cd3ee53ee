#ifndef JIVOCRM_CCRYPTO_SHIM_H
#define JIVOCRM_CCRYPTO_SHIM_H
#include <stddef.h>
#include <openssl/evp.h>

/* One-shot SHA-256 through OpenSSL's EVP interface; returns 1 on success. */
static inline int ccrypto_sha256(const void *data, size_t length, unsigned char out[32]) {
    unsigned int written = 0;
    return EVP_Digest(data, length, out, &written, EVP_sha256(), NULL) == 1 && written == 32;
}

#endif
