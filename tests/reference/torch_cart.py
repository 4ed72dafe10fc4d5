#!/usr/bin/env python3
"""Milliseconds per 32-voice cart in PyTorch (float32, CPU) for the shipped model: z ~ N(0, I), decode, masked
argmax (the autoregressive decoder: step by step over a key/value cache), as `dx7 bench cart` times ours. Run the two one after the other, alternating, so that the ratio between
them holds on a shared machine whose speed drifts from hour to hour.

Usage: /usr/bin/python3 tests/reference/torch_cart.py [--model models/dx7-vae] [--threads 1 2] [--seconds 3]
Prints one JSON object: msPerCart (the best thread count's median) and the median of each thread count."""
import argparse
import json
import os
import statistics
import time

import torch

from vae_torch import Vae, load_safetensors

here = os.path.dirname(os.path.abspath(__file__))


def cart(vae, generator):
    z = torch.randn(32, vae.L, generator=generator)
    if vae.architecture == 'autoregressive':
        return vae.sample_autoregressive(z)  # 155 steps over a key/value cache
    return vae.masked(vae.decode(z)).argmax(-1)


def median_ms(vae, seconds):
    generator = torch.Generator().manual_seed(0)
    for _ in range(3):
        cart(vae, generator)
    times, start = [], time.perf_counter()
    while time.perf_counter() - start < seconds or len(times) < 5:
        t = time.perf_counter()
        cart(vae, generator)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--model', default=os.path.join(here, '..', '..', 'models', 'dx7-vae'))
    parser.add_argument('--threads', type=int, nargs='+', default=[1, 2])
    parser.add_argument('--seconds', type=float, default=3.0)
    args = parser.parse_args()
    weights, _ = load_safetensors(os.path.join(args.model, 'model.safetensors'), torch.float32)
    config = json.load(open(os.path.join(args.model, 'config.json')))['model']
    vae = Vae(weights, config)
    by_threads = {}
    with torch.inference_mode():
        if vae.architecture == 'autoregressive':
            # The anchor must compute the model: teacher forcing on its own draws picks the same most likely values.
            z = torch.randn(32, vae.L, generator=torch.Generator().manual_seed(1))
            drawn = vae.sample_autoregressive(z)
            agree = (vae.masked(vae.decode(z, drawn)).argmax(-1) == drawn).float().mean().item()
            if agree < 0.999:
                raise SystemExit(f'torch_cart.py: step-by-step decoding agrees with teacher forcing on {agree:.2%} of values only')
        for threads in args.threads:
            torch.set_num_threads(threads)
            by_threads[threads] = round(median_ms(vae, args.seconds), 2)
    print(json.dumps({'torch': torch.__version__, 'msPerCart': min(by_threads.values()),
                      'msPerCartByThreads': {str(k): v for k, v in by_threads.items()}}))
