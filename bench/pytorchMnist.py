"""Trains NetLoom's MNIST preset network (784-300-10, ReLU, softmax, cross-entropy, SGD with
momentum) in PyTorch on the same IDX files as NetLoom, and prints one JSON line with samples/s.

Usage: python3 pytorchMnist.py IMAGES LABELS --batch 64 --threads 1 --samples 12800 --passes 3
(--threads 0 keeps PyTorch's and its BLAS's default thread counts.) --threads 1 is one thread
indeed: torch.set_num_threads does not reach a BLAS with its own thread pool (OpenBLAS pthread
multiplies on every core unless OPENBLAS_NUM_THREADS says otherwise). Each pass is one epoch over the samples; the
fastest pass is reported (other work on the machine only slows a pass down), in wall-clock and in
CPU time of the process, which other work disturbs less.
"""
import argparse
import gzip
import json
import os
import sys
import time


def read_idx(path):
    import numpy as np

    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("images")
    p.add_argument("labels")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--samples", type=int, default=12800)
    p.add_argument("--passes", type=int, default=3)
    p.add_argument("--lr", type=float, default=0.02)
    p.add_argument("--momentum", type=float, default=0.9)
    args = p.parse_args()
    if args.threads > 0:
        # BLAS libraries read their thread count when they load: before numpy and torch are imported.
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
            os.environ[var] = str(args.threads)
    try:
        import torch
    except ImportError as err:
        print(json.dumps({"skipped": f"PyTorch is not installed ({err})"}))
        return 0
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x = torch.from_numpy(read_idx(args.images)[: args.samples].reshape(-1, 784).astype("float32") / 255.0)
    y = torch.from_numpy(read_idx(args.labels)[: args.samples].astype("int64"))
    model = torch.nn.Sequential(torch.nn.Linear(784, 300), torch.nn.ReLU(), torch.nn.Linear(300, 10))
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
    loss_fn = torch.nn.CrossEntropyLoss()

    def epoch(limit=None):
        perm = torch.randperm(x.shape[0])
        loss = None
        end = x.shape[0] if limit is None else min(x.shape[0], limit * args.batch)
        for i in range(0, end - args.batch + 1, args.batch):
            idx = perm[i : i + args.batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        return float(loss)

    epoch(limit=20)  # warm-up, as NetLoom's bench does
    times = []
    cpu_times = []
    for _ in range(max(1, args.passes)):
        start, cpu_start = time.perf_counter(), time.process_time()
        loss = epoch()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    seconds = min(times)
    cpu_seconds = min(cpu_times)
    samples = (x.shape[0] // args.batch) * args.batch
    print(
        json.dumps(
            {
                "threads": args.threads or "default",
                "torchThreads": torch.get_num_threads(),
                "passes": len(times),
                "batchSize": args.batch,
                "samples": samples,
                "seconds": round(seconds, 3),
                "samplesPerSec": round(samples / seconds, 1),
                "samplesPerCpuSec": round(samples / cpu_seconds, 1),
                "loss": round(loss, 4),
                "torch": torch.__version__,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
