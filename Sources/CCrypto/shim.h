#ifndef JIVOCRM_CCRYPTO_SHIM_H
#define JIVOCRM_CCRYPTO_SHIM_H
#include <stddef.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

/* One-shot HMAC-SHA256 through OpenSSL; returns 1 on success. */
static inline int ccrypto_hmac_sha256(
    const void *key, size_t keyLength, const void *data, size_t length, unsigned char out[32]) {
    unsigned int written = 0;
    return HMAC(EVP_sha256(), key, (int)keyLength, data, length, out, &written) != NULL && written == 32;
}

#endif
