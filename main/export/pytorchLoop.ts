import { indent, pyStr } from "./python";
import type { Accuracy } from "./pytorchTraining";

/** What the training loop and the command line depend on. */
export interface LoopOptions {
  graphName: string;
  csv: boolean;
  accuracy: Accuracy;
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
    "def train_epoch(model, loader, loss_fn, optimizer, device):",
    ...indent([
      '"""Trains one epoch; returns loss, accuracy and samples, over all processes."""',
      "model.train()",
      zeros(`${sums("total_loss")}, seen = 0.0, 0`),
      "for x, y in loader:",
      ...indent([
        "x, y = x.to(device), y.to(device)",
        "optimizer.zero_grad()",
        "output = model(x)",
        "loss = loss_fn(output, y)",
        "loss.backward()",
        "optimizer.step()",
        "total_loss += loss.item() * len(x)",
        ...(acc ? ["correct += count_correct(output, y)"] : []),
        "seen += len(x)",
      ]),
      `${sums("total_loss")}, seen = all_sum([${sums("total_loss")}, seen], device)`,
      `return total_loss / seen, ${acc ? "correct / seen" : "None"}, int(seen)`,
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
      "shard = Subset(dataset, range(rank, len(dataset), world_size))",
      zeros(`${sums("total_loss")} = 0.0`),
      "for x, y in DataLoader(shard, batch_size=batch_size):",
      ...indent([
        "x, y = x.to(device), y.to(device)",
        "output = net(x)",
        "total_loss += loss_fn(output, y).item() * len(x)",
        ...(acc ? ["correct += count_correct(output, y)"] : []),
      ]),
      `${sums("total_loss")} = all_sum([${sums("total_loss")}], device)`,
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

/** One `add_argument` call, wrapped before `help=` when it would pass 99 columns. */
function argument(flag: string, options: string, help?: string): string[] {
  const head = `parser.add_argument(${pyStr(flag)}${options ? `, ${options}` : ""}`;
  if (!help) return [`${head})`];
  const line = `${head}, help=${pyStr(help)})`;
  return line.length <= 95 ? [line] : [`${head},`, `                    help=${pyStr(help)})`];
}

function argsFunction(o: LoopOptions): string[] {
  const what = o.accuracy === null ? "values" : "classes";
  const data = o.csv
    ? [
        ...argument("--csv", "default=TRAIN_CSV", "CSV table of the training split"),
        ...argument("--test-csv", "default=TEST_CSV", "CSV table of the test split"),
      ]
    : [
        ...argument("--train-images", "default=TRAIN_IMAGES", "IDX file of the training images"),
        ...argument("--train-labels", "default=TRAIN_LABELS", "IDX file of the training labels"),
        ...argument("--test-images", "default=TEST_IMAGES", "IDX file of the test images"),
        ...argument("--test-labels", "default=TEST_LABELS", "IDX file of the test labels"),
      ];
  return [
    "def parse_args():",
    ...indent([
      `description = ${pyStr(`Trains ${o.graphName}, a graph exported from NetLoom.`)}`,
      "parser = argparse.ArgumentParser(description=description)",
      ...data,
      ...argument("--epochs", "type=int, default=EPOCHS"),
      ...argument("--batch-size", "type=int, default=BATCH_SIZE", "samples per step, split over all processes"),
      ...argument("--lr", "type=float, default=LEARNING_RATE", "learning rate"),
      ...argument("--limit", "type=int, default=LIMIT", "use only the first N training samples (0: all)"),
      ...argument("--seed", "type=int, default=42", "seed of the initial weights and the shuffling"),
      ...argument("--weights", "default=WEIGHTS", "start from a TF.js model.json or a saved state_dict"),
      ...argument("--save-weights", 'metavar="PATH"', "write the trained state_dict to PATH"),
      ...argument(
        "--predict",
        'type=int, metavar="N"',
        `print the predicted ${what} of the first N test samples, then stop`,
      ),
      "return parser.parse_args()",
    ]),
  ];
}

/** Distributed setup, the training and evaluation loops, the command line and `main()`. */
export function loopCode(o: LoopOptions): string[] {
  return [DISTRIBUTED, "", "", ...loopFunctions(o.accuracy), "", "", ...argsFunction(o), "", "", MAIN];
}

const MAIN = `def train(args, net, train_set, val_set, test_set, rank, world_size, device):
    """Trains for args.epochs epochs, printing metrics on the first process."""
    loss_fn = make_loss()
    if world_size > 1:
        # The graph's batch size is what one optimizer step sees, so the processes share it.
        model = DistributedDataParallel(net)
        sampler = DistributedSampler(train_set, world_size, rank, shuffle=SHUFFLE, seed=args.seed)
        batch_size = max(1, args.batch_size // world_size)
        loader = DataLoader(train_set, batch_size=batch_size, sampler=sampler)
        where = f"{len(sampler)} training samples per epoch on {device}"
        print(f"process {rank} of {world_size}: {where}", flush=True)
    else:
        model, sampler = net, None
        loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=SHUFFLE)
    optimizer = make_optimizer(model.parameters(), args.lr)
    if rank == 0:
        print(f"training on {len(train_set)} samples, validating on {len(val_set)}", flush=True)
    for epoch in range(1, args.epochs + 1):
        if sampler is not None:
            sampler.set_epoch(epoch)
        loss, accuracy, seen = train_epoch(model, loader, loss_fn, optimizer, device)
        line = f"epoch {epoch}/{args.epochs}  {metrics(loss, accuracy)}"
        if len(val_set) > 0:
            validation = evaluate(net, val_set, loss_fn, args.batch_size, device)
            line += "  " + metrics(*validation, "val_")
        if rank == 0:
            print(f"{line}  ({seen} samples)", flush=True)
    if test_set is not None:
        test = evaluate(net, test_set, loss_fn, args.batch_size, device)
        if rank == 0:
            print(metrics(*test, "test_"), flush=True)
    if args.save_weights and rank == 0:
        torch.save(net.state_dict(), args.save_weights)
        print(f"saved weights to {args.save_weights}", flush=True)


def main():
    args = parse_args()
    rank, world_size, device = setup_distributed()
    torch.manual_seed(args.seed)
    train_set, val_set, test_set = load_data(args)
    net = Net().to(device)
    if args.weights:
        load_weights(net, args.weights)
    if args.predict is None:
        train(args, net, train_set, val_set, test_set, rank, world_size, device)
    elif rank == 0:
        print_predictions(net, test_set or val_set, args.predict, device)
    if world_size > 1:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()`;
