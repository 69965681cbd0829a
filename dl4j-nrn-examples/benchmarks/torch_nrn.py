#!/usr/bin/env python3
"""The NRN cell with the fused solver in PyTorch, written the way the Python reference implementation of
liquid time-constant networks writes it: per unfold, batched tensor operations over [batch, source, target]
synapse arrays; the sequence walked step by step; autograd for the backward pass; Adam.

It times one training iteration (forward, MSE loss, backward, Adam step) and one inference pass (no autograd)
on random data, and prints one JSON object per size on standard output. With --serve it builds the model of one
size, warms it up, prints one JSON line, then times one iteration per command read from standard input
("train" or "infer", answered with the milliseconds; "quit" ends), so that the Java benchmark harness
(io.github.dl4jnrn.examples.Benchmark) can interleave its measurements with its own, repetition by repetition.

    /usr/bin/python3 torch_nrn.py --sizes 32x50x6 --batch 32 --inputs 8 --warmup 2 --reps 5 --threads 2
    /usr/bin/python3 torch_nrn.py --sizes 32x50x6 --serve

Needs PyTorch (Debian: apt-get install python3-torch). Float32, CPU.
"""
import argparse
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class NrnCell(nn.Module):
    """One NRN cell: leak, sensory and recurrent synapses, fused semi-implicit step, affine input and output maps."""

    def __init__(self, inputs, units, outputs, unfolds):
        super().__init__()
        self.unfolds = unfolds
        self.outputs = outputs

        def uniform(lo, hi, *shape):
            return nn.Parameter(torch.rand(*shape) * (hi - lo) + lo)

        def polarity(*shape):
            return nn.Parameter(torch.where(torch.rand(*shape) < 2 / 3, 1.0, -1.0))

        self.gleak = uniform(0.001, 1.0, units)
        self.vleak = uniform(-0.2, 0.2, units)
        self.cm = uniform(0.4, 0.6, units)
        self.sigma = uniform(3, 8, units, units)
        self.mu = uniform(0.3, 0.8, units, units)
        self.w = uniform(0.001, 1.0, units, units)
        self.erev = polarity(units, units)
        self.sensory_sigma = uniform(3, 8, inputs, units)
        self.sensory_mu = uniform(0.3, 0.8, inputs, units)
        self.sensory_w = uniform(0.001, 1.0, inputs, units)
        self.sensory_erev = polarity(inputs, units)
        self.input_w = nn.Parameter(torch.ones(inputs))
        self.input_b = nn.Parameter(torch.zeros(inputs))
        self.output_w = nn.Parameter(torch.ones(outputs))
        self.output_b = nn.Parameter(torch.zeros(outputs))
        self.epsilon = 1e-8

    @staticmethod
    def _synapse(v, mu, sigma):
        # v [batch, source] -> activations [batch, source, target]
        return torch.sigmoid(sigma * (v.unsqueeze(-1) - mu))

    def forward(self, u, v, elapsed=1.0):
        u = u * self.input_w + self.input_b
        sensory = F.softplus(self.sensory_w) * self._synapse(u, self.sensory_mu, self.sensory_sigma)
        sensory_num = torch.sum(sensory * self.sensory_erev, dim=1)
        sensory_den = torch.sum(sensory, dim=1)
        cm_t = F.softplus(self.cm) / (elapsed / self.unfolds)
        gleak = F.softplus(self.gleak)
        w = F.softplus(self.w)
        for _ in range(self.unfolds):
            act = w * self._synapse(v, self.mu, self.sigma)
            num = cm_t * v + gleak * self.vleak + torch.sum(act * self.erev, dim=1) + sensory_num
            den = cm_t + gleak + torch.sum(act, dim=1) + sensory_den
            v = num / (den + self.epsilon)
        return v

    def output(self, v):
        return v[:, :self.outputs] * self.output_w + self.output_b


class Model(nn.Module):
    """The NRN layer (all units are outputs, as in the Java benchmark) and a dense output layer per step."""

    def __init__(self, inputs, units, unfolds):
        super().__init__()
        self.units = units
        self.cell = NrnCell(inputs, units, units, unfolds)
        self.head = nn.Linear(units, 1)

    def forward(self, x):
        # x [batch, T, inputs] -> [batch, T, 1]
        v = torch.zeros(x.shape[0], self.units)
        ys = []
        for t in range(x.shape[1]):
            v = self.cell(x[:, t], v)
            ys.append(self.cell.output(v))
        return self.head(torch.stack(ys, dim=1))


def timed(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1e3


def setup(units, steps, unfolds, args):
    """The model of one size, its optimizer and data, and its training and inference steps."""
    torch.manual_seed(1)
    model = Model(args.inputs, units, unfolds)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(args.batch, steps, args.inputs)
    y = torch.rand(args.batch, steps, 1)

    def train():
        optimizer.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()

    def infer():
        with torch.no_grad():
            model(x)

    for _ in range(args.warmup):
        train()
    infer()
    params = sum(p.numel() for p in model.parameters())
    meta = {"units": units, "steps": steps, "unfolds": unfolds, "params": params, "threads": torch.get_num_threads(),
            "torch": torch.__version__}
    return meta, train, infer


def measure(units, steps, unfolds, args):
    meta, train, infer = setup(units, steps, unfolds, args)
    train_ms = [timed(train) for _ in range(args.reps)]
    infer_ms = [timed(infer) for _ in range(args.reps)]
    return dict(meta, train_ms=statistics.median(train_ms), infer_ms=statistics.median(infer_ms))


def serve(units, steps, unfolds, args):
    meta, train, infer = setup(units, steps, unfolds, args)
    print(json.dumps(meta), flush=True)
    steps_by_name = {"train": train, "infer": infer}
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        if command not in steps_by_name:
            print("error: unknown command " + repr(command) + "; commands: train, infer, quit", flush=True)
            continue
        print("%.6f" % timed(steps_by_name[command]), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="32x50x6", help="units x T x unfolds, comma separated")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--inputs", type=int, default=8)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--threads", type=int, default=0, help="intra-op threads (0: PyTorch's default)")
    p.add_argument("--serve", action="store_true", help="time one iteration per command on standard input")
    args = p.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    sizes = [tuple(int(v) for v in size.strip().split("x")) for size in args.sizes.split(",")]
    if args.serve:
        if len(sizes) != 1:
            p.error("--serve takes one size")
        serve(*sizes[0], args)
        return
    for units, steps, unfolds in sizes:
        print(json.dumps(measure(units, steps, unfolds, args)), flush=True)


if __name__ == "__main__":
    main()
