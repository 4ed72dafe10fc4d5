"""GFLOP/s of PyTorch's matmul on the model's GEMM shapes, to set beside `dx7 bench gemm` in one run.

Usage: /usr/bin/python3 tests/reference/torch_gemm.py [--threads 2]
Prints one line per shape, in GFLOP/s.
"""
import argparse
import time

import torch

SHAPES = [  # (role, m, k, n, a transposed, b transposed): the products `dx7 bench gemm --model-shapes` runs
    ("QKV / FFN up, F=64", 2480, 64, 192, False, True),
    ("FFN down, F=64", 2480, 192, 64, False, True),
    ("its input gradient", 2480, 64, 192, False, False),
    ("its weight gradient", 64, 2480, 192, True, False),
    ("scores Q K^T, 16 per head", 155, 16, 155, False, True),
    ("weights x V, 16 per head", 155, 155, 16, False, False),
    ("QKV / FFN up, F=128", 2480, 128, 384, False, True),
    ("FFN down, F=128", 2480, 384, 128, False, True),
    ("scores Q K^T, 32 per head", 155, 32, 155, False, True),
    ("weights x V, 32 per head", 155, 155, 32, False, False),
    ("a sampling step's QKV / FFN up", 8, 128, 384, False, True),
    ("a sampling step's FFN down", 8, 384, 128, False, True),
]


def gflops(m, k, n, ta, tb, seconds=1.0):
    a = torch.randn(k, m).T if ta else torch.randn(m, k)  # stored as the layers store them
    b = torch.randn(n, k).T if tb else torch.randn(k, n)
    out = torch.empty(m, n)
    for _ in range(10):
        torch.matmul(a, b, out=out)
    runs, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        torch.matmul(a, b, out=out)
        runs += 1
    elapsed = time.perf_counter() - start
    return 2.0 * m * k * n * runs / elapsed / 1e9


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {args.threads} threads")
    for role, m, k, n, ta, tb in SHAPES:
        print(f"{role:28} ({m} x {k}) x ({k} x {n}): {gflops(m, k, n, ta, tb):.1f} GFLOP/s")
