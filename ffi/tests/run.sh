#!/usr/bin/env bash
# The C side of zkcomply-ffi: builds the static library (release), checks that the
# committed header matches the sources, builds the C example and the C tests with gcc,
# runs them, then runs both under valgrind (no invalid access, no definite leak).
# Set ZKC_SKIP_VALGRIND=1 to skip valgrind, ZKC_SKIP_HEADER=1 to skip the drift check.
set -euo pipefail
cd "$(dirname "$0")/../.."

CBINDGEN_VERSION=0.29.4
out=target/ffi-tests
mkdir -p "$out"

echo "-- build libzkcomply_ffi.a (release)"
cargo build -p zkcomply-ffi --release --locked --quiet
lib=target/release/libzkcomply_ffi.a

if [ "${ZKC_SKIP_HEADER:-0}" != 1 ]; then
  echo "-- header drift (cbindgen $CBINDGEN_VERSION)"
  if ! cbindgen --version 2>/dev/null | grep -q "$CBINDGEN_VERSION"; then
    cargo install cbindgen --locked --version "$CBINDGEN_VERSION" --quiet
  fi
  (cd ffi && cbindgen --quiet --config cbindgen.toml --output "../$out/zkcomply.h")
  if ! diff -u ffi/include/zkcomply.h "$out/zkcomply.h"; then
    echo "ffi/include/zkcomply.h is out of date: cd ffi && cbindgen --config cbindgen.toml --output include/zkcomply.h" >&2
    exit 1
  fi
fi

cflags=(-std=c11 -O1 -g -Wall -Wextra -Werror -pedantic -Iffi/include)
libs=("$lib" -lpthread -ldl -lm)

echo "-- gcc"
gcc "${cflags[@]}" ffi/examples/prove_and_verify.c "${libs[@]}" -o "$out/prove_and_verify"
gcc "${cflags[@]}" ffi/tests/ffi_test.c "${libs[@]}" -o "$out/ffi_test"
gcc "${cflags[@]}" ffi/tests/fuzz_corpus.c "${libs[@]}" -o "$out/fuzz_corpus"
# The header also compiles as C++.
if command -v g++ >/dev/null 2>&1; then
  echo '#include "zkcomply.h"' | g++ -x c++ -std=c++11 -Wall -Werror -Iffi/include -fsyntax-only -
fi

# The fuzz corpus: TARGET FILE pairs (the verifying key before the proofs it checks).
corpus=()
for t in snapshot snapshot_binary registry state identity registration groth16_vk groth16_pk groth16_proof; do
  for f in fuzz/corpus/$t/*; do corpus+=("${t/snapshot_binary/snapshot}" "$f"); done
done

echo "-- run"
"$out/prove_and_verify" >/dev/null
"$out/ffi_test"
"$out/fuzz_corpus" 200 "${corpus[@]}"

if [ "${ZKC_SKIP_VALGRIND:-0}" != 1 ]; then
  if ! command -v valgrind >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
  fi
  for t in ffi_test prove_and_verify; do
    echo "-- valgrind $t"
    valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
      --show-leak-kinds=definite "$out/$t" >/dev/null
  done
  echo "-- valgrind fuzz_corpus"
  valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite "$out/fuzz_corpus" 8 "${corpus[@]}"
fi
echo "-- C FFI: ok"
