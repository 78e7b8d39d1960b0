/*
 * C tests of the zkcomply C API: round trips, every kind of bad input, wrong and freed
 * handles, the witness errors, tampered proofs, and concurrent verification with one
 * verifying key. Run by ffi/tests/run.sh (also under valgrind).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkcomply.h"

static int failures = 0;
static int checks = 0;

#define EXPECT(cond)                                                  \
  do {                                                                \
    checks++;                                                         \
    if (!(cond)) {                                                    \
      failures++;                                                     \
      fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                 \
  } while (0)

#define EXPECT_STATUS(call, want)                                                  \
  do {                                                                             \
    ZkcStatus got_ = (call);                                                       \
    checks++;                                                                      \
    if (got_ != (want)) {                                                          \
      char msg_[512];                                                              \
      zkc_last_error(msg_, sizeof msg_, NULL);                                     \
      failures++;                                                                  \
      fprintf(stderr, "%s:%d: FAILED: %s\n  got %s, want %s (%s)\n", __FILE__,     \
              __LINE__, #call, zkc_status_name(got_), zkc_status_name(want), msg_); \
    }                                                                              \
  } while (0)

#define OK(call) EXPECT_STATUS(call, ZKC_STATUS_OK)

static const char *MODULUS =
    "21888242871839275222246405745257275088548364400416034343698204186575808495617";
static const char *LISTED = "0x8589427373D6D84E98730D7795D8f6f8731FDA16";
static const char *ME = "0x000000000000000000000000000000000000dEaD";
static const char *LIST =
    "# test list\n"
    "0x8589427373D6D84E98730D7795D8f6f8731FDA16\n"
    "\n"
    "  0x722122dF12D4e14e13Ac3b6895a86e84145b6967  \n";
static const char *REQUEST =
    "{\"amount\": 900, \"limit\": 1000, \"blinding\": \"12345\", \"scope\": \"1\", "
    "\"context\": \"0x2a\"}";

#define U8(s) ((const uint8_t *)(s))

/* A copy of `json` (NUL-terminated) with the string value of `"key"` replaced. */
static char *replace_value(const char *json, const char *key, const char *value) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\": \"", key);
  const char *start = strstr(json, pattern);
  if (!start) return NULL;
  start += strlen(pattern);
  const char *end = strchr(start, '"');
  size_t n = (size_t)(start - json) + strlen(value) + strlen(end) + 1;
  char *out = malloc(n);
  memcpy(out, json, (size_t)(start - json));
  strcpy(out + (start - json), value);
  strcat(out, end);
  return out;
}

static char *copy_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *out = malloc(n);
  memcpy(out, s, n);
  return out;
}

static void test_version_and_status_names(void) {
  EXPECT(zkc_version() != NULL && strlen(zkc_version()) > 0);
  EXPECT(strcmp(zkc_status_name(ZKC_STATUS_OK), "ZKC_STATUS_OK") == 0);
  EXPECT(strcmp(zkc_status_name(ZKC_STATUS_SANCTIONED), "ZKC_STATUS_SANCTIONED") == 0);
  EXPECT(strcmp(zkc_status_name(9999), "ZKC_STATUS_UNKNOWN") == 0);
}

static void test_last_error(void) {
  const ZkcRegistry *r = NULL;
  EXPECT_STATUS(zkc_registry_new(0, &r), ZKC_STATUS_INVALID_ARGUMENT);
  EXPECT(r == NULL);
  size_t len = zkc_last_error_len();
  EXPECT(len > 10);
  size_t written = 12345;
  /* cap 0: nothing written, out may be NULL, written = 0 */
  EXPECT_STATUS(zkc_last_error(NULL, 0, &written), ZKC_STATUS_BUFFER_TOO_SMALL);
  EXPECT(written == 0);
  char one[1] = {'x'};
  EXPECT_STATUS(zkc_last_error(one, 0, &written), ZKC_STATUS_BUFFER_TOO_SMALL);
  EXPECT(one[0] == 'x');
  /* cap 1: only the NUL */
  EXPECT_STATUS(zkc_last_error(one, 1, &written), ZKC_STATUS_BUFFER_TOO_SMALL);
  EXPECT(one[0] == '\0' && written == 0);
  /* NULL out with a capacity */
  EXPECT_STATUS(zkc_last_error(NULL, 8, &written), ZKC_STATUS_NULL_PARAMETER);
  char small[5];
  EXPECT_STATUS(zkc_last_error(small, sizeof small, &written), ZKC_STATUS_BUFFER_TOO_SMALL);
  EXPECT(written == 4 && strlen(small) == 4);
  char *full = malloc(len + 1);
  EXPECT_STATUS(zkc_last_error(full, len + 1, &written), ZKC_STATUS_OK);
  EXPECT(written == len && strlen(full) == len && strstr(full, "depth") != NULL);
  EXPECT_STATUS(zkc_last_error(full, len + 1, NULL), ZKC_STATUS_OK);
  free(full);
  /* a success clears it */
  OK(zkc_registry_new(2, &r));
  EXPECT(zkc_last_error_len() == 0);
  EXPECT_STATUS(zkc_last_error(NULL, 0, NULL), ZKC_STATUS_OK);
  OK(zkc_registry_free(r));
}

