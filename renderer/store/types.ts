import type { AppInfo, Autosave, OpenKind, SaveKind } from "../../shared/api";
import type { GraphDocument } from "../../shared/graph";
import type { BackendName } from "../../shared/run";
import type { RunView } from "../training/runs";
import type { TrainingAction, TrainingState } from "../training/types";
import type { BackpropSlice } from "./backpropSlice";
import type { Fragment } from "./clipboard";
import type { Wire } from "./connect";
import type { DataFiles } from "./dataFiles";

/** A point in canvas coordinates. */
export interface XY {
  x: number;
  y: number;
}

/** Graph content (tracked by undo) and the file it belongs to (not tracked). */
export interface GraphSlice {
  doc: GraphDocument;
  /** The file the graph was opened from or saved to; null for a new or preset graph. */
  filePath: string | null;
  /** The document as last opened or saved: the graph is unsaved while `doc !== savedDoc`. */
  savedDoc: GraphDocument;
  /** Adds a node of a catalog kind with its default params and selects it; returns its id. */
  addNode(kind: string, position: XY): string;
  /**
   * Puts a node of `kind` in place of node `id`, its wires kept where the ports fit; one undo step.
   * Returns the new node's id and how many wires did not fit, or null when there is no such node.
   */
  replaceNode(id: string, kind: string): { nodeId: string; dropped: number } | null;
  /** Puts a node on a wire (A → B becomes A → node → B) when its ports fit; returns whether it did. */
  insertIntoEdge(nodeId: string, edgeId: string): boolean;
  /**
   * Adds a node as `addNode` does, in the same undo step wired after node `after` (a port of each
   * fitting) or put on wire `edge` (its ports fitting both ends); returns whether it was linked.
   */
  addNodeLinked(
    kind: string,
    position: XY,
    link: { after: string } | { edge: string } | null,
  ): { nodeId: string; linked: boolean };
  moveNodes(moves: ReadonlyArray<{ id: string; position: XY }>): void;
  /** Makes a connection, replacing one already at that input; returns why not when refused. */
  connect(wire: Wire): { ok: true; edgeId: string } | { ok: false; reason: string };
  removeElements(ids: { nodes?: readonly string[]; edges?: readonly string[] }): void;
  setParam(nodeId: string, key: string, value: unknown): void;
  setLabel(nodeId: string, label: string): void;
  setMeta(meta: { name?: string; description?: string }): void;
  /** Replaces the graph (New, Open, restore) and forgets undo history. */
  loadGraph(doc: GraphDocument, filePath: string | null, opts?: { dirty?: boolean }): void;
  /** Records a save of `doc` (the graph as it was sent; edits made during the save stay unsaved). */
  markSaved(filePath: string, doc?: GraphDocument): void;
}

/** Selected node and edge ids (view state, not undone). */
export interface Selection {
  nodes: readonly string[];
  edges: readonly string[];
}

/** A short message for the user: a refusal, a saved file. */
export interface Notice {
  kind: "info" | "error";
  text: string;
  /** Increases with each notice, so the same text twice still shows again. */
  seq: number;
}

/** A modal dialog; the ones that answer carry the function that takes the answer. */
export type Dialog =
  | {
      type: "file";
      mode: "open" | "save";
      suggestedName?: string;
      kind?: SaveKind;
      /** What an open dialog lists: graphs and models (.json) unless "data". */
      openKind?: OpenKind;
      resolve(path: string | null): void;
    }
  | { type: "confirm"; title: string; message: string; confirm: string; resolve(ok: boolean): void }
  | { type: "problems"; title: string; lines: readonly string[] }
  | { type: "examples" };

/** View state: never part of undo. */
export interface UiSlice {
  selection: Selection;
  /** Node sizes React Flow measured, kept so re-rendered nodes need no second measuring pass. */
  measured: Record<string, { width: number; height: number }>;
  clipboard: Fragment | null;
  /** Pastes in a row move further down and right. */
  pasteCount: number;
  notice: Notice | null;
  select(selection: Partial<Selection>): void;
  selectAll(): void;
  setMeasured(sizes: Record<string, { width: number; height: number }>): void;
  copySelection(): Fragment | null;
  cutSelection(): Fragment | null;
  paste(fragment?: Fragment | null): string[];
  duplicateSelection(): string[];
  deleteSelection(): void;
  notify(kind: Notice["kind"], text: string): void;
  dismissNotice(): void;
  dialog: Dialog | null;
  showDialog(dialog: Dialog): void;
  closeDialog(): void;
  /** Host, version and start-up request, once the back end answered. */
  appInfo: AppInfo | null;
  /** Unsaved work found at start, offered back until restored or discarded. */
  recovered: Autosave | null;
  /** How many more offers of unsaved work follow the one shown. */
  recoveredMore: number;
  /** Whether the back end is reachable (a browser can lose `netloom serve`). */
  connected: boolean;
  setSession(session: Partial<Pick<UiSlice, "appInfo" | "recovered" | "recoveredMore" | "connected">>): void;
  /** The start page (New, Examples, Open, recent files), shown when the app starts with nothing to open. */
  startPage: boolean;
  setStartPage(shown: boolean): void;
}

/** Run options the train panel sets; null keeps what the graph says (or, for the backend, the best that loads). */
export interface RunOptionFields {
  epochs: number | null;
  limit: number | null;
  backend: BackendName | null;
  /** Processes under torchrun, when the backend is pytorch; null trains in one. */
  processes: number | null;
}

/** The views of the training dock. */
export type TrainTab = "curves" | "results" | "try" | "step";

/** A series of variant runs: their names in order, and the index of the one training. */
export interface VariantSeries {
  names: readonly string[];
  index: number;
}

/** The trained model file the graph was opened from, whose weights load into a run without training. */
export interface ModelFile {
  path: string;
  name: string;
  /** Load the weights as soon as the graph can take them (its data file chosen and read). */
  pending: boolean;
}

/** Training runs of the session (never part of undo), changed only through the training reducer. */
export interface TrainingSlice {
  training: TrainingState;
  runOptions: RunOptionFields;
  /** Applies actions through `trainingReducer`, in order, as one store update. */
  applyTraining(actions: TrainingAction | readonly TrainingAction[]): void;
  /** Which run Results, Try it and Export show, which the charts hide or stress, and the baseline. */
  runView: RunView;
  setRunView(view: Partial<RunView>): void;
  setRunOptions(options: Partial<RunOptionFields>): void;
  /** Whether the training dock shows its body (run options, curves, results) or only its header. */
  trainPanelOpen: boolean;
  setTrainPanelOpen(open: boolean): void;
  trainTab: TrainTab;
  /** Opens the dock at a view. */
  showTrainTab(tab: TrainTab): void;
  /** Set while the graph is one opened from a trained model's file; a new graph clears it. */
  modelFile: ModelFile | null;
  setModelFile(model: ModelFile | null): void;
  /** The variants Train variants is training, in order, and which of them trains now; null when it is not. */
  variantSeries: VariantSeries | null;
  setVariantSeries(series: VariantSeries | null): void;
  /** Shapes of the data files the graph's Dataset nodes name, as the back end read them. */
  dataFiles: DataFiles;
  setDataFiles(files: DataFiles): void;
}

/** The whole editor store: one object of slices. */
export type EditorState = GraphSlice & UiSlice & TrainingSlice & BackpropSlice;
