#!/usr/bin/env python3
"""Recomputes NeuralDx7's VAE in PyTorch, in double precision, from the weights, batch and noise ModelDump writes,
and compares the loss terms and every gradient. An independent implementation of the architecture in
../shared/reference/neuraldx7-model.md: if our engine or model drifted from it, this says where.

Checks both decoders: the original's (FiLM, every parameter at once) and the autoregressive one (teacher forcing, with
token dropout).

Usage: python3 tests/reference/torch_check.py   (needs PyTorch; on Debian: apt-get install python3-torch)
Exit status 0 when everything agrees to 1e-4 relative, 1 otherwise."""
import json, math, os, subprocess, sys, tempfile
import torch, torch.nn.functional as F
from vae_torch import Vae, load_safetensors
torch.set_default_dtype(torch.float64)
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
shared = os.environ.get('NEURALDX7_SHARED') or os.path.join(os.path.dirname(root), 'shared')
rom = os.path.join(shared, 'corpus', 'dexed-cart-1.0', 'Original Yamaha', 'DX7 ROM1', 'ROM1A.syx')
if not os.path.isfile(rom):
    sys.exit(f'torch_check.py: {rom} is missing: the check runs on the factory ROM (set NEURALDX7_SHARED to the shared folder)')


def check(architecture):
    """Runs ModelDump for one architecture and compares its loss terms and gradients with PyTorch's; True if they agree."""
    print(f"== {architecture}")
    dump = os.path.join(tempfile.mkdtemp(), 'dump.safetensors')
    subprocess.run(['dotnet', 'run', '-c', 'Release', '--project', os.path.join(here, 'ModelDump'), '--', rom, dump, architecture], check=True)
    T, meta = load_safetensors(dump, torch.float64)
    cfg = json.loads(meta['config'])
    W = {k[2:]: v.clone().requires_grad_(True) for k, v in T.items() if k.startswith('w.')}
    G = {k[2:]: v for k, v in T.items() if k.startswith('g.')}
    tokens = T['tokens'].long().view(-1, 155); noise = T['noise'].view(tokens.shape[0], -1)
    dropped = T['dropped'].view(-1, 155) > 0.5
    vae = Vae(W, cfg); L = vae.L
    h, mu, logvar = vae.encode(tokens)
    z0 = mu + torch.exp(0.5*logvar) * noise
    z, logdet = vae.flow(h, z0)
    masked = vae.masked(vae.decode(z, tokens, dropped))
    ce = F.cross_entropy(masked.reshape(-1, 128), tokens.reshape(-1), reduction='none').view(-1, 155)
    def nlog(x, m, lv): return -0.5*(math.log(2*math.pi) + lv + (x-m)**2 * torch.exp(-lv))
    kl = nlog(z0, mu, logvar).sum(-1) - nlog(z, torch.zeros_like(z), torch.zeros_like(z)).sum(-1) - logdet
    loss = ce.mean() + float(meta['klWeight']) * kl.mean() / L
    loss.backward()
    ok = True
    for name, ours, theirs in [('loss', float(meta['loss']), loss.item()), ('reconstruction', float(meta['reconstruction']), ce.sum(1).mean().item()),
                               ('kl', float(meta['kl']), kl.mean().item()), ('logdet', float(meta['logdet']), logdet.mean().item())]:
        rel = abs(ours - theirs) / max(abs(theirs), 1e-3)
        ok &= rel < 1e-4
        print(f"{name:>14}: C# {ours:.7f}  PyTorch {theirs:.7f}  relative difference {rel:.1e}")
    worst = 0
    for k in W:
        g_t = W[k].grad; g_c = G[k]
        err = (g_t - g_c).abs().max().item() / (g_t.abs().max().item() + 1e-8)
        worst = max(worst, err)
        if err > 1e-4:
            ok = False
            print('gradient mismatch:', k, err)
    print(f"{len(W)} parameter gradients, worst relative difference {worst:.1e}")
    print('agrees with PyTorch' if ok else 'DIFFERS from PyTorch')
    return ok


results = [check(a) for a in ('original', 'autoregressive')]
sys.exit(0 if all(results) else 1)
