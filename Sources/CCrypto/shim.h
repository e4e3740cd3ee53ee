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

/* An HMAC-SHA256 context keyed with `key`, to authenticate many messages in turn with
   ccrypto_hmac_sha256_keyed; free it with EVP_MAC_CTX_free. NULL on failure. */
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

/* HMAC-SHA256 of `data` under the key `keyed` was made with (ccrypto_hmac_sha256_new): the
   context is initialised again first, with no key given, which OpenSSL's HMAC takes as the key
   it holds (its padded digests, kept in the context), so each message costs no copy of the
   context and no digest of the key. Returns 1 on success. */
static inline int ccrypto_hmac_sha256_keyed(
    EVP_MAC_CTX *keyed, const void *data, size_t length, unsigned char out[32]) {
    size_t written = 0;
    return EVP_MAC_init(keyed, NULL, 0, NULL) == 1 && EVP_MAC_update(keyed, data, length) == 1
        && EVP_MAC_final(keyed, out, &written, 32) == 1 && written == 32;
}

#endif
