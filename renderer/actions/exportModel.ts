import type { ExportFormat } from "../../shared/trainingApi";
import { editorStore } from "../store";
import { shownRun } from "../training/runs";
import { chooseSavePath, showProblems } from "./dialogs";
import { baseName, slugify } from "./files";
import { askRun } from "./trainRun";

function slug(): string {
  const s = editorStore.getState();
  const name = s.filePath ? baseName(s.filePath).replace(/(\.netloom)?\.json$/i, "") : (s.doc.meta.name ?? "");
  return slugify(name, "model");
}

const SUGGESTED: Record<ExportFormat, (name: string) => string> = {
  tfjs: (name) => `${name}-tfjs`,
  json: (name) => `${name}.model.json`,
  pytorch: (name) => `${name}_train.py`,
};

/**
 * Export > TF.js model, single JSON or PyTorch script: asks where (native dialog on the desktop,
 * the in-app picker in a browser) and writes the newest trained model there.
 */
export async function exportModel(format: ExportFormat): Promise<void> {
  const s = editorStore.getState();
  const run = shownRun(s.training, s.runView);
  if (!run?.runId) {
    s.notify("error", "Train the graph first: export writes the trained model of the last finished or stopped run");
    return;
  }
  const suggested = SUGGESTED[format](slug());
  try {
    const path = await chooseSavePath(suggested, format);
    if (!path) return;
    const { files } = await askRun("training.export", { runId: run.runId, format, path });
    editorStore.getState().notify("info", `Exported run ${run.seq}: ${files.map(baseName).join(", ")}`);
  } catch (err) {
    showProblems("Could not export the model", [(err as Error).message]);
  }
}
