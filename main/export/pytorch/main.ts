import { indent, pyInt, pyStr } from "../../../shared/python";
import { DEFAULT_SEED } from "../../../shared/run";
import type { LoopOptions } from "./loop";

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
      ...argument(
        "--seed",
        `type=int, default=${pyInt(DEFAULT_SEED)}`,
        "seed of the initial weights and the shuffling",
      ),
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

/** `parse_args()`, `train()`, `main()` and the main guard. */
export function mainCode(o: LoopOptions): string[] {
  return [...argsFunction(o), "", "", mainText(o.lrDecay)];
}

const mainText = (
  decay: boolean,
) => `def train(args, net, train_set, val_set, test_set, rank, world_size, device, callback=None):
    """Trains for args.epochs epochs, printing metrics on the first process; a Callback sees
    every step and may stop training early."""
    callback = callback or Callback()
    loss_fn = make_loss()
    if world_size > 1:
        # The graph's batch size is what one optimizer step sees, so the processes share it.
        model = DistributedDataParallel(net)
        sampler = DistributedSampler(train_set, world_size, rank, shuffle=SHUFFLE, seed=args.seed)
        batches = Batches(train_set, max(1, args.batch_size // world_size), sampler)
        where = f"{len(sampler)} training samples per epoch on {device}"
        print(f"process {rank} of {world_size}: {where}", flush=True)
    else:
        model, sampler = net, None
        order = RandomSampler(train_set) if SHUFFLE else SequentialSampler(train_set)
        batches = Batches(train_set, args.batch_size, order)
    optimizer = make_optimizer(model.parameters(), args.lr)${
      decay
        ? `
    # Epoch e trains at lr * LR_DECAY ** (e - 1).
    scheduler = optim.lr_scheduler.ExponentialLR(optimizer, gamma=LR_DECAY)`
        : ""
    }
    if rank == 0:
        print(f"training on {len(train_set)} samples, validating on {len(val_set)}", flush=True)
    for epoch in range(1, args.epochs + 1):
        if sampler is not None:
            sampler.set_epoch(epoch)
        callback.on_epoch_begin(epoch)
        if callback.stop_training:
            return
        loss, accuracy, seen = train_epoch(model, batches, loss_fn, optimizer, device, callback)
        if callback.stop_training:
            return
        logs = {"loss": loss, "accuracy": accuracy, "samples": seen}
        line = f"epoch {epoch}/{args.epochs}  {metrics(loss, accuracy)}"
        if len(val_set) > 0:
            validation = evaluate(net, val_set, loss_fn, args.batch_size, device)
            logs["val_loss"], logs["val_accuracy"] = validation
            line += "  " + metrics(*validation, "val_")
        if rank == 0:
            print(f"{line}  ({seen} samples)", flush=True)
        callback.on_epoch_end(epoch, logs)${decay ? "\n        scheduler.step()" : ""}
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
