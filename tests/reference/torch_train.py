#!/usr/bin/env python3
"""Training samples per second in PyTorch (float32, CPU) for the shipped model's configuration: the same loss as ours
(token cross-entropy plus the weighted KL through the flows), backward, and an AdamW step, batch 16 of random valid
voices, as `dx7 bench train` times ours. The anchor the training speed is compared with, measured in the same run.

Usage: tests/reference/anchor.sh (installs OpenBLAS and clears the variables that slow it), or directly:
       /usr/bin/python3 tests/reference/torch_train.py [--model models/dx7-vae] [--threads 1 2] [--batch 16] [--seconds 10]
Prints one JSON object: samplesPerSecond (the best thread count's) and the figure for each thread count."""
import argparse
import json
import math
import os
import time

import torch
import torch.nn.functional as F

from vae_torch import Vae, load_safetensors

here = os.path.dirname(os.path.abspath(__file__))


def random_voices(vae, batch, generator):
    """Tokens drawn uniformly from each parameter's valid values."""
    allowed = vae.allowed.float()
    return torch.multinomial(allowed, batch, replacement=True, generator=generator).t().contiguous()


def loss_of(vae, tokens, noise, kl_weight):
    h, mu, logvar = vae.encode(tokens)
    z0 = mu + torch.exp(0.5 * logvar) * noise
    z, logdet = vae.flow(h, z0)
    masked = vae.masked(vae.decode(z, tokens))  # the autoregressive decoder reads the voices (teacher forcing)
    ce = F.cross_entropy(masked.reshape(-1, 128), tokens.reshape(-1))
    def nlog(x, m, lv): return -0.5 * (math.log(2 * math.pi) + lv + (x - m) ** 2 * torch.exp(-lv))
    kl = nlog(z0, mu, logvar).sum(-1) - nlog(z, torch.zeros_like(z), torch.zeros_like(z)).sum(-1) - logdet
    return ce + kl_weight * kl.mean() / vae.L


def samples_per_second(weights, config, batch, seconds, threads):
    torch.set_num_threads(threads)
    params = {k: v.clone().requires_grad_(True) for k, v in weights.items()}
    vae = Vae(params, config)
    optimiser = torch.optim.AdamW(params.values(), lr=3e-3, weight_decay=0.01)
    generator = torch.Generator().manual_seed(0)

    def step():
        tokens = random_voices(vae, batch, generator)
        noise = torch.randn(batch, vae.L, generator=generator)
        optimiser.zero_grad(set_to_none=True)
        loss_of(vae, tokens, noise, 8.0 / 155).backward()
        optimiser.step()

    for _ in range(5):
        step()
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or steps < 5:
        step()
        steps += 1
    return steps * batch / (time.perf_counter() - start)


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('--model', default=os.path.join(here, '..', '..', 'models', 'dx7-vae'))
    parser.add_argument('--threads', type=int, nargs='+', default=[1, 2])
    parser.add_argument('--batch', type=int, default=16)
    parser.add_argument('--seconds', type=float, default=10.0)
    args = parser.parse_args()
    weights, _ = load_safetensors(os.path.join(args.model, 'model.safetensors'), torch.float32)
    config = json.load(open(os.path.join(args.model, 'config.json')))['model']
    by_threads = {t: round(samples_per_second(weights, config, args.batch, args.seconds, t), 1) for t in args.threads}
    print(json.dumps({'torch': torch.__version__, 'blas': torch.__config__.show().count('OpenBLAS') > 0 or None,
                      'batch': args.batch, 'samplesPerSecond': max(by_threads.values()),
                      'samplesPerSecondByThreads': {str(k): v for k, v in by_threads.items()}}))
