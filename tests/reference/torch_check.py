#!/usr/bin/env python3
"""Recomputes NeuralDx7's VAE in PyTorch, in double precision, from the weights, batch and noise ModelDump writes,
and compares the loss terms and every gradient. An independent implementation of the architecture in
../shared/reference/neuraldx7-model.md: if our engine or model drifted from it, this says where.

Usage: python3 tests/reference/torch_check.py   (needs PyTorch; on Debian: apt-get install python3-torch)
Exit status 0 when everything agrees to 1e-4 relative, 1 otherwise."""
import json, math, os, struct, subprocess, sys, tempfile
import numpy as np, torch, torch.nn.functional as F
torch.set_default_dtype(torch.float64)
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
rom = os.path.join(os.path.dirname(root), 'shared', 'corpus', 'dexed-cart-1.0', 'Original Yamaha', 'DX7 ROM1', 'ROM1A.syx')
dump = os.path.join(tempfile.mkdtemp(), 'dump.safetensors')
subprocess.run(['dotnet', 'run', '-c', 'Release', '--project', os.path.join(here, 'ModelDump'), '--', rom, dump], check=True)
def load(path):
    b = open(path,'rb').read(); n = struct.unpack('<Q', b[:8])[0]; h = json.loads(b[8:8+n]); d = b[8+n:]
    out = {}
    for k, v in h.items():
        if k == '__metadata__': continue
        s, e = v['data_offsets']; out[k] = torch.tensor(np.frombuffer(d[s:e], dtype=np.float32).reshape(v['shape']).astype(np.float64))
    return out, h['__metadata__']
T, meta = load(dump)
cfg = json.loads(meta['config'])
W = {k[2:]: v.clone().requires_grad_(True) for k, v in T.items() if k.startswith('w.')}
G = {k[2:]: v for k, v in T.items() if k.startswith('g.')}
tokens = T['tokens'].long().view(-1, 155); noise = T['noise'].view(tokens.shape[0], -1)
H, D, L, C, K = cfg['heads'], cfg['headWidth'], cfg['latentSize'], cfg['conditioningWidth'], cfg['flows']; Fd = H*D; B = tokens.shape[0]
NE, ND = cfg['encoderLayers'], cfg['decoderLayers']
def lin(x, p): return x @ W[p+'.weight'].T + W[p+'.bias']
def table(n, f):
    t = torch.zeros(n, f)
    for p in range(n):
        for i in range(f):
            a = p / 10000 ** (2.0*(i//2)/f); t[p,i] = math.sin(a) if i % 2 == 0 else math.cos(a)
    return t
PT = table(155, Fd)
def ln(x, p=None):
    return F.layer_norm(x, (Fd,), W[p+'.weight'] if p else None, W[p+'.bias'] if p else None, 1e-5)
def layer(x, p):
    qkv = lin(x, p+'.qkv').view(B, 155, 3, H, D).permute(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(H), -1) @ v
    a = a.permute(0, 2, 1, 3).reshape(B, 155, Fd)
    h = ln(x + a, p+'.attentionNorm')
    return ln(h + lin(F.gelu(lin(h, p+'.up')), p+'.down'))
def stack(x, p, n, before=None):
    film = lin(PT, p+'.film.map'); gamma = torch.sigmoid(film[:, :Fd]); beta = torch.tanh(film[:, Fd:])
    for i in range(n):
        x = x * gamma + beta
        if before: x = before(i, x)
        x = layer(x, f'{p}.layers.{i}')
    return x
x = W['embedding.weight'][tokens]
h = stack(x, 'encoder', NE).mean(1)
stats = lin(F.gelu(lin(h, 'posterior.hidden')), 'posterior.out')
mu, logvar = stats[:, :L], torch.clamp(stats[:, L:], -10, 8)
z0 = mu + torch.exp(0.5*logvar) * noise
a = lin(h, 'flows.amortiser')
full = a[:, :K*L*L].view(B, K, L, L); d1 = torch.tanh(a[:, K*L*L:K*L*L+K*L].view(B, K, L)); d2 = torch.tanh(a[:, K*L*L+K*L:K*L*L+2*K*L].view(B, K, L)); bb = a[:, K*L*L+2*K*L:].view(B, K, L)
triu = torch.triu(torch.ones(L, L), 1)
z = z0; logdet = torch.zeros(B)
for f in range(K):
    r1 = full[:, f] * triu + torch.diag_embed(d1[:, f]); r2 = full[:, f].transpose(1, 2) * triu + torch.diag_embed(d2[:, f])
    zq = z.flip(-1) if f % 2 else z
    pre = torch.bmm(zq.unsqueeze(1), r2.transpose(1, 2)) + bb[:, f].unsqueeze(1)
    act = torch.tanh(pre)
    step = torch.bmm(act, r1.transpose(1, 2)).squeeze(1)
    z = z + (step.flip(-1) if f % 2 else step)
    logdet = logdet + torch.log(torch.abs(1 + d1[:, f] * d2[:, f] * (1 - act.squeeze(1)**2))).sum(-1)
c = lin(z, 'conditioning').view(B, 155, C)
def cond(i, x):
    film = lin(F.gelu(lin(c, f'decoderFilm.{i}.hidden')), f'decoderFilm.{i}.out')
    return x * torch.sigmoid(film[..., :Fd]) + torch.tanh(film[..., Fd:])
y = stack(torch.ones(B, 155, Fd), 'decoder', ND, cond)
logits = lin(F.gelu(lin(y, 'output.hidden')), 'output.out')
allowed = torch.zeros(155, 128, dtype=torch.bool)
ranges = []
op = [99]*11 + [3,3,7,3,7,99,1,31,99,14]
for _ in range(6): ranges += [(0, m) for m in op]
ranges += [(0, m) for m in [99]*8 + [31,7,1,99,99,99,99,1,5,7,48]] + [(32, 127)]*10
for i, (lo, hi) in enumerate(ranges): allowed[i, lo:hi+1] = True
masked = logits.masked_fill(~allowed, float('-inf'))
ce = F.cross_entropy(masked.reshape(-1, 128), tokens.reshape(-1), reduction='none').view(B, 155)
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
sys.exit(0 if ok else 1)
