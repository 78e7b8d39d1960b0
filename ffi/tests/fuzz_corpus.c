/* The fuzz corpus (fuzz/corpus/<target>) and deterministic mutations of each seed through
 * the C API: every call returns a status (never ZKC_STATUS_PANIC or INTERNAL), every handle
 * and buffer is freed. run.sh runs it natively and under valgrind (invalid accesses, leaks).
 *
 * usage: fuzz_corpus MUTATIONS TARGET FILE [TARGET FILE ...]
 * TARGET: snapshot, registry, state, identity, registration, groth16_vk, groth16_pk,
 * groth16_proof (whose files are verified under the first groth16_vk file given). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkcomply.h"

static uint64_t state = 0x22;

static uint32_t next(uint32_t n) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return n ? (uint32_t)(state % n) : 0;
}

static uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *data = malloc((size_t)n + 1);
  if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *len = (size_t)n;
  return data;
}

/* One to three of: a bit flip, an overwritten, inserted or deleted byte, a truncation. */
static uint8_t *mutate(const uint8_t *seed, size_t len, size_t *out_len) {
  uint8_t *d = malloc(len + 4);
  memcpy(d, seed, len);
  size_t n = len;
  for (uint32_t m = 1 + next(3); m > 0; m--) {
    size_t at = n ? next((uint32_t)n) : 0;
    switch (next(5)) {
      case 0: if (n) d[at] ^= (uint8_t)(1u << next(8)); break;
      case 1: if (n) d[at] = (uint8_t)next(256); break;
      case 2: memmove(d + at + 1, d + at, n - at); d[at] = (uint8_t)next(256); n++; break;
      case 3: if (n) { memmove(d + at, d + at + 1, n - at - 1); n--; } break;
      default: n = at;
    }
  }
  *out_len = n;
  return d;
}

static const struct ZkcVerifyingKey *seed_vk = NULL;
static int failures = 0;

static void check(ZkcStatus s, const char *target) {
  if (s == ZKC_STATUS_PANIC || s == ZKC_STATUS_INTERNAL) {
    char message[512];
    zkc_last_error(message, sizeof message, NULL);
    fprintf(stderr, "%s: status %s: %s\n", target, zkc_status_name((uint32_t)s), message);
    failures++;
  }
}

static void run(const char *target, const uint8_t *d, size_t n) {
  const struct ZkcBuffer *buf = NULL;
  if (!strcmp(target, "snapshot")) {
    const struct ZkcSanctionsTree *t = NULL;
    check(zkc_tree_load(d, n, &t), target);
    zkc_tree_free(t);
  } else if (!strcmp(target, "registry")) {
    const struct ZkcRegistry *r = NULL;
    check(zkc_registry_load_json(d, n, &r), target);
    zkc_registry_free(r);
  } else if (!strcmp(target, "state")) {
    const struct ZkcStateTree *s = NULL;
    check(zkc_state_load_json(d, n, &s), target);
    zkc_state_free(s);
  } else if (!strcmp(target, "identity")) {
    check(zkc_identity_commitment(d, n, &buf), target);
  } else if (!strcmp(target, "registration")) {
    /* The request must be NUL-free text: the registry name is a C string. */
    check(zkc_registration_verify(d, n, "kyc.example", 1, &buf), target);
  } else if (!strcmp(target, "groth16_vk")) {
    const struct ZkcVerifyingKey *vk = NULL;
    check(zkc_verifying_key_load(d, n, &vk), target);
    if (vk && !seed_vk) seed_vk = vk; else zkc_verifying_key_free(vk);
  } else if (!strcmp(target, "groth16_pk")) {
    const struct ZkcProver *p = NULL;
    check(zkc_proving_key_load(d, n, &p), target);
    zkc_prover_free(p);
  } else if (!strcmp(target, "groth16_proof")) {
    bool accepted = false;
    if (seed_vk) check(zkc_verify(seed_vk, d, n, &accepted), target);
  } else {
    fprintf(stderr, "unknown target %s\n", target);
    exit(2);
  }
  zkc_buffer_free(buf);
}

int main(int argc, char **argv) {
  if (argc < 4 || argc % 2) {
    fprintf(stderr, "usage: %s MUTATIONS TARGET FILE [TARGET FILE ...]\n", argv[0]);
    return 2;
  }
  int mutations = atoi(argv[1]);
  for (int i = 2; i + 1 < argc; i += 2) {
    size_t len = 0;
    uint8_t *seed = read_file(argv[i + 1], &len);
    if (!seed) {
      fprintf(stderr, "cannot read %s\n", argv[i + 1]);
      return 2;
    }
    run(argv[i], seed, len);
    for (int m = 0; m < mutations; m++) {
      size_t n = 0;
      uint8_t *d = mutate(seed, len, &n);
      run(argv[i], d, n);
      free(d);
    }
    free(seed);
  }
  zkc_verifying_key_free(seed_vk);
  if (failures) fprintf(stderr, "%d calls ended in a panic or an internal error\n", failures);
  return failures ? 1 : 0;
}
