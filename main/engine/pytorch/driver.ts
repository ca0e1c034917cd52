/**
 * The Python side of the pytorch backend. It imports the module `netloom export --format pytorch`
 * writes for the graph, trains it with that module's own `train()` on the samples NetLoom
 * prepared, and talks to the engine over a local socket: metrics out, pause/resume/stop in. It
 * runs alone, or once per process under torchrun (the first process talks, all of them train).
 */
export const DRIVER_CODE = String.raw`"""Trains one NetLoom run with PyTorch: python3 driver.py RUN_DIR (or under torchrun).

RUN_DIR holds model.py (the graph's module, as NetLoom exports it), run.json (the run's settings)
and the prepared samples as raw little-endian arrays. The first process connects to
NETLOOM_CHANNEL (host:port), sends NETLOOM_TOKEN, streams JSON lines and reads commands.
"""

import ctypes
import importlib.util
import json
import math
import os
import socket
import sys
import threading
import time

import numpy as np
import torch
import torch.distributed as dist

# Steps between the processes' agreements on pause, stop and divergence under torchrun.
SYNC_STEPS = 8


def load_module(path):
    spec = importlib.util.spec_from_file_location("netloom_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def finite(value):
    return value if value is not None and math.isfinite(value) else None


def number_text(value):
    """A number for JSON, which has no NaN or Infinity: those are written as JavaScript does."""
    if math.isfinite(value):
        return value
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


class Channel:
    """JSON lines to NetLoom; commands from it change state (running, paused, stopping)."""

    def __init__(self, address, token):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        self.sock.settimeout(None)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.lock = threading.Lock()
        self.changed = threading.Condition()
        self.state = "running"
        self.send({"type": "hello", "token": token})
        threading.Thread(target=self.read, daemon=True).start()

    def send(self, message):
        data = (json.dumps(message, allow_nan=False) + "\n").encode()
        with self.lock:
            self.sock.sendall(data)

    def read(self):
        try:
            for line in self.sock.makefile("r", encoding="utf-8"):
                command = line.strip()
                with self.changed:
                    if command == "stop":
                        self.state = "stopping"
                    elif command == "pause" and self.state == "running":
                        self.state = "paused"
                    elif command == "resume" and self.state == "paused":
                        self.state = "running"
                    self.changed.notify_all()
        except OSError:
            pass
        # NetLoom is gone, so nobody will read what this run reaches.
        os._exit(3)

    def wait(self, seconds):
        """The state, after waiting up to seconds while it is paused."""
        with self.changed:
            if self.state == "paused":
                self.changed.wait(seconds)
            return self.state


STATES = ["running", "paused", "stopping"]


class Reporter:
    """The module's Callback for NetLoom: streams metrics from the first process, obeys pause
    and stop, and stops at the first step whose loss or outputs are not finite."""

    def __init__(self, channel, rank, world_size, device, run):
        self.channel, self.rank, self.world_size, self.device = channel, rank, world_size, device
        self.event_seconds = run["eventSeconds"]
        self.smoother = LossSmoother(run["smoothingBatches"])
        self.stop_training = False
        self.diverged = None
        self.paused_seconds = 0.0
        self.steps = self.epoch = self.batch = 0

    def send(self, message):
        if self.channel is not None:
            self.channel.send(message)

    def agree(self, wait=0.0):
        """NetLoom's command and whether a process diverged, the same in every process."""
        state = STATES.index(self.channel.wait(wait)) if self.channel is not None else 0
        bad = 0 if self.diverged is None else 1
        if self.world_size > 1:
            flags = torch.tensor([state, bad], dtype=torch.int64, device=self.device)
            dist.all_reduce(flags, dist.ReduceOp.MAX)
            state, bad = int(flags[0]), int(flags[1])
        return STATES[state], bool(bad)

    def on_epoch_begin(self, epoch):
        self.epoch, self.batch = epoch, 0
        self.correct = self.seen = 0
        self.epoch_start = self.last_event = time.perf_counter()
        self.epoch_cpu = time.process_time()
        self.epoch_paused = self.trained = self.trained_cpu = 0.0
        state, _ = self.agree()
        if state == "paused":
            state = self.pause()
        if state == "stopping":
            self.stop_training = True

    def on_batch_end(self, loss, correct, samples, output):
        self.batch += 1
        self.steps += 1
        # The first process sees its share of each step; the others saw as many.
        self.seen += samples * self.world_size
        if correct is not None:
            self.correct += correct * self.world_size
        if self.diverged is None and not (math.isfinite(loss) and bool(torch.isfinite(output).all())):
            what = "outputs" if math.isfinite(loss) else "loss"
            self.diverged = {"epoch": self.epoch, "batch": self.batch, "what": what, "loss": number_text(loss)}
        else:
            self.smoother.add(loss)
        now = time.perf_counter()
        # Training time of the epoch so far: paused time and validation left out.
        self.trained = now - self.epoch_start - self.epoch_paused
        self.trained_cpu = time.process_time() - self.epoch_cpu
        if self.world_size > 1 and self.steps % SYNC_STEPS != 0:
            return
        state, bad = self.agree()
        if bad:
            self.diverged = self.diverged or {"epoch": self.epoch, "batch": self.batch, "what": "outputs",
                                              "loss": None}
            self.stop_training = True
            return
        if self.steps == 1 or now - self.last_event >= self.event_seconds:
            accuracy = self.correct / self.seen if correct is not None else None
            self.send({"type": "batch", "epoch": self.epoch, "batch": self.batch, "loss": loss,
                       "smoothLoss": self.smoother.value, "accuracy": accuracy,
                       "samplesPerSec": self.speed()})
            self.last_event = now
        if state == "paused":
            state = self.pause()
        if state == "stopping":
            self.stop_training = True

    def speed(self):
        return self.seen / max(1e-6, self.trained)

    def pause(self):
        began = time.perf_counter()
        self.send({"type": "paused", "epoch": self.epoch, "batch": self.batch})
        state = "paused"
        while state == "paused":
            state, _ = self.agree(wait=1.0)
        if state == "running":
            self.send({"type": "resumed"})
        spent = time.perf_counter() - began
        self.paused_seconds += spent
        self.epoch_paused += spent
        self.last_event += spent
        return state

    def on_epoch_end(self, epoch, logs):
        seconds = time.perf_counter() - self.epoch_start - self.epoch_paused
        self.send({"type": "epoch", "epoch": epoch, "loss": finite(logs["loss"]),
                   "accuracy": logs["accuracy"], "valLoss": finite(logs.get("val_loss")),
                   "valAccuracy": logs.get("val_accuracy"), "seconds": seconds,
                   "smoothLoss": finite(self.smoother.value), "samplesPerSec": self.speed(),
                   "cpuSeconds": self.trained_cpu})


class LossSmoother:
    """The training loss smoothed over every batch as NetLoom's engine smooths it (smoothing.ts):
    an exponential moving average over about that many batches, its start-up bias removed."""

    def __init__(self, batches):
        self.weight = 1 - 1 / max(1, batches)
        self.mean, self.steps = 0.0, 0

    def add(self, loss):
        self.mean = self.mean * self.weight + (1 - self.weight) * loss
        self.steps += 1

    @property
    def value(self):
        return None if self.steps == 0 else self.mean / (1 - self.weight ** self.steps)


def read_array(run_dir, name, dtype, shape):
    return np.fromfile(os.path.join(run_dir, name), dtype=dtype).reshape(shape)


def datasets(module, run_dir, run):
    n, x_shape, y_size = run["samples"], run["xShape"], run["ySize"]
    x = read_array(run_dir, "x.f32", "<f4", [n, *x_shape])
    y = read_array(run_dir, "y.f32", "<f4", [n, y_size])
    if run["targets"] == "indices":
        # The model ends in log_softmax for NLLLoss, which takes class indices, not one-hot rows.
        y = y.argmax(axis=1).astype(np.int64)
    train = read_array(run_dir, "train.i32", "<i4", [-1])
    validation = read_array(run_dir, "validation.i32", "<i4", [-1])
    return module.ArrayDataset(x[train], y[train]), module.ArrayDataset(x[validation], y[validation])


def write_weights(module, net, run_dir):
    """The trained weights in TF.js's layout, in one file; returns their specs."""
    specs = []
    with open(os.path.join(run_dir, "weights.bin"), "wb") as f:
        for name, value in module.tfjs_weights(net).items():
            value = np.ascontiguousarray(value, dtype="<f4")
            f.write(value.tobytes())
            specs.append({"name": name, "shape": list(value.shape), "dtype": "float32"})
    return specs


def plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def openblas_threads():
    """The threads of the OpenBLAS this process loaded, or None: its own pool, which
    torch.set_num_threads does not reach (Linux only: the library is found in /proc/self/maps)."""
    try:
        with open("/proc/self/maps") as f:
            libraries = {line.split()[-1] for line in f if "openblas" in line.lower() and ".so" in line}
        for library in sorted(libraries):
            get = getattr(ctypes.CDLL(library), "openblas_get_num_threads", None)
            if get is not None:
                return int(get())
    except (OSError, ValueError):
        pass
    return None


def describe(device, world_size):
    if device.type == "cuda":
        where = f"CUDA ({torch.cuda.get_device_name(device)})"
    else:
        where = f"the CPU, {plural(torch.get_num_threads(), 'thread')}"
        blas = openblas_threads()
        if blas is not None:
            where += f" (OpenBLAS: {plural(blas, 'thread')})"
    if world_size > 1:
        where += f" per process, {world_size} processes ({'nccl' if device.type == 'cuda' else 'gloo'})"
    return where


def main():
    run_dir = sys.argv[1]
    with open(os.path.join(run_dir, "run.json")) as f:
        run = json.load(f)
    module = load_module(os.path.join(run_dir, "model.py"))
    rank, world_size, device = module.setup_distributed()
    channel = None
    if rank == 0:
        channel = Channel(os.environ["NETLOOM_CHANNEL"], os.environ["NETLOOM_TOKEN"])
    torch.manual_seed(run["seed"])
    train_set, val_set = datasets(module, run_dir, run)
    net = module.Net().to(device)
    if channel is not None:
        channel.send({"type": "ready", "torch": torch.__version__, "device": describe(device, world_size),
                      "processes": world_size, "pid": os.getpid()})
    args = type("Args", (), {"epochs": run["epochs"], "batch_size": run["batchSize"], "lr": run["learningRate"],
                             "seed": run["seed"], "save_weights": None})()
    reporter = Reporter(channel, rank, world_size, device, run)
    module.train(args, net, train_set, val_set, None, rank, world_size, device, reporter)
    if channel is not None:
        end = {"pausedSeconds": reporter.paused_seconds, "epoch": reporter.epoch, "batch": reporter.batch}
        if reporter.diverged is not None:
            channel.send({"type": "diverged", **reporter.diverged})
        else:
            stopped = reporter.stop_training
            channel.send({"type": "end", "end": "stopped" if stopped else "done", **end,
                          "weights": write_weights(module, net, run_dir)})
    if world_size > 1:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
`;
