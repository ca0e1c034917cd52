export * from "./compileGraph";
export * from "./diagnostics";
export { portTypeProblem } from "./graph";
export { MAX_BATCH_VALUES, MAX_LAYER_PARAMS, MAX_MODEL_PARAMS, MAX_SAMPLE_SIZE } from "./infer";
export * from "./keras";
export { withReadErrors } from "./readErrors";
