import { sizeOf } from "../../../shared/catalog";
import type { ModelStep } from "../../../shared/compile";

/** Python that starts the model from saved weights: NetLoom's TF.js artifacts or a PyTorch state_dict. */
export const WEIGHTS_CODE = `TFJS_DTYPES = {"float32": "<f4", "int32": "<i4", "bool": "|b1"}


def read_tfjs_weights(model_json):
    """Reads the weights of a TF.js Layers model (model.json and its weight files) by name.

    The manifest lists weight files in groups; each group's files are concatenated and hold the
    group's weights back to back, little endian, in the order listed.
    """
    with open(model_json) as f:
        manifest = json.load(f)["weightsManifest"]
    folder = os.path.dirname(os.path.abspath(model_json))
    weights = {}
    for group in manifest:
        data = b""
        for name in group["paths"]:
            with open(os.path.join(folder, name), "rb") as f:
                data += f.read()
        offset = 0
        for spec in group["weights"]:
            name, shape = spec["name"], spec["shape"]
            if "quantization" in spec or spec["dtype"] not in TFJS_DTYPES:
                raise SystemExit(f"{model_json}: weight {name} is quantized or not float32")
            dtype = np.dtype(TFJS_DTYPES[spec["dtype"]])
            count = int(np.prod(shape))
            weights[name] = np.frombuffer(data, dtype, count, offset).reshape(shape)
            offset += count * dtype.itemsize
    return weights


def load_tfjs_weights(net, model_json):
    """Copies the Dense kernels and biases of a NetLoom TF.js model into the matching nn.Linear."""
    weights = read_tfjs_weights(model_json)

    def take(name, shape):
        if name not in weights:
            raise SystemExit(f"{model_json} has no weight {name}; it has {', '.join(weights)}")
        found = list(weights[name].shape)
        if found != list(shape):
            raise SystemExit(f"{name} has shape {found}, but the model needs {list(shape)}")
        return torch.from_numpy(weights[name].astype(np.float32))

    with torch.no_grad():
        for layer, attribute in TFJS_DENSE_LAYERS.items():
            linear = getattr(net, attribute)
            units, inputs = linear.weight.shape
            # A tfjs Dense kernel is [inputs, units]; an nn.Linear weight is [units, inputs].
            linear.weight.copy_(take(f"{layer}/kernel", (inputs, units)).T)
            if linear.bias is not None:
                linear.bias.copy_(take(f"{layer}/bias", (units,)))


def load_weights(net, path):
    """Starts from saved weights: a TF.js model.json, or a state_dict written by --save-weights."""
    if os.path.isdir(path):
        path = os.path.join(path, "model.json")
    if not os.path.isfile(path):
        raise SystemExit(f"--weights {path}: no such file (a TF.js model.json or a state_dict)")
    if path.endswith(".json"):
        load_tfjs_weights(net, path)
    else:
        net.load_state_dict(torch.load(path, map_location="cpu"))`;

/** A weight as a TF.js manifest lists it. */
export interface ManifestWeight {
  name: string;
  shape: readonly number[];
}

/**
 * Why a TF.js model's weights cannot start this graph's PyTorch model, one line per problem:
 * every Dense kernel and bias the script copies must be present with the graph's shape.
 */
export function tfjsWeightProblems(steps: readonly ModelStep[], weights: readonly ManifestWeight[]): string[] {
  const byName = new Map(weights.map((w) => [w.name, w.shape]));
  const problems: string[] = [];
  const expect = (name: string, shape: number[]) => {
    const found = byName.get(name);
    if (!found) problems.push(`no weight ${name} (the graph's node needs [${shape.join(", ")}])`);
    else if (found.join() !== shape.join()) {
      problems.push(`${name} is [${found.join(", ")}] but the graph needs [${shape.join(", ")}]`);
    }
  };
  for (const step of steps) {
    const layer = step.layers[0];
    if (!layer || (step.kind !== "Linear" && step.kind !== "Maxout")) continue;
    const inputs = sizeOf(step.inputShape);
    const units =
      step.kind === "Linear"
        ? (step.params.units as number)
        : (step.params.units as number) * (step.params.pieces as number);
    expect(`${layer}/kernel`, [inputs, units]);
    if (step.kind === "Maxout" || step.params.bias !== false) expect(`${layer}/bias`, [units]);
  }
  return problems;
}
