"""PyTorch CPU peer for `npm run bench`: the same conv3d shapes and the same teacher/student training step.

Usage: python3 bench/torchPeer.py '<json config>'   (the bench passes it; see bench/torchPeer.ts)
Prints progress lines, then ONE JSON object as its last line.
Run with Debian's /usr/bin/python3 and python3-torch; threads are fixed by the config (the bench uses 2).
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def best_ms(fn, reps):
    fn()  # warm-up
    best = float("inf")
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t) * 1000)
    return best


def median_ms(fn, reps):
    fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return times[len(times) // 2]


def conv_times(d, h, w, c, co, reps):
    """Forward, input gradient and filter gradient of a k=3 'same' conv3d, batch 1 (aten's own backward kernels)."""
    x = torch.randn(1, c, d, h, w)
    wt = torch.randn(co, c, 3, 3, 3)
    dy = torch.randn(1, co, d, h, w)
    args = ([1, 1, 1], [1, 1, 1], [1, 1, 1], False, [0, 0, 0], 1)
    with torch.no_grad():
        fwd = best_ms(lambda: F.conv3d(x, wt, padding=1), reps)
        dx = best_ms(lambda: torch.ops.aten.convolution_backward(dy, x, wt, None, *args, [True, False, False]), reps)
        dw = best_ms(lambda: torch.ops.aten.convolution_backward(dy, x, wt, None, *args, [False, True, False]), reps)
    return {"fwd_ms": fwd, "dx_ms": dx, "dw_ms": dw}


# --- The SE-ResUNet of src/engine/models/createUNet.ts, layer for layer (NCDHW instead of NDHWC). ---


class ConvLayer(nn.Module):
    def __init__(self, cin, cout, k, stride=1, bias=True, separable=False):
        super().__init__()
        pad = k // 2
        if separable:
            self.conv = nn.Sequential(
                nn.Conv3d(cin, cin, k, stride, pad, groups=cin, bias=True),
                nn.Conv3d(cin, cout, 1, bias=bias),
            )
        else:
            self.conv = nn.Conv3d(cin, cout, k, stride, pad, bias=bias)

    def forward(self, x):
        return self.conv(x)


def norm(c):
    return nn.InstanceNorm3d(c, eps=1e-5, affine=True)


class ResidualBlock(nn.Module):
    def __init__(self, cin, cout, stride, separable, slope):
        super().__init__()
        self.conv1 = ConvLayer(cin, cout, 3, stride, True, separable)
        self.norm1 = norm(cout)
        self.conv2 = ConvLayer(cout, cout, 3, 1, True, separable)
        self.norm2 = norm(cout)
        self.skip = None
        if stride != 1 or cin != cout:
            self.skip = nn.Sequential(nn.Conv3d(cin, cout, 1, stride, bias=False), norm(cout))
        self.slope = slope

    def forward(self, x):
        y = self.norm2(self.conv2(F.leaky_relu(self.norm1(self.conv1(x)), self.slope)))
        s = x if self.skip is None else self.skip(x)
        return F.leaky_relu(y + s, self.slope)


class PlainBlock(nn.Module):
    def __init__(self, cin, cout, separable, slope):
        super().__init__()
        self.units = nn.ModuleList([nn.ModuleList([ConvLayer(cin if i == 0 else cout, cout, 3, 1, True, separable), norm(cout)]) for i in range(2)])
        self.slope = slope

    def forward(self, x):
        for conv, n in self.units:
            x = F.leaky_relu(n(conv(x)), self.slope)
        return x


class ResidualSE(nn.Module):
    def __init__(self, c, r, slope):
        super().__init__()
        hidden = max(1, c // r)
        self.fc1 = nn.Linear(c, hidden)
        self.fc2 = nn.Linear(hidden, c)
        self.slope = slope

    def forward(self, x):
        s = F.relu(self.fc2(F.leaky_relu(self.fc1(x.mean(dim=(2, 3, 4))), self.slope)))
        return x + x * s[:, :, None, None, None]


class SEResUNet(nn.Module):
    def __init__(self, features, blocks, separable, in_ch=1, classes=14, slope=0.01, se_reduction=8):
        super().__init__()
        f = features
        self.slope = slope
        self.stem = nn.Conv3d(in_ch, f[0], 3, 1, 1, bias=True)
        self.stem_norm = norm(f[0])
        self.encoder = nn.ModuleList()
        for level, width in enumerate(f):
            n = blocks[level] if isinstance(blocks, list) else blocks
            self.encoder.append(
                nn.ModuleList([ResidualBlock(width if b > 0 else f[max(level - 1, 0)], width, 2 if level > 0 and b == 0 else 1, separable, slope) for b in range(n)])
            )
        self.ups = nn.ModuleList()
        self.ses = nn.ModuleList()
        self.dec = nn.ModuleList()
        for level in range(len(f) - 2, -1, -1):
            self.ups.append(nn.ConvTranspose3d(f[level + 1], f[level], 2, 2, bias=False))
            self.ses.append(ResidualSE(f[level], se_reduction, slope))
            self.dec.append(PlainBlock(2 * f[level], f[level], separable, slope))
        self.head = nn.Conv3d(f[0], classes, 1, bias=False)

    def forward(self, x):
        y = F.leaky_relu(self.stem_norm(self.stem(x)), self.slope)
        skips = []
        for blocks in self.encoder:
            for b in blocks:
                y = b(y)
            skips.append(y)
        for i, level in enumerate(range(len(skips) - 2, -1, -1)):
            up = self.ses[i](self.ups[i](y))
            s = self.ses[i](skips[level])
            y = self.dec[i](torch.cat([up, s], 1))
        return self.head(y)


def step_ms(spec, patch, classes, reps, batch=1):
    """One training step on `batch` patches: forward, mean cross-entropy, backward, SGD (Nesterov momentum 0.99) update."""
    torch.manual_seed(0)
    net = SEResUNet(spec["features"], spec["blocks"], spec["separable"], classes=classes)
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.99, nesterov=True, weight_decay=3e-5)
    x = torch.randn(batch, 1, patch, patch, patch)
    labels = torch.randint(0, classes, (batch, patch, patch, patch))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), labels)
        loss.backward()
        opt.step()

    return median_ms(step, reps), sum(p.numel() for p in net.parameters())


def main():
    cfg = json.loads(sys.argv[1])
    torch.set_num_threads(cfg["threads"])
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "conv": []}
    for shape in cfg["convs"]:
        r = conv_times(*shape, cfg.get("reps", 3))
        out["conv"].append(r)
        print(f"torch conv3d {shape}: {r}", flush=True)
    for name, spec in cfg.get("networks", {}).items():
        ms, params = step_ms(spec, cfg["patch"], cfg["classes"], cfg.get("stepReps", 3))
        out[f"{name}_step_ms"] = ms
        out[f"{name}_params"] = params
        print(f"torch {name} step: {ms:.0f} ms ({params} parameters)", flush=True)
    # The same step on a batch of several patches: the throughput peer of MedKD's data-parallel step.
    for name, spec in cfg.get("batchNetworks", {}).items():
        b = cfg["batch"]
        ms, _ = step_ms(spec, cfg["patch"], cfg["classes"], cfg.get("stepReps", 3), batch=b)
        out[f"{name}_step_batch_ms"] = ms
        print(f"torch {name} step, batch {b}: {ms:.0f} ms", flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
