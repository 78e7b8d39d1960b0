/*
 * zkcomply from C: a wallet proves that a transfer is compliant (address not on the
 * sanctions list, identity registered, amount within the limit) and a back-end
 * verifies the proof.
 *
 * Build (from the repository root):
 *   cargo build -p zkcomply-ffi --release
 *   gcc -std=c11 -Wall -Wextra -Iffi/include ffi/examples/prove_and_verify.c \
 *       target/release/libzkcomply_ffi.a -lpthread -ldl -lm -o prove_and_verify
 *   ./prove_and_verify
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zkcomply.h"

/* Prints the failing call, its status and zkc_last_error(), and exits. */
static void check(ZkcStatus status, const char *what) {
  if (status == ZKC_STATUS_OK) return;
  char message[512];
  zkc_last_error(message, sizeof message, NULL); /* cut if longer: fine here */
  fprintf(stderr, "%s failed: %s: %s\n", what, zkc_status_name(status), message);
  exit(1);
}

int main(void) {
  printf("zkcomply %s\n", zkc_version());

  /* The list operator publishes a sanctions list (small depths for the example). */
  const char *list =
      "# sanctioned addresses, one per line\n"
      "0x8589427373D6D84E98730D7795D8f6f8731FDA16\n"
      "0x722122dF12D4e14e13Ac3b6895a86e84145b6967\n";
  const ZkcSanctionsTree *tree = NULL;
  check(zkc_tree_build((const uint8_t *)list, strlen(list), 4, &tree), "zkc_tree_build");
  const ZkcBuffer *root = NULL;
  check(zkc_tree_root_hex(tree, &root), "zkc_tree_root_hex");
  printf("sanctions root: %s\n", (const char *)root->data);
  zkc_buffer_free(root);

  /* The user's wallet makes an identity; the KYC provider registers its commitment. */
  const char *me = "0x000000000000000000000000000000000000dEaD";
  const ZkcBuffer *identity = NULL;
  check(zkc_identity_new(me, &identity), "zkc_identity_new");
  const ZkcBuffer *commitment = NULL;
  check(zkc_identity_commitment(identity->data, identity->len, &commitment),
        "zkc_identity_commitment");
  const ZkcRegistry *registry = NULL;
  check(zkc_registry_new(4, &registry), "zkc_registry_new");
  uint64_t index = 0;
  check(zkc_registry_insert(registry, (const char *)commitment->data, &index),
        "zkc_registry_insert");
  printf("registered identity %s at index %llu\n", (const char *)commitment->data,
         (unsigned long long)index);
  zkc_buffer_free(commitment);

  bool listed = true;
  check(zkc_tree_is_listed(tree, me, &listed), "zkc_tree_is_listed");
  printf("%s listed: %s\n", me, listed ? "yes" : "no");

  /* Keys: an INSECURE deterministic development setup (dev seed 1). */
  const ZkcProver *prover = NULL;
  check(zkc_setup_dev("compliance", 4, 4, 4, 1, &prover), "zkc_setup_dev");
  const ZkcVerifyingKey *vk = NULL;
  check(zkc_verifying_key_from_proving_key(prover, &vk), "zkc_verifying_key_from_proving_key");

  /* The wallet proves: not sanctioned, registered, 900 <= 1000. */
  const char *request =
      "{\"amount\": 900, \"limit\": 1000, \"scope\": \"1\", \"context\": \"0x2a\"}";
  const ZkcBuffer *proof = NULL;
  check(zkc_prove(prover, identity->data, identity->len, tree, registry,
                  (const uint8_t *)request, strlen(request), &proof),
        "zkc_prove");
  printf("proof (%zu bytes of JSON):\n%s\n", proof->len, (const char *)proof->data);

  /* The back-end verifies with the verifying key alone. */
  bool accepted = false;
  check(zkc_verify(vk, proof->data, proof->len, &accepted), "zkc_verify");
  printf("verified: %s\n", accepted ? "accepted" : "REJECTED");

  /* A sanctioned address cannot prove. */
  const ZkcBuffer *bad_identity = NULL;
  check(zkc_identity_new("0x8589427373D6D84E98730D7795D8f6f8731FDA16", &bad_identity),
        "zkc_identity_new");
  const ZkcBuffer *no_proof = NULL;
  ZkcStatus s = zkc_prove(prover, bad_identity->data, bad_identity->len, tree, registry,
                          (const uint8_t *)request, strlen(request), &no_proof);
  char message[512];
  zkc_last_error(message, sizeof message, NULL);
  printf("sanctioned address: %s (%s)\n", zkc_status_name(s), message);

  zkc_buffer_free(bad_identity);
  zkc_buffer_free(proof);
  zkc_buffer_free(identity);
  zkc_verifying_key_free(vk);
  zkc_prover_free(prover);
  zkc_registry_free(registry);
  zkc_tree_free(tree);
  return accepted && s == ZKC_STATUS_SANCTIONED ? 0 : 1;
}
