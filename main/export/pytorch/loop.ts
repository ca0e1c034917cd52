import { indent } from "../../../shared/python";
import { mainCode } from "./main";
import type { Accuracy } from "./objective";

/** What the training loop and the command line depend on. */
export interface LoopOptions {
  graphName: string;
  csv: boolean;
  accuracy: Accuracy;
  /** Whether the learning rate decays after each epoch (LR_DECAY). */
  lrDecay: boolean;
}

const DISTRIBUTED = `def setup_distributed():
    """Joins the process group when started by torchrun; returns (rank, world size, device)."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    cuda = torch.cuda.is_available()
    if world_size == 1:
        return 0, 1, torch.device("cuda" if cuda else "cpu")
    if cuda:
        local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        torch.cuda.set_device(local_rank)
        dist.init_process_group("nccl")
        device = torch.device("cuda", local_rank)
    else:
        dist.init_process_group("gloo")
        device = torch.device("cpu")
    return dist.get_rank(), world_size, device


def all_sum(values, device):
    """Sums numbers over all processes, so every process sees the totals."""
    if not dist.is_initialized():
        return values
    totals = torch.tensor(values, dtype=torch.float64, device=device)
    dist.all_reduce(totals)
    return totals.tolist()`;

const CALLBACK = `class Callback:
    """Hooks into train(), as Keras callbacks do: NetLoom's app streams the metrics of every
    step through them, and pauses or stops training (set stop_training to stop)."""

    stop_training = False

    def on_epoch_begin(self, epoch):
        pass

    def on_batch_end(self, loss, correct, samples, output):
        """After each optimizer step: the batch's loss, correct predictions (None when the graph
        does not classify), sample count and output."""

    def on_epoch_end(self, epoch, logs):
        pass`;

/** `train_epoch`, `evaluate` and `print_predictions`, counting correct predictions when classifying. */
function loopFunctions(accuracy: Accuracy): string[] {
  const acc = accuracy !== null;
  const sums = (names: string) => (acc ? names.replace("total_loss", "total_loss, correct") : names);
  const zeros = (names: string) => (acc ? names.replace("0.0", "0.0, 0") : names);
  const predicted = {
    argmax: "predicted = output.argmax(dim=-1).tolist()",
    threshold: "predicted = (output > 0.5).long().view(-1).tolist()",
    none: 'predicted = [f"{v:.6g}" for v in output.view(len(output), -1)[:, 0].tolist()]',
  }[accuracy ?? "none"];
  return [
    CALLBACK,
    "",
    "",
    "def train_epoch(model, batches, loss_fn, optimizer, device, callback):",
    ...indent([
      '"""Trains one epoch, or until the callback stops it; returns loss, accuracy and samples,',
      'over all processes."""',
      "model.train()",
      zeros(`${sums("total_loss")}, seen = 0.0, 0`),
      "for x, y in batches:",
      ...indent([
        "x, y = x.to(device), y.to(device)",
        "optimizer.zero_grad()",
        "output = model(x)",
        "loss = loss_fn(output, y)",
        "loss.backward()",
        "optimizer.step()",
        acc ? "batch_loss, batch_correct = loss.item(), count_correct(output, y)" : "batch_loss = loss.item()",
        "total_loss += batch_loss * len(x)",
        ...(acc ? ["correct += batch_correct"] : []),
        "seen += len(x)",
        `callback.on_batch_end(batch_loss, ${acc ? "batch_correct" : "None"}, len(x), output)`,
        "if callback.stop_training:",
        ...indent(["break"]),
      ]),
      `${sums("total_loss")}, seen = all_sum([${sums("total_loss")}, seen], device)`,
      `return total_loss / max(seen, 1), ${acc ? "correct / max(seen, 1)" : "None"}, int(seen)`,
    ]),
    "",
    "",
    "@torch.no_grad()",
    "def evaluate(net, dataset, loss_fn, batch_size, device):",
    ...indent([
      '"""Loss and accuracy on a whole dataset; each process scores every world_size-th sample."""',
      "rank, world_size = 0, 1",
      "if dist.is_initialized():",
      ...indent(["rank, world_size = dist.get_rank(), dist.get_world_size()"]),
      "net.eval()",
      zeros(`${sums("total_loss")} = 0.0`),
      "for x, y in Batches(dataset, batch_size, range(rank, len(dataset), world_size)):",
      ...indent([
        "x, y = x.to(device), y.to(device)",
        "output = net(x)",
        "total_loss += loss_fn(output, y).item() * len(x)",
        ...(acc ? ["correct += count_correct(output, y)"] : []),
      ]),
      `${acc ? "total_loss, correct" : "(total_loss,)"} = all_sum([${sums("total_loss")}], device)`,
      `return total_loss / len(dataset), ${acc ? "correct / len(dataset)" : "None"}`,
    ]),
    "",
    "",
    "@torch.no_grad()",
    "def print_predictions(net, dataset, count, device):",
    ...indent([
      `"""Prints the predicted ${acc ? "classes" : "values"} of the first count samples, on one line."""`,
      "net.eval()",
      "output = net.predict(dataset.x[:count].to(device))",
      predicted,
      'print("predictions:", " ".join(str(p) for p in predicted), flush=True)',
    ]),
    "",
    "",
    'def metrics(loss, accuracy, prefix=""):',
    ...indent([
      '"""One metrics line: loss, and accuracy when the graph classifies."""',
      'text = f"{prefix}loss {loss:.4f}"',
      "if accuracy is not None:",
      ...indent(['text += f"  {prefix}accuracy {accuracy:.4f}"']),
      "return text",
    ]),
  ];
}

/** Distributed setup, the training and evaluation loops, the command line and `main()`. */
export function loopCode(o: LoopOptions): string[] {
  return [DISTRIBUTED, "", "", ...loopFunctions(o.accuracy), "", "", ...mainCode(o)];
}
