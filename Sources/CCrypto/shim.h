#ifndef JIVOCRM_CCRYPTO_SHIM_H
#define JIVOCRM_CCRYPTO_SHIM_H
#include <stddef.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

/* One-shot HMAC-SHA256 through OpenSSL; returns 1 on success. */
static inline int ccrypto_hmac_sha256(
    const void *key, size_t keyLength, const void *data, size_t length, unsigned char out[32]) {
    unsigned int written = 0;
    return HMAC(EVP_sha256(), key, (int)keyLength, data, length, out, &written) != NULL && written == 32;
}

/* An HMAC-SHA256 context keyed with `key`, to authenticate many messages with
   ccrypto_hmac_sha256_keyed (each on a copy, so the keyed context stays as it is); free it with
   EVP_MAC_CTX_free. NULL on failure. */
static inline EVP_MAC_CTX *ccrypto_hmac_sha256_new(const void *key, size_t keyLength) {
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (mac == NULL) return NULL;
    EVP_MAC_CTX *context = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);
    if (context == NULL) return NULL;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string("digest", (char *)"SHA256", 0), OSSL_PARAM_construct_end()};
    if (EVP_MAC_init(context, key, keyLength, params) != 1) {
        EVP_MAC_CTX_free(context);
        return NULL;
    }
    return context;
}

/* HMAC-SHA256 of `data` under the keyed context `keyed` (from ccrypto_hmac_sha256_new, left as
   it is); returns 1 on success. */
static inline int ccrypto_hmac_sha256_keyed(
    const EVP_MAC_CTX *keyed, const void *data, size_t length, unsigned char out[32]) {
    EVP_MAC_CTX *context = EVP_MAC_CTX_dup(keyed);
    if (context == NULL) return 0;
    size_t written = 0;
    int ok = EVP_MAC_update(context, data, length) == 1 && EVP_MAC_final(context, out, &written, 32) == 1
        && written == 32;
    EVP_MAC_CTX_free(context);
    return ok;
}

#endif