static void test_tree(void) {
  const ZkcSanctionsTree *tree = NULL;
  OK(zkc_tree_build(U8(LIST), strlen(LIST), 4, &tree));
  EXPECT(tree != NULL);

  /* NULL pointers, zero lengths, bad depths, bad lines */
  const ZkcSanctionsTree *t2 = (const ZkcSanctionsTree *)0x1;
  EXPECT_STATUS(zkc_tree_build(NULL, 0, 4, &t2), ZKC_STATUS_NULL_PARAMETER);
  EXPECT(t2 == NULL);
  EXPECT_STATUS(zkc_tree_build(U8(LIST), strlen(LIST), 4, NULL), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_tree_build(U8(LIST), strlen(LIST), 0, &t2), ZKC_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(zkc_tree_build(U8(LIST), strlen(LIST), 41, &t2), ZKC_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(zkc_tree_build(U8("0x1234\n"), 7, 4, &t2), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_tree_build(U8("\xff\xfe"), 2, 4, &t2), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_tree_build(U8(LIST), strlen(LIST), 1, &t2), ZKC_STATUS_TREE_FULL);
  OK(zkc_tree_build(U8(""), 0, 4, &t2)); /* an empty list is fine */
  OK(zkc_tree_free(t2));

  /* roots */
  uint8_t root[32];
  OK(zkc_tree_root(tree, root));
  EXPECT_STATUS(zkc_tree_root(tree, NULL), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_tree_root(NULL, root), ZKC_STATUS_NULL_PARAMETER);
  const ZkcBuffer *hex = NULL;
  OK(zkc_tree_root_hex(tree, &hex));
  EXPECT(hex->len == 66 && hex->data[0] == '0' && hex->data[1] == 'x' && hex->data[66] == 0);
  char expect[67] = "0x";
  for (int i = 0; i < 32; i++) snprintf(expect + 2 + 2 * i, 3, "%02x", root[i]);
  EXPECT(strcmp((const char *)hex->data, expect) == 0);
  OK(zkc_buffer_free(hex));

  /* lookups */
  bool listed = false;
  OK(zkc_tree_is_listed(tree, LISTED, &listed));
  EXPECT(listed);
  OK(zkc_tree_is_listed(tree, ME, &listed));
  EXPECT(!listed);
  EXPECT_STATUS(zkc_tree_is_listed(tree, NULL, &listed), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_tree_is_listed(tree, ME, NULL), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_tree_is_listed(tree, "0xnothex", &listed), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_tree_is_listed(tree, "", &listed), ZKC_STATUS_MALFORMED_INPUT);

  /* snapshots in both forms, and broken ones */
  for (int json = 0; json <= 1; json++) {
    const ZkcBuffer *snap = NULL;
    OK(zkc_tree_snapshot(tree, json, &snap));
    const ZkcSanctionsTree *loaded = NULL;
    OK(zkc_tree_load(snap->data, snap->len, &loaded));
    uint8_t root2[32];
    OK(zkc_tree_root(loaded, root2));
    EXPECT(memcmp(root, root2, 32) == 0);
    OK(zkc_tree_free(loaded));
    EXPECT_STATUS(zkc_tree_load(snap->data, snap->len / 2, &loaded), ZKC_STATUS_MALFORMED_INPUT);
    EXPECT(loaded == NULL);
    EXPECT_STATUS(zkc_tree_load(snap->data, snap->len - 1, &loaded), ZKC_STATUS_MALFORMED_INPUT);
    EXPECT_STATUS(zkc_tree_load(snap->data, 0, &loaded), ZKC_STATUS_MALFORMED_INPUT);
    /* a changed byte in the middle: wrong root, bad hash or bad JSON */
    uint8_t *copy = malloc(snap->len);
    memcpy(copy, snap->data, snap->len);
    copy[snap->len - 3] ^= 0x01;
    EXPECT_STATUS(zkc_tree_load(copy, snap->len, &loaded), ZKC_STATUS_MALFORMED_INPUT);
    free(copy);
    OK(zkc_buffer_free(snap));
  }
  EXPECT_STATUS(zkc_tree_load(U8("garbage garbage garbage"), 23, &t2), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_tree_load(U8("{\"format\":"), 10, &t2), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_tree_load(NULL, 10, &t2), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_tree_snapshot(tree, true, NULL), ZKC_STATUS_NULL_PARAMETER);

  /* frees: NULL is fine, double free and wrong type are detected */
  OK(zkc_tree_free(NULL));
  EXPECT_STATUS(zkc_verifying_key_free((const ZkcVerifyingKey *)tree), ZKC_STATUS_WRONG_HANDLE);
  EXPECT_STATUS(zkc_buffer_free((const ZkcBuffer *)tree), ZKC_STATUS_WRONG_HANDLE);
  OK(zkc_tree_free(tree));
  EXPECT_STATUS(zkc_tree_free(tree), ZKC_STATUS_WRONG_HANDLE);
  EXPECT_STATUS(zkc_tree_is_listed(tree, ME, &listed), ZKC_STATUS_WRONG_HANDLE);
  int on_stack = 0;
  EXPECT_STATUS(zkc_tree_free((const ZkcSanctionsTree *)&on_stack), ZKC_STATUS_WRONG_HANDLE);
}

/* A registration request signed by the account 0x7099…79C8 (its key is Hardhat's public
   test account #1) with `zkcomply identity new --sign-with`, for registry "kyc.test" on
   chain 1. */
#define SIGNED_PK "0x164bce4a8c2c470006cb4852ce7fca6de746580f144fc3a0738ea07248de16ab"
#define SIGNED_ADDRESS "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
#define SIGNED_SIGNATURE                                                   \
  "0x6d6964e025038948428b8d5a199896443e1755ab61ade601ca3c311f82790e3862f53b31a1ca7e0a8cbe02b6cf" \
  "28c196b9ad1b49d38593a8ddcb0c76a0ae3cf61b"
#define SIGNED_REQUEST(address, pk, registry, chain)                                  \
  "{\"format\": \"zkcomply-registration/1\", \"address\": \"" address "\", \"public_key\": \"" pk \
  "\", \"registry\": \"" registry "\", \"chain_id\": " chain ", \"signature\": \"" SIGNED_SIGNATURE "\"}"

static void test_registration(void) {
  const ZkcBuffer *msg = NULL;
  OK(zkc_registration_message(SIGNED_ADDRESS, SIGNED_PK, "kyc.test", 1, &msg));
  EXPECT(strcmp((const char *)msg->data,
                "zkcomply registration\nregistry: kyc.test\nchain: 1\naccount: " SIGNED_ADDRESS
                "\npublic key: " SIGNED_PK) == 0);
  OK(zkc_buffer_free(msg));
  EXPECT_STATUS(zkc_registration_message("bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6", SIGNED_PK, "kyc.test", 1, &msg),
                ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_registration_message(SIGNED_ADDRESS, SIGNED_PK, "", 1, &msg), ZKC_STATUS_REGISTRATION_REFUSED);
  EXPECT_STATUS(zkc_registration_message(SIGNED_ADDRESS, MODULUS, "kyc.test", 1, &msg), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_registration_message(NULL, SIGNED_PK, "kyc.test", 1, &msg), ZKC_STATUS_NULL_PARAMETER);

  const char *good = SIGNED_REQUEST(SIGNED_ADDRESS, SIGNED_PK, "kyc.test", "1");
  const ZkcBuffer *c = NULL;
  OK(zkc_registration_verify(U8(good), strlen(good), "kyc.test", 1, &c));
  EXPECT(c->len == 66 && strncmp((const char *)c->data, "0x", 2) == 0);
  OK(zkc_buffer_free(c));
  /* The operator of another registry or chain refuses it. */
  EXPECT_STATUS(zkc_registration_verify(U8(good), strlen(good), "kyc.other", 1, &c), ZKC_STATUS_REGISTRATION_REFUSED);
  EXPECT_STATUS(zkc_registration_verify(U8(good), strlen(good), "kyc.test", 5, &c), ZKC_STATUS_REGISTRATION_REFUSED);
  /* The same signature for another account, public key, registry or chain is refused. */
  const char *other[] = {
      SIGNED_REQUEST("0x000000000000000000000000000000000000dEaD", SIGNED_PK, "kyc.test", "1"),
      SIGNED_REQUEST(SIGNED_ADDRESS, "0x01", "kyc.test", "1"),
      SIGNED_REQUEST(SIGNED_ADDRESS, SIGNED_PK, "kyc.other", "1"),
      SIGNED_REQUEST(SIGNED_ADDRESS, SIGNED_PK, "kyc.test", "5"),
  };
  const char *registries[] = {"kyc.test", "kyc.test", "kyc.other", "kyc.test"};
  const uint64_t chains[] = {1, 1, 1, 5};
  for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
    EXPECT_STATUS(zkc_registration_verify(U8(other[i]), strlen(other[i]), registries[i], chains[i], &c),
                  ZKC_STATUS_REGISTRATION_REFUSED);
    EXPECT(c == NULL);
  }
  EXPECT_STATUS(zkc_registration_verify(U8("{}"), 2, "kyc.test", 1, &c), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_registration_verify(U8(good), strlen(good) - 3, "kyc.test", 1, &c), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_registration_verify(U8(good), strlen(good), NULL, 1, &c), ZKC_STATUS_NULL_PARAMETER);
}

static void test_registry_and_identity(void) {
  const ZkcRegistry *reg = NULL;
  OK(zkc_registry_new(4, &reg));
  OK(zkc_registry_free(reg));
  EXPECT_STATUS(zkc_registry_new(4, NULL), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_registry_new(99, &reg), ZKC_STATUS_INVALID_ARGUMENT);
  OK(zkc_registry_new(4, &reg));

  const ZkcBuffer *id = NULL;
  OK(zkc_identity_new(ME, &id));
  EXPECT(id->data[id->len] == 0 && strstr((const char *)id->data, "zkcomply-identity/2"));
  OK(zkc_buffer_free(id));
  EXPECT_STATUS(zkc_identity_new(NULL, &id), ZKC_STATUS_NULL_PARAMETER);
  EXPECT(id == NULL);
  OK(zkc_identity_new(ME, &id));
  OK(zkc_buffer_free(id));
  EXPECT_STATUS(zkc_identity_new("not an address", &id), ZKC_STATUS_MALFORMED_INPUT);
  OK(zkc_identity_new(ME, &id));
  const ZkcBuffer *c = NULL;
  OK(zkc_identity_commitment(id->data, id->len, &c));
  OK(zkc_buffer_free(c));
  EXPECT_STATUS(zkc_identity_commitment(id->data, id->len - 5, &c), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_identity_commitment(U8("{}"), 2, &c), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_identity_commitment(NULL, 2, &c), ZKC_STATUS_NULL_PARAMETER);
  OK(zkc_identity_commitment(id->data, id->len, &c));
  const ZkcBuffer *pk = NULL;
  OK(zkc_identity_public_key(id->data, id->len, &pk));
  EXPECT(pk->len == 66 && strcmp((const char *)pk->data, (const char *)c->data) != 0);
  OK(zkc_buffer_free(pk));
  EXPECT_STATUS(zkc_identity_public_key(U8("{}"), 2, &pk), ZKC_STATUS_MALFORMED_INPUT);

  uint64_t index = 99;
  OK(zkc_registry_insert(reg, (const char *)c->data, &index));
  EXPECT(index == 0);
  OK(zkc_registry_insert(reg, "12345", NULL));
  EXPECT_STATUS(zkc_registry_insert(reg, NULL, &index), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_registry_insert(reg, "0xzz", &index), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_registry_insert(reg, MODULUS, &index), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_registry_insert(NULL, "1", &index), ZKC_STATUS_NULL_PARAMETER);

  /* full registry */
  const ZkcRegistry *tiny = NULL;
  OK(zkc_registry_new(1, &tiny));
  OK(zkc_registry_insert(tiny, "1", NULL));
  OK(zkc_registry_insert(tiny, "2", NULL));
  EXPECT_STATUS(zkc_registry_insert(tiny, "3", NULL), ZKC_STATUS_TREE_FULL);
  OK(zkc_registry_free(tiny));

  /* JSON round trip */
  const ZkcBuffer *json = NULL;
  OK(zkc_registry_to_json(reg, &json));
  const ZkcRegistry *loaded = NULL;
  OK(zkc_registry_load_json(json->data, json->len, &loaded));
  uint8_t r1[32], r2[32];
  OK(zkc_registry_root(reg, r1));
  OK(zkc_registry_root(loaded, r2));
  EXPECT(memcmp(r1, r2, 32) == 0);
  EXPECT_STATUS(zkc_registry_root(reg, NULL), ZKC_STATUS_NULL_PARAMETER);
  const ZkcBuffer *hex = NULL;
  OK(zkc_registry_root_hex(loaded, &hex));
  EXPECT(hex->len == 66);
  OK(zkc_buffer_free(hex));
  OK(zkc_registry_free(loaded));
  EXPECT_STATUS(zkc_registry_load_json(json->data, json->len - 2, &loaded), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT(loaded == NULL);
  EXPECT_STATUS(zkc_registry_load_json(U8("[1,2]"), 5, &loaded), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_registry_load_json(U8(""), 0, &loaded), ZKC_STATUS_MALFORMED_INPUT);
  OK(zkc_buffer_free(json));

  /* buffers: double free detected */
  OK(zkc_buffer_free(c));
  EXPECT_STATUS(zkc_buffer_free(c), ZKC_STATUS_WRONG_HANDLE);
  OK(zkc_buffer_free(NULL));
  OK(zkc_buffer_free(id));
  OK(zkc_registry_free(reg));
  OK(zkc_registry_free(NULL));
  EXPECT_STATUS(zkc_registry_free(reg), ZKC_STATUS_WRONG_HANDLE);
  /* freeing a registry with another type's free leaves it alive */
  const ZkcRegistry *other = NULL;
  OK(zkc_registry_new(2, &other));
  EXPECT_STATUS(zkc_tree_free((const ZkcSanctionsTree *)other), ZKC_STATUS_WRONG_HANDLE);
  EXPECT_STATUS(zkc_prover_free((const ZkcProver *)other), ZKC_STATUS_WRONG_HANDLE);
  EXPECT_STATUS(zkc_proof_free((const ZkcProof *)other), ZKC_STATUS_WRONG_HANDLE);
  OK(zkc_registry_insert(other, "7", NULL));
  OK(zkc_registry_free(other));
}

/* Shared by the proving, verification and thread tests. */
static const ZkcProver *prover;
static const ZkcVerifyingKey *vk;
static const ZkcSanctionsTree *tree;
static const ZkcRegistry *registry;
static const ZkcBuffer *identity;
static const ZkcBuffer *proof;
static char *tampered;

static void test_keys(void) {
  const ZkcProver *p = NULL;
  EXPECT_STATUS(zkc_setup_dev("nope", 4, 4, 4, 1, &p), ZKC_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(zkc_setup_dev(NULL, 4, 4, 4, 1, &p), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_setup_dev("compliance", 0, 4, 4, 1, &p), ZKC_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(zkc_setup_dev("compliance", 4, 1000, 4, 1, &p), ZKC_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(zkc_setup_dev("compliance", 4, 4, 4, 1, NULL), ZKC_STATUS_NULL_PARAMETER);
  EXPECT(p == NULL);

  OK(zkc_setup_dev("compliance", 4, 4, 4, 1, &prover));
  OK(zkc_verifying_key_from_proving_key(prover, &vk));
  OK(zkc_verifying_key_free(vk));
  EXPECT_STATUS(zkc_verifying_key_from_proving_key(prover, NULL), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_verifying_key_from_proving_key(NULL, &vk), ZKC_STATUS_NULL_PARAMETER);
  EXPECT(vk == NULL);
  OK(zkc_verifying_key_from_proving_key(prover, &vk));

  /* proving key: round trip, truncated, garbage, zero length, a vk in its place */
  const ZkcBuffer *pk_bytes = NULL;
  OK(zkc_proving_key_to_bytes(prover, &pk_bytes));
  OK(zkc_proving_key_load(pk_bytes->data, pk_bytes->len, &p));
  const ZkcBuffer *pk_bytes2 = NULL;
  OK(zkc_proving_key_to_bytes(p, &pk_bytes2));
  EXPECT(pk_bytes->len == pk_bytes2->len && memcmp(pk_bytes->data, pk_bytes2->data, pk_bytes->len) == 0);
  OK(zkc_buffer_free(pk_bytes2));
  OK(zkc_prover_free(p));
  EXPECT_STATUS(zkc_proving_key_load(pk_bytes->data, pk_bytes->len - 1, &p), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_proving_key_load(pk_bytes->data, 10, &p), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_proving_key_load(pk_bytes->data, 0, &p), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_proving_key_load(NULL, 0, &p), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_proving_key_load(U8("garbage bytes that are no key"), 29, &p), ZKC_STATUS_MALFORMED_INPUT);
  uint8_t *flipped = malloc(pk_bytes->len);
  memcpy(flipped, pk_bytes->data, pk_bytes->len);
  flipped[pk_bytes->len - 7] ^= 0x40;
  EXPECT_STATUS(zkc_proving_key_load(flipped, pk_bytes->len, &p), ZKC_STATUS_MALFORMED_INPUT);
  free(flipped);
  EXPECT(p == NULL);

  /* verifying key: round trip, truncated, garbage, flipped, a pk in its place */
  const ZkcBuffer *vk_bytes = NULL;
  OK(zkc_verifying_key_to_bytes(vk, &vk_bytes));
  const ZkcVerifyingKey *v = NULL;
  OK(zkc_verifying_key_load(vk_bytes->data, vk_bytes->len, &v));
  const ZkcBuffer *vk_bytes2 = NULL;
  OK(zkc_verifying_key_to_bytes(v, &vk_bytes2));
  EXPECT(vk_bytes->len == vk_bytes2->len && memcmp(vk_bytes->data, vk_bytes2->data, vk_bytes->len) == 0);
  OK(zkc_buffer_free(vk_bytes2));
  OK(zkc_verifying_key_free(v));
  EXPECT_STATUS(zkc_verifying_key_free(v), ZKC_STATUS_WRONG_HANDLE);
  for (size_t cut = 0; cut < vk_bytes->len; cut += vk_bytes->len / 7 + 1) {
    EXPECT_STATUS(zkc_verifying_key_load(vk_bytes->data, cut, &v), ZKC_STATUS_MALFORMED_INPUT);
  }
  EXPECT_STATUS(zkc_verifying_key_load(vk_bytes->data, vk_bytes->len - 1, &v), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_verifying_key_load(pk_bytes->data, pk_bytes->len, &v), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_proving_key_load(vk_bytes->data, vk_bytes->len, &p), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_verifying_key_load(NULL, 5, &v), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_verifying_key_load(vk_bytes->data, vk_bytes->len, NULL), ZKC_STATUS_NULL_PARAMETER);
  flipped = malloc(vk_bytes->len);
  memcpy(flipped, vk_bytes->data, vk_bytes->len);
  flipped[vk_bytes->len - 3] ^= 0x01;
  EXPECT_STATUS(zkc_verifying_key_load(flipped, vk_bytes->len, &v), ZKC_STATUS_MALFORMED_INPUT);
  free(flipped);
  EXPECT_STATUS(zkc_verifying_key_to_bytes((const ZkcVerifyingKey *)prover, &vk_bytes2), ZKC_STATUS_WRONG_HANDLE);
  EXPECT_STATUS(zkc_proving_key_to_bytes((const ZkcProver *)vk, &pk_bytes2), ZKC_STATUS_WRONG_HANDLE);
  OK(zkc_buffer_free(vk_bytes));
  OK(zkc_buffer_free(pk_bytes));
}

static ZkcStatus prove(const ZkcBuffer *id, const ZkcSanctionsTree *t, const ZkcRegistry *r,
                       const char *request, const ZkcBuffer **out) {
  return zkc_prove(prover, id->data, id->len, t, r, U8(request), strlen(request), out);
}

static void test_prove(void) {
  OK(zkc_tree_build(U8(LIST), strlen(LIST), 4, &tree));
  OK(zkc_registry_new(4, &registry));
  OK(zkc_identity_new(ME, &identity));
  const ZkcBuffer *c = NULL;
  OK(zkc_identity_commitment(identity->data, identity->len, &c));
  OK(zkc_registry_insert(registry, (const char *)c->data, NULL));
  OK(zkc_buffer_free(c));

  OK(prove(identity, tree, registry, REQUEST, &proof));
  EXPECT(proof != NULL && strstr((const char *)proof->data, "zkcomply-proof/1"));

  /* a prover with precomputed bases makes proofs that verify, and refuses the same input */
  {
    const ZkcBuffer *pk_bytes = NULL;
    const ZkcProver *fast = NULL;
    const ZkcBuffer *fast_proof = NULL;
    bool accepted = false;
    OK(zkc_proving_key_to_bytes(prover, &pk_bytes));
    EXPECT_STATUS(zkc_proving_key_load_precomputed(pk_bytes->data, pk_bytes->len - 1, &fast),
                  ZKC_STATUS_MALFORMED_INPUT);
    EXPECT_STATUS(zkc_proving_key_load_precomputed(NULL, 0, &fast), ZKC_STATUS_NULL_PARAMETER);
    EXPECT(fast == NULL);
    OK(zkc_proving_key_load_precomputed(pk_bytes->data, pk_bytes->len, &fast));
    OK(zkc_prove(fast, identity->data, identity->len, tree, registry, U8(REQUEST), strlen(REQUEST), &fast_proof));
    OK(zkc_verify(vk, fast_proof->data, fast_proof->len, &accepted));
    EXPECT(accepted);
    OK(zkc_buffer_free(fast_proof));
    OK(zkc_prover_free(fast));
    OK(zkc_buffer_free(pk_bytes));
  }

  const ZkcBuffer *out = (const ZkcBuffer *)0x1;
  /* sanctioned, not registered, over the limit */
  const ZkcBuffer *listed_id = NULL;
  OK(zkc_identity_new(LISTED, &listed_id));
  OK(zkc_identity_commitment(listed_id->data, listed_id->len, &c));
  OK(zkc_registry_insert(registry, (const char *)c->data, NULL));
  OK(zkc_buffer_free(c));
  EXPECT_STATUS(prove(listed_id, tree, registry, REQUEST, &out), ZKC_STATUS_SANCTIONED);
  EXPECT(out == NULL);
  {
    char msg[512];
    zkc_last_error(msg, sizeof msg, NULL);
    EXPECT(strstr(msg, "sanctions list") != NULL);
  }
  OK(zkc_buffer_free(listed_id));
  const ZkcBuffer *stranger = NULL;
  OK(zkc_identity_new("0x1111111111111111111111111111111111111111", &stranger));
  EXPECT_STATUS(prove(stranger, tree, registry, REQUEST, &out), ZKC_STATUS_NOT_REGISTERED);
  OK(zkc_buffer_free(stranger));
  EXPECT_STATUS(prove(identity, tree, registry,
                      "{\"amount\": 1001, \"limit\": 1000, \"scope\": \"1\", \"context\": \"2\"}", &out),
                ZKC_STATUS_OVER_LIMIT);
  {
    char msg[512];
    zkc_last_error(msg, sizeof msg, NULL);
    EXPECT(strstr(msg, "exceeds limit") != NULL);
  }

  /* malformed and incomplete requests */
  EXPECT_STATUS(prove(identity, tree, registry, "{\"amount\": 1", &out), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(prove(identity, tree, registry, "[]", &out), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(prove(identity, tree, registry, "", &out), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(prove(identity, tree, registry, "{\"amount\": -1, \"limit\": 5, \"scope\": \"1\", \"context\": \"2\"}", &out),
                ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(prove(identity, tree, registry, "{\"amount\": 1, \"limit\": 5, \"scope\": \"1\", \"context\": \"2\", \"x\": 1}", &out),
                ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(prove(identity, tree, registry, "{\"amount\": 1, \"limit\": 5, \"scope\": \"1\"}", &out),
                ZKC_STATUS_INVALID_ARGUMENT);
  char req[512];
  snprintf(req, sizeof req, "{\"amount\": 1, \"limit\": 5, \"scope\": \"%s\", \"context\": \"2\"}", MODULUS);
  EXPECT_STATUS(prove(identity, tree, registry, req, &out), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_prove(prover, identity->data, identity->len - 3, tree, registry, U8(REQUEST),
                          strlen(REQUEST), &out),
                ZKC_STATUS_MALFORMED_INPUT);

  /* NULLs and wrong handles */
  EXPECT_STATUS(zkc_prove(NULL, identity->data, identity->len, tree, registry, U8(REQUEST), strlen(REQUEST), &out),
                ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_prove(prover, NULL, 0, tree, registry, U8(REQUEST), strlen(REQUEST), &out),
                ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(prove(identity, NULL, registry, REQUEST, &out), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(prove(identity, tree, NULL, REQUEST, &out), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_prove(prover, identity->data, identity->len, tree, registry, NULL, 3, &out),
                ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(prove(identity, tree, registry, REQUEST, NULL), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_prove((const ZkcProver *)tree, identity->data, identity->len, tree, registry, U8(REQUEST),
                          strlen(REQUEST), &out),
                ZKC_STATUS_WRONG_HANDLE);
  EXPECT_STATUS(prove(identity, (const ZkcSanctionsTree *)registry, registry, REQUEST, &out), ZKC_STATUS_WRONG_HANDLE);
  EXPECT_STATUS(prove(identity, tree, (const ZkcRegistry *)tree, REQUEST, &out), ZKC_STATUS_WRONG_HANDLE);

  /* trees of other depths than the key */
  const ZkcSanctionsTree *deep = NULL;
  OK(zkc_tree_build(U8(LIST), strlen(LIST), 5, &deep));
  EXPECT_STATUS(prove(identity, deep, registry, REQUEST, &out), ZKC_STATUS_DEPTH_MISMATCH);
  OK(zkc_tree_free(deep));
  EXPECT(out == NULL);
}

/* The string value of `"key"` in `json`, copied (NULL if absent). */
static char *string_value(const char *json, const char *key) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\": \"", key);
  const char *start = strstr(json, pattern);
  if (!start) return NULL;
  start += strlen(pattern);
  const char *end = strchr(start, '"');
  char *out = malloc((size_t)(end - start) + 1);
  memcpy(out, start, (size_t)(end - start));
  out[end - start] = '\0';
  return out;
}

static ZkcStatus prove_period(const ZkcProver *pp, const ZkcStateTree *state, const ZkcBuffer *note,
                              const char *request, const ZkcBuffer **proof_out,
                              const ZkcBuffer **note_out) {
  return zkc_prove_period(pp, identity->data, identity->len, tree, registry, state,
                          note ? note->data : NULL, note ? note->len : 0, U8(request), strlen(request),
                          proof_out, note_out);
}

/* Verifies `p` with `v`, then appends its new note to `state` (what a gate does). */
static void accept(const ZkcVerifyingKey *v, const ZkcStateTree *state, const ZkcBuffer *p) {
  bool accepted = false;
  OK(zkc_verify(v, p->data, p->len, &accepted));
  EXPECT(accepted);
  char *note = string_value((const char *)p->data, "new_note");
  EXPECT(note != NULL);
  if (note) OK(zkc_state_insert(state, note, NULL));
  free(note);
}

static void test_period_limit(void) {
  const ZkcProver *pp = NULL;
  const ZkcVerifyingKey *pvk = NULL;
  const ZkcStateTree *state = NULL;
  OK(zkc_setup_dev("period_limit", 4, 4, 4, 5, &pp));
  OK(zkc_verifying_key_from_proving_key(pp, &pvk));
  OK(zkc_state_new(4, &state));
  const char *day7 = "{\"amount\": 600, \"limit\": 1000, \"scope\": \"9\", \"context\": \"2\", \"period\": 7}";
  const char *rest = "{\"amount\": 400, \"limit\": 1000, \"scope\": \"9\", \"context\": \"2\", \"period\": \"7\"}";
  const char *one = "{\"amount\": 1, \"limit\": 1000, \"scope\": \"9\", \"context\": \"2\", \"period\": 7}";
  const char *day6 = "{\"amount\": 1, \"limit\": 1000, \"scope\": \"9\", \"context\": \"2\", \"period\": 6}";

  /* first note, then the rest of the limit in the same period */
  const ZkcBuffer *p1 = NULL, *n1 = NULL, *p2 = NULL, *n2 = NULL, *out = NULL, *out2 = NULL;
  OK(prove_period(pp, state, NULL, day7, &p1, &n1));
  EXPECT(n1 && strstr((const char *)n1->data, "zkcomply-note/1") && strstr((const char *)n1->data, "\"spent\": 600"));
  accept(pvk, state, p1);
  OK(prove_period(pp, state, n1, rest, &p2, &n2));
  EXPECT(n2 && strstr((const char *)n2->data, "\"spent\": 1000"));
  /* not yet appended: the note is not in the state tree */
  EXPECT_STATUS(prove_period(pp, state, n2, one, &out, &out2), ZKC_STATUS_NOTE_NOT_FOUND);
  accept(pvk, state, p2);
  EXPECT_STATUS(prove_period(pp, state, n2, one, &out, &out2), ZKC_STATUS_OVER_LIMIT);
  {
    char msg[512];
    zkc_last_error(msg, sizeof msg, NULL);
    EXPECT(strstr(msg, "exceeds the period limit 1000") != NULL);
  }
  EXPECT_STATUS(prove_period(pp, state, n2, day6, &out, &out2), ZKC_STATUS_INVALID_ARGUMENT);
  EXPECT(out == NULL && out2 == NULL);

  /* a changed new note or period does not verify */
  bool accepted = true;
  char *bad = replace_value((const char *)p2->data, "new_note", "0x01");
  OK(zkc_verify(pvk, U8(bad), strlen(bad), &accepted));
  EXPECT(!accepted);
  free(bad);
  bad = replace_value((const char *)p2->data, "period", "0x08");
  accepted = true;
  OK(zkc_verify(pvk, U8(bad), strlen(bad), &accepted));
  EXPECT(!accepted);
  free(bad);

  /* the state tree's JSON round trip */
  const ZkcBuffer *json = NULL, *root = NULL, *root2 = NULL;
  const ZkcStateTree *copy = NULL;
  OK(zkc_state_to_json(state, &json));
  OK(zkc_state_load_json(json->data, json->len, &copy));
  OK(zkc_state_root_hex(state, &root));
  OK(zkc_state_root_hex(copy, &root2));
  EXPECT(strcmp((const char *)root->data, (const char *)root2->data) == 0);
  OK(zkc_state_free(copy));
  EXPECT_STATUS(zkc_state_load_json(json->data, json->len - 2, &copy), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT(copy == NULL);
  EXPECT_STATUS(zkc_registry_load_json(json->data, json->len, (const ZkcRegistry **)&out), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_state_insert(state, MODULUS, NULL), ZKC_STATUS_MALFORMED_INPUT);
  OK(zkc_buffer_free(json));
  OK(zkc_buffer_free(root));
  OK(zkc_buffer_free(root2));

  /* bad notes, wrong functions, NULLs and wrong handles */
  const char *garbage = "{\"format\": \"zkcomply-note/1\", \"period\": 7}";
  EXPECT_STATUS(zkc_prove_period(pp, identity->data, identity->len, tree, registry, state, U8(garbage),
                                 strlen(garbage), U8(one), strlen(one), &out, &out2),
                ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_prove(pp, identity->data, identity->len, tree, registry, U8(one), strlen(one), &out),
                ZKC_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(prove_period(prover, state, NULL, one, &out, &out2), ZKC_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(prove_period(pp, NULL, NULL, one, &out, &out2), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(prove_period(pp, (const ZkcStateTree *)registry, NULL, one, &out, &out2), ZKC_STATUS_WRONG_HANDLE);
  EXPECT_STATUS(prove_period(pp, state, n2, one, &out, NULL), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_state_insert((const ZkcStateTree *)registry, "1", NULL), ZKC_STATUS_WRONG_HANDLE);
  EXPECT_STATUS(zkc_state_new(0, &copy), ZKC_STATUS_INVALID_ARGUMENT);
  EXPECT(out == NULL && out2 == NULL);

  OK(zkc_buffer_free(p1));
  OK(zkc_buffer_free(n1));
  OK(zkc_buffer_free(p2));
  OK(zkc_buffer_free(n2));
  OK(zkc_state_free(state));
  EXPECT_STATUS(zkc_state_free(state), ZKC_STATUS_WRONG_HANDLE);
  OK(zkc_verifying_key_free(pvk));
  OK(zkc_prover_free(pp));
}

static void test_verify(void) {
  bool accepted = false;
  OK(zkc_verify(vk, proof->data, proof->len, &accepted));
  EXPECT(accepted);

  /* tampered public input: well-formed, rejected */
  tampered = replace_value((const char *)proof->data, "context",
                           "0x000000000000000000000000000000000000000000000000000000000000002b");
  EXPECT(tampered != NULL);
  accepted = true;
  OK(zkc_verify(vk, U8(tampered), strlen(tampered), &accepted));
  EXPECT(!accepted);
  char *other_limit = replace_value((const char *)proof->data, "limit", "2000");
  accepted = true;
  OK(zkc_verify(vk, U8(other_limit), strlen(other_limit), &accepted));
  EXPECT(!accepted);
  free(other_limit);

  /* tampered proof points: rejected or malformed, never accepted */
  char *points = copy_string((const char *)proof->data);
  char *p = strstr(points, "\"proof\": \"0x") + strlen("\"proof\": \"0x") + 70;
  *p = (*p == '0') ? '1' : '0';
  accepted = true;
  ZkcStatus s = zkc_verify(vk, U8(points), strlen(points), &accepted);
  EXPECT(!accepted && (s == ZKC_STATUS_OK || s == ZKC_STATUS_MALFORMED_INPUT));
  free(points);

  /* public input >= r */
  char *big = replace_value((const char *)proof->data, "nullifier", MODULUS);
  accepted = true;
  EXPECT_STATUS(zkc_verify(vk, U8(big), strlen(big), &accepted), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT(!accepted);
  {
    char msg[512];
    zkc_last_error(msg, sizeof msg, NULL);
    EXPECT(strstr(msg, "modulus") != NULL);
  }
  free(big);
  big = replace_value((const char *)proof->data, "context",
                      "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");
  EXPECT_STATUS(zkc_verify(vk, U8(big), strlen(big), &accepted), ZKC_STATUS_MALFORMED_INPUT);
  free(big);

  /* another key (other dev seed): rejected */
  const ZkcProver *other = NULL;
  const ZkcVerifyingKey *other_vk = NULL;
  OK(zkc_setup_dev("compliance", 4, 4, 4, 2, &other));
  OK(zkc_verifying_key_from_proving_key(other, &other_vk));
  accepted = true;
  OK(zkc_verify(other_vk, proof->data, proof->len, &accepted));
  EXPECT(!accepted);
  OK(zkc_verifying_key_free(other_vk));
  OK(zkc_prover_free(other));

  /* another policy's key */
  const ZkcProver *limit_prover = NULL;
  const ZkcVerifyingKey *limit_vk = NULL;
  OK(zkc_setup_dev("transfer_limit", 4, 4, 4, 1, &limit_prover));
  OK(zkc_verifying_key_from_proving_key(limit_prover, &limit_vk));
  EXPECT_STATUS(zkc_verify(limit_vk, proof->data, proof->len, &accepted), ZKC_STATUS_POLICY_MISMATCH);
  /* transfer_limit proves without identity or trees */
  const char *limit_req = "{\"amount\": 5, \"limit\": 10, \"context\": \"3\"}";
  const ZkcBuffer *limit_proof = NULL;
  OK(zkc_prove(limit_prover, NULL, 0, NULL, NULL, U8(limit_req), strlen(limit_req), &limit_proof));
  OK(zkc_verify(limit_vk, limit_proof->data, limit_proof->len, &accepted));
  EXPECT(accepted);
  OK(zkc_buffer_free(limit_proof));
  OK(zkc_verifying_key_free(limit_vk));
  OK(zkc_prover_free(limit_prover));

  /* malformed, zero-length, NULL, wrong handle */
  EXPECT_STATUS(zkc_verify(vk, proof->data, proof->len - 2, &accepted), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_verify(vk, proof->data, 0, &accepted), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_verify(vk, U8("{\"format\": 1}"), 13, &accepted), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT_STATUS(zkc_verify(vk, NULL, 10, &accepted), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_verify(vk, proof->data, proof->len, NULL), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_verify(NULL, proof->data, proof->len, &accepted), ZKC_STATUS_NULL_PARAMETER);
  accepted = true;
  EXPECT_STATUS(zkc_verify((const ZkcVerifyingKey *)tree, proof->data, proof->len, &accepted),
                ZKC_STATUS_WRONG_HANDLE);
  EXPECT(!accepted);
  EXPECT_STATUS(zkc_verify((const ZkcVerifyingKey *)prover, proof->data, proof->len, &accepted),
                ZKC_STATUS_WRONG_HANDLE);
  EXPECT_STATUS(zkc_verify((const ZkcVerifyingKey *)proof, proof->data, proof->len, &accepted),
                ZKC_STATUS_WRONG_HANDLE);
  {
    char msg[512];
    zkc_last_error(msg, sizeof msg, NULL);
    EXPECT(strstr(msg, "ZkcBuffer, not a ZkcVerifyingKey") != NULL);
  }

  /* batches */
  ZkcSlice batch[3] = {{proof->data, proof->len}, {U8(tampered), strlen(tampered)}, {proof->data, proof->len}};
  bool results[3] = {false, true, false};
  OK(zkc_verify_batch(vk, batch, 3, results));
  EXPECT(results[0] && !results[1] && results[2]);
  ZkcSlice with_garbage[2] = {{proof->data, proof->len}, {U8("nope"), 4}};
  bool results2[2] = {false, true};
  EXPECT_STATUS(zkc_verify_batch(vk, with_garbage, 2, results2), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT(results2[0] && !results2[1]);
  {
    char msg[512];
    zkc_last_error(msg, sizeof msg, NULL);
    EXPECT(strncmp(msg, "proof 1", 7) == 0);
  }
  ZkcSlice with_null[1] = {{NULL, 3}};
  EXPECT_STATUS(zkc_verify_batch(vk, with_null, 1, results), ZKC_STATUS_NULL_PARAMETER);
  OK(zkc_verify_batch(vk, NULL, 0, NULL));
  EXPECT_STATUS(zkc_verify_batch(vk, batch, 3, NULL), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_verify_batch(vk, NULL, 3, results), ZKC_STATUS_NULL_PARAMETER);
  EXPECT_STATUS(zkc_verify_batch((const ZkcVerifyingKey *)tree, batch, 3, results), ZKC_STATUS_WRONG_HANDLE);

  /* parsed proofs */
  const ZkcProof *parsed = NULL;
  OK(zkc_proof_from_json(proof->data, proof->len, &parsed));
  const ZkcProof *first = parsed;
  const ZkcBuffer *nullifier = NULL;
  OK(zkc_proof_public_input(parsed, "nullifier", &nullifier));
  EXPECT(nullifier->len == 66 && strstr((const char *)proof->data, (const char *)nullifier->data));
  OK(zkc_buffer_free(nullifier));
  EXPECT_STATUS(zkc_proof_public_input(parsed, "nope", &nullifier), ZKC_STATUS_INVALID_ARGUMENT);
  EXPECT_STATUS(zkc_proof_public_input(parsed, NULL, &nullifier), ZKC_STATUS_NULL_PARAMETER);
  OK(zkc_verify_proof(vk, parsed, &accepted));
  EXPECT(accepted);
  EXPECT_STATUS(zkc_verify_proof(vk, (const ZkcProof *)vk, &accepted), ZKC_STATUS_WRONG_HANDLE);
  const ZkcBuffer *again = NULL;
  OK(zkc_proof_to_json(parsed, &again));
  EXPECT(again->len == proof->len && memcmp(again->data, proof->data, proof->len) == 0);
  OK(zkc_buffer_free(again));
  OK(zkc_proof_free(first));
  EXPECT_STATUS(zkc_proof_from_json(U8(tampered), 10, &parsed), ZKC_STATUS_MALFORMED_INPUT);
  EXPECT(parsed == NULL);
  OK(zkc_proof_from_json(U8(tampered), strlen(tampered), &parsed));
  OK(zkc_verify_proof(vk, parsed, &accepted));
  EXPECT(!accepted);
  OK(zkc_proof_free(parsed));
  EXPECT_STATUS(zkc_proof_free(parsed), ZKC_STATUS_WRONG_HANDLE);
}

#define THREADS 6
#define ROUNDS 3

static void *verify_worker(void *arg) {
  int *bad = arg;
  for (int i = 0; i < ROUNDS; i++) {
    bool accepted = false;
    if (zkc_verify(vk, proof->data, proof->len, &accepted) != ZKC_STATUS_OK || !accepted) (*bad)++;
    if (zkc_verify(vk, U8(tampered), strlen(tampered), &accepted) != ZKC_STATUS_OK || accepted) (*bad)++;
    /* errors stay on their thread */
    if (zkc_verify(vk, U8("x"), 1, &accepted) != ZKC_STATUS_MALFORMED_INPUT || zkc_last_error_len() == 0) (*bad)++;
  }
  return NULL;
}

static void test_threads(void) {
  pthread_t threads[THREADS];
  int bad[THREADS] = {0};
  for (int i = 0; i < THREADS; i++) EXPECT(pthread_create(&threads[i], NULL, verify_worker, &bad[i]) == 0);
  for (int i = 0; i < THREADS; i++) {
    pthread_join(threads[i], NULL);
    EXPECT(bad[i] == 0);
  }
}

int main(void) {
  test_version_and_status_names();
  test_last_error();
  test_tree();
  test_registry_and_identity();
  test_registration();
  test_keys();
  test_prove();
  test_period_limit();
  test_verify();
  test_threads();

  /* teardown, then use after free */
  OK(zkc_buffer_free(proof));
  OK(zkc_buffer_free(identity));
  OK(zkc_registry_free(registry));
  OK(zkc_tree_free(tree));
  OK(zkc_verifying_key_free(vk));
  bool accepted = true;
  EXPECT_STATUS(zkc_verify(vk, U8(tampered), strlen(tampered), &accepted), ZKC_STATUS_WRONG_HANDLE);
  OK(zkc_prover_free(prover));
  EXPECT_STATUS(zkc_prover_free(prover), ZKC_STATUS_WRONG_HANDLE);
  free(tampered);
  /* every handle and buffer has been freed */
  EXPECT(zkc_live_handles() == 0);

  printf("%d checks, %d failures\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
