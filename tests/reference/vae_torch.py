"""NeuralDx7's VAE in PyTorch, written from ../shared/reference/neuraldx7-model.md and our weights' names: the
independent implementation that torch_check.py (loss and gradients) and torch_cart.py (cart speed) share."""
import json
import math
import struct

import numpy as np
import torch
import torch.nn.functional as F


def load_safetensors(path, dtype):
    """Every tensor of a safetensors file (float32 on disk) as `dtype`, and its metadata."""
    data = open(path, 'rb').read()
    n = struct.unpack('<Q', data[:8])[0]
    header = json.loads(data[8:8 + n])
    body = data[8 + n:]
    out = {}
    for name, v in header.items():
        if name == '__metadata__':
            continue
        start, end = v['data_offsets']
        out[name] = torch.tensor(np.frombuffer(body[start:end], dtype=np.float32).reshape(v['shape'])).to(dtype)
    return out, header.get('__metadata__', {})


def sinusoidal_table(n, f, zero_first):
    """The positional table: sin on even features, cos on odd; the original keeps row 0 all zeros (legacy models do not)."""
    t = torch.zeros(n, f)
    for p in range(1 if zero_first else 0, n):
        for i in range(f):
            a = p / 10000 ** (2.0 * (i // 2) / f)
            t[p, i] = math.sin(a) if i % 2 == 0 else math.cos(a)
    return t


def allowed_values():
    """[155, 128] mask of each VCED parameter's valid values (`dx7-sysex.md`)."""
    ranges = []
    op = [99] * 11 + [3, 3, 7, 3, 7, 99, 1, 31, 99, 14]
    for _ in range(6):
        ranges += [(0, m) for m in op]
    ranges += [(0, m) for m in [99] * 8 + [31, 7, 1, 99, 99, 99, 99, 1, 5, 7, 48]] + [(32, 127)] * 10
    allowed = torch.zeros(155, 128, dtype=torch.bool)
    for i, (lo, hi) in enumerate(ranges):
        allowed[i, lo:hi + 1] = True
    return allowed


def parameter_order():
    """The autoregressive decoder's drawing order (VCED positions), as ../shared/reference/dx7-sysex.md numbers them:
    algorithm, feedback, key sync; OP1..OP6 (VCED stores OP6 first), each by level, frequency, envelope, scaling;
    the LFO and pitch modulation; the pitch envelope's levels and rates; transpose; the name."""
    fields = [16, 17, 18, 19, 20, 4, 5, 6, 7, 0, 1, 2, 3, 15, 13, 8, 9, 10, 11, 12, 14]
    order = [134, 135, 136]
    for op in range(1, 7):
        order += [(6 - op) * 21 + f for f in fields]
    order += [142, 137, 138, 139, 140, 141, 143] + list(range(130, 134)) + list(range(126, 130)) + [144] + list(range(145, 155))
    assert sorted(order) == list(range(155))
    return order


class Vae:
    """The model's forward pass over a dict of weights named as ours are ('decoder.layers.0.qkv.weight')."""

    def __init__(self, weights, cfg):
        self.W = weights
        self.H, self.D, self.L = cfg['heads'], cfg['headWidth'], cfg['latentSize']
        self.C, self.K = cfg['conditioningWidth'], cfg['flows']
        self.NE, self.ND = cfg['encoderLayers'], cfg['decoderLayers']
        self.Fd = self.H * self.D
        self.architecture = cfg.get('architecture', 'legacy')
        self.table = sinusoidal_table(155, self.Fd, self.architecture != 'legacy').to(next(iter(weights.values())).dtype)
        self.allowed = allowed_values()
        self.order = parameter_order()

    def lin(self, x, p):
        return F.linear(x, self.W[p + '.weight'], self.W[p + '.bias'])

    def ln(self, x, p=None):
        return F.layer_norm(x, (self.Fd,), self.W[p + '.weight'] if p else None, self.W[p + '.bias'] if p else None, 1e-5)

    def layer(self, x, p):
        B, H, D = x.shape[0], self.H, self.D
        qkv = self.lin(x, p + '.qkv').view(B, 155, 3, H, D).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(H), -1) @ v
        a = a.permute(0, 2, 1, 3).reshape(B, 155, self.Fd)
        h = self.ln(x + a, p + '.attentionNorm')
        return self.ln(h + self.lin(F.gelu(self.lin(h, p + '.up')), p + '.down'))

    def stack(self, x, p, n, before=None, film_every_layer=True):
        film = self.lin(self.table, p + '.film.map')
        gamma, beta = torch.sigmoid(film[:, :self.Fd]), torch.tanh(film[:, self.Fd:])
        for i in range(n):
            if i == 0 or film_every_layer:
                x = x * gamma + beta
            if before:
                x = before(i, x)
            x = self.layer(x, f'{p}.layers.{i}')
        return x

    def encode(self, tokens):
        """Pooled encoding h, posterior mean and clamped log-variance."""
        h = self.stack(self.W['embedding.weight'][tokens], 'encoder', self.NE).mean(1)
        stats = self.lin(F.gelu(self.lin(h, 'posterior.hidden')), 'posterior.out')
        return h, stats[:, :self.L], torch.clamp(stats[:, self.L:], -10, 8)

    def flow(self, h, z0):
        """z0 through the triangular Sylvester flows amortised from h: zK and the summed log|det|."""
        B, K, L = z0.shape[0], self.K, self.L
        a = self.lin(h, 'flows.amortiser')
        full = a[:, :K * L * L].view(B, K, L, L)
        d1 = torch.tanh(a[:, K * L * L:K * L * L + K * L].view(B, K, L))
        d2 = torch.tanh(a[:, K * L * L + K * L:K * L * L + 2 * K * L].view(B, K, L))
        bb = a[:, K * L * L + 2 * K * L:].view(B, K, L)
        triu = torch.triu(torch.ones(L, L, dtype=z0.dtype), 1)
        z, logdet = z0, torch.zeros(B, dtype=z0.dtype)
        for f in range(K):
            r1 = full[:, f] * triu + torch.diag_embed(d1[:, f])
            r2 = full[:, f].transpose(1, 2) * triu + torch.diag_embed(d2[:, f])
            zq = z.flip(-1) if f % 2 else z
            act = torch.tanh(torch.bmm(zq.unsqueeze(1), r2.transpose(1, 2)) + bb[:, f].unsqueeze(1))
            step = torch.bmm(act, r1.transpose(1, 2)).squeeze(1)
            z = z + (step.flip(-1) if f % 2 else step)
            logdet = logdet + torch.log(torch.abs(1 + d1[:, f] * d2[:, f] * (1 - act.squeeze(1) ** 2))).sum(-1)
        return z, logdet

    def decode(self, z, tokens=None, dropped=None):
        """Logits [B, 155, 128] for latents zK, not yet masked (the autoregressive decoder reads the voices' tokens)."""
        if self.architecture == 'autoregressive':
            return self.decode_autoregressive(z, tokens, dropped)
        B = z.shape[0]
        c = self.lin(z, 'conditioning').view(B, 155, self.C)

        def cond(i, x):
            film = self.lin(F.gelu(self.lin(c, f'decoderFilm.{i}.hidden')), f'decoderFilm.{i}.out')
            return x * torch.sigmoid(film[..., :self.Fd]) + torch.tanh(film[..., self.Fd:])

        # The original applies the positional FiLM once before the decoder's stack; legacy models before every layer.
        y = self.stack(torch.ones(B, 155, self.Fd, dtype=z.dtype), 'decoder', self.ND, cond, film_every_layer=self.architecture == 'legacy')
        return self.lin(F.gelu(self.lin(y, 'output.hidden')), 'output.out')

    def conditioning(self, z):
        """What every step of the autoregressive decoder adds for the voice: the latent's map, and a decoder by
        category's row for "any" (CategoryCode.Any, 0)."""
        c = self.lin(z, 'decoder.latent')
        return c + self.W['decoder.category.weight'][0] if 'decoder.category.weight' in self.W else c

    def decode_autoregressive(self, z, tokens, dropped):
        """Teacher forcing: step t reads the value of the parameter drawn at t - 1 (128, the start token, at step 0 or
        where `dropped` says), its position, and the latent's map; pre-norm causal layers; logits back in VCED order."""
        B, H, D, Fd = z.shape[0], self.H, self.D, self.Fd
        previous = torch.full((B, 155), 128, dtype=torch.long)
        previous[:, 1:] = tokens[:, self.order[:-1]]
        if dropped is not None:
            previous[dropped] = 128
        x = self.W['decoder.value.weight'][previous] + self.W['decoder.position'] + self.conditioning(z)[:, None, :]
        later = torch.triu(torch.ones(155, 155, dtype=torch.bool), 1)
        for i in range(self.ND):
            p = f'decoder.layers.{i}'
            qkv = self.lin(self.ln(x, p + '.attentionNorm'), p + '.qkv').view(B, 155, 3, H, D).permute(2, 0, 3, 1, 4)
            scores = (qkv[0] @ qkv[1].transpose(-1, -2) / math.sqrt(D)).masked_fill(later, float('-inf'))
            a = (torch.softmax(scores, -1) @ qkv[2]).permute(0, 2, 1, 3).reshape(B, 155, Fd)
            x = x + self.lin(a, p + '.output')
            x = x + self.lin(F.gelu(self.lin(self.ln(x, p + '.feedForwardNorm'), p + '.up')), p + '.down')
        logits = self.lin(self.ln(x, 'decoder.norm'), 'decoder.head')
        out = torch.empty_like(logits)
        out[:, self.order] = logits
        return out

    def sample_autoregressive(self, z):
        """Most likely voices for latents zK, drawn step by step as generation draws them: each step runs one position
        of every layer over the keys and values the steps before it left in a cache (the usual KV-cache decode), then
        takes the parameter's most likely allowed value, which the next step reads. Tokens [B, 155] in VCED order."""
        B, H, D, Fd = z.shape[0], self.H, self.D, self.Fd
        base = self.conditioning(z)
        keys = [torch.empty(B, H, 155, D, dtype=z.dtype) for _ in range(self.ND)]
        values = [torch.empty(B, H, 155, D, dtype=z.dtype) for _ in range(self.ND)]
        previous = torch.full((B,), 128, dtype=torch.long)
        tokens = torch.empty(B, 155, dtype=torch.long)
        for t, position in enumerate(self.order):
            x = self.W['decoder.value.weight'][previous] + self.W['decoder.position'][t] + base
            for i in range(self.ND):
                p = f'decoder.layers.{i}'
                q, k, v = self.lin(self.ln(x, p + '.attentionNorm'), p + '.qkv').view(B, 3, H, D).unbind(1)
                keys[i][:, :, t] = k
                values[i][:, :, t] = v
                scores = (q[:, :, None, :] @ keys[i][:, :, :t + 1].transpose(-1, -2)) / math.sqrt(D)
                a = (torch.softmax(scores, -1) @ values[i][:, :, :t + 1]).reshape(B, Fd)
                x = x + self.lin(a, p + '.output')
                x = x + self.lin(F.gelu(self.lin(self.ln(x, p + '.feedForwardNorm'), p + '.up')), p + '.down')
            logits = self.lin(self.ln(x, 'decoder.norm'), 'decoder.head')
            previous = logits.masked_fill(~self.allowed[position], float('-inf')).argmax(-1)
            tokens[:, position] = previous
        return tokens

    def masked(self, logits):
        return logits.masked_fill(~self.allowed, float('-inf'))
