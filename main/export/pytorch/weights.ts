import { formatShape } from "../../../shared/catalog";
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
    """Copies the weights of a NetLoom TF.js model into the matching parameters and buffers."""
    weights = read_tfjs_weights(model_json)
    state = net.state_dict()
    with torch.no_grad():
        for name, (key, axes) in TFJS_WEIGHTS.items():
            target = state[key]
            shape = [0] * len(axes)
            for axis, size in zip(axes, target.shape):
                shape[axis] = size
            if name not in weights:
                raise SystemExit(f"{model_json} has no weight {name}; it has {', '.join(weights)}")
            found = list(weights[name].shape)
            if found != shape:
                raise SystemExit(f"{name} has shape {found}, but the model needs {shape}")
            # Dense [in, out] is Linear [out, in]; Conv2D [h, w, in, out] is Conv2d [out, in, h, w]
            array = np.transpose(weights[name].astype(np.float32), axes)
            target.copy_(torch.from_numpy(np.ascontiguousarray(array)))


def tfjs_weights(net):
    """The model's weights as a NetLoom TF.js model names and lays them out: the inverse of
    load_tfjs_weights."""
    state = net.state_dict()
    return {
        name: np.transpose(state[key].detach().cpu().numpy(), np.argsort(axes))
        for name, (key, axes) in TFJS_WEIGHTS.items()
    }


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
 * every weight the graph's layers declare must be present with its shape.
 */
export function tfjsWeightProblems(steps: readonly ModelStep[], weights: readonly ManifestWeight[]): string[] {
  const byName = new Map(weights.map((w) => [w.name, w.shape]));
  const problems: string[] = [];
  for (const w of steps.flatMap((step) => step.weights)) {
    const name = `${w.layer}/${w.name}`;
    const found = byName.get(name);
    if (!found) problems.push(`no weight ${name} (the graph's node needs ${formatShape(w.shape)})`);
    else if (formatShape(found) !== formatShape(w.shape)) {
      problems.push(`${name} is ${formatShape(found)} but the graph needs ${formatShape(w.shape)}`);
    }
  }
  return problems;
}
