#!/usr/bin/env bash
# The PyTorch anchor, measured as BENCHMARKS.md records it: Debian's python3-torch over OpenBLAS (not the reference BLAS
# a fresh machine links it to), with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for these commands only (these
# machines set them for older OpenBLAS builds, and they slow this one). Prints the cart and training figures as JSON.
# Usage: tests/reference/anchor.sh [--model models/dx7-vae]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
need=()
/usr/bin/python3 -c 'import torch' 2>/dev/null || need+=(python3-torch)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || need+=(libopenblas0-pthread)
if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
case "$blas" in
    *openblas*) ;;
    *) echo "anchor.sh: libblas.so.3 is $blas, not OpenBLAS: the anchor would be crippled" >&2; exit 1 ;;
esac

cd "$here"
cart=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 torch_cart.py --threads 1 2 "$@")
train=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 torch_train.py --threads 1 2 "$@")
printf '{"blas": "%s", "cart": %s, "train": %s}\n' "$blas" "$cart" "$train"
