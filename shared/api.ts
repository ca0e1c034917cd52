import { z } from "zod";
import { zGraphDocument } from "./graph/document";
import { PRESET_NAMES } from "./presets";
import { trainingEvents, trainingRequests, zPath } from "./trainingApi";

/**
 * The one contract between the UI and the back end. Every request names a zod payload schema and
 * a reply schema; every event a payload schema. The Electron preload and `netloom serve` carry the
 * same messages; the receiving side parses each one, so a bad payload gets an error reply.
 */

const none = z.strictObject({});

/** Where the app runs and what it was started with. */
export const zAppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** `electron`: native window, menus and dialogs; `browser`: `netloom serve`, in-app dialogs. */
  host: z.enum(["electron", "browser"]),
  platform: z.string(),
  homeDir: z.string(),
  cwd: z.string(),
  /** What to open at start: a file given on the command line, else a preset, else an empty graph. */
  startup: z.object({ preset: z.enum(PRESET_NAMES).nullable(), file: z.string().nullable() }),
});
export type AppInfo = z.infer<typeof zAppInfo>;

/**
 * An example of the gallery: what it is and teaches, its trainable parameters (null when its data
 * is missing here), its graph (for the picture), and why it cannot train here, if it cannot.
 */
export const zExampleInfo = z.object({
  id: z.string(),
  title: z.string(),
  teaches: z.string(),
  params: z.int().min(0).nullable(),
  doc: zGraphDocument,
  note: z.string().nullable(),
});
export type ExampleInfo = z.infer<typeof zExampleInfo>;

/** One entry of the recent-files list, newest first. */
export const zRecentFile = z.object({ path: z.string(), name: z.string(), openedAt: z.string() });
export type RecentFile = z.infer<typeof zRecentFile>;

/** A trained model opened as a graph: where its graph came from and how many weight tensors it holds. */
export const zOpenedModel = z.object({
  /** `netloom`: the graph NetLoom saved inside the model; `layers`: rebuilt from the model's layers. */
  source: z.enum(["netloom", "layers"]),
  tensors: z.int().min(0),
});
export type OpenedModel = z.infer<typeof zOpenedModel>;

/**
 * Opening a file either yields a graph or says, line by line, why the file is not one. A trained
 * model (TF.js model.json, NetLoom's one-file JSON) yields its graph with `model` set; its
 * weights load with `training.load`. `reason: "model"`: a model NetLoom cannot open (an unknown
 * layer, missing weights).
 */
export const zOpenResult = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    path: z.string(),
    name: z.string(),
    doc: zGraphDocument,
    migrations: z.array(z.string()),
    model: zOpenedModel.optional(),
  }),
  z.object({
    ok: z.literal(false),
    path: z.string(),
    name: z.string(),
    reason: z.enum(["json", "format", "version", "schema", "model"]),
    errors: z.array(z.string()),
  }),
]);
export type OpenResult = z.infer<typeof zOpenResult>;

/** A directory listing for the in-app file picker (browser host). */
export const zDirListing = z.object({
  dir: z.string(),
  parent: z.string().nullable(),
  entries: z.array(z.object({ name: z.string(), path: z.string(), kind: z.enum(["dir", "file"]) })),
});
export type DirListing = z.infer<typeof zDirListing>;

/** What an open dialog chooses: a graph or model file (.json), or a data file (any file: CSV, IDX). */
export const zOpenKind = z.enum(["graph", "data"]);
export type OpenKind = z.infer<typeof zOpenKind>;

/**
 * The autosave session of one editor (a browser tab, an Electron window): a random id the page keeps
 * in its sessionStorage, so a reload keeps it and every other tab has its own.
 */
export const zSession = z.string().regex(/^[\w-]{1,64}$/, "a session id is 1 to 64 letters, digits, - or _");

/** The crash-recovery copy of the graph an editor was editing, and whose (its session). */
export const zAutosave = z.object({
  doc: zGraphDocument,
  path: z.string().nullable(),
  savedAt: z.string(),
  session: zSession,
});
export type Autosave = z.infer<typeof zAutosave>;

/** What a save dialog saves: a graph, or a trained model as a TF.js folder, one JSON file or a PyTorch script. */
export const SAVE_KINDS = ["graph", "tfjs", "json", "pytorch"] as const;
export const zSaveKind = z.enum(SAVE_KINDS);
export type SaveKind = z.infer<typeof zSaveKind>;

/** Commands the native menu sends to the editor; the editor's toolbar and keys run the same ones. */
export const MENU_COMMANDS = [
  "file.new",
  "file.examples",
  "file.open",
  "file.openRecent",
  "file.save",
  "file.saveAs",
  "edit.undo",
  "edit.redo",
  "edit.duplicate",
  "edit.delete",
  "edit.selectAll",
  "view.zoomIn",
  "view.zoomOut",
  "view.zoomReset",
  "view.fitView",
  "view.autoLayout",
  "training.train",
  "training.stop",
  "export.tfjs",
  "export.json",
  "export.pytorch",
] as const;
/** A menu command, as the `menu.command` event carries it. */
export const zMenuCommand = z.enum(MENU_COMMANDS);
export type MenuCommand = z.infer<typeof zMenuCommand>;

/** Every request: its payload and its reply (training requests: shared/trainingApi.ts). */
export const requests = {
  /** Host, version and what to open at start. */
  "app.info": { payload: none, reply: zAppInfo },
  /** The graphs a user can start from. */
  "presets.list": {
    payload: none,
    reply: z.array(z.object({ name: z.enum(PRESET_NAMES), title: z.string(), description: z.string() })),
  },
  /** A fresh copy of one preset graph. */
  "presets.load": { payload: z.strictObject({ name: z.enum(PRESET_NAMES) }), reply: zGraphDocument },
  /** The examples gallery: the presets and the example graphs that ship with NetLoom. */
  "examples.list": { payload: none, reply: z.array(zExampleInfo) },
  /** An example as a new graph, its data files' paths made absolute (it has no folder of its own yet). */
  "examples.load": { payload: z.strictObject({ id: z.string().max(100) }), reply: zGraphDocument },
  /** Reads and checks a graph file or a trained model's file; one that is neither is a normal `ok: false` reply. */
  "file.open": { payload: z.strictObject({ path: zPath }), reply: zOpenResult },
  /**
   * Writes a graph atomically (temp file, then rename) in the stable key order. A file already at
   * `path` is replaced only with `overwrite: true` (once the user agreed); else the reply is an
   * `EXISTS` error naming it.
   */
  "file.save": {
    payload: z.strictObject({ path: zPath, doc: zGraphDocument, overwrite: z.boolean().optional() }),
    reply: z.object({ path: z.string(), name: z.string(), bytes: z.number() }),
  },
  /** Which of the files a save of `kind` to `path` would write exist already, so a dialog can ask first. */
  "file.existing": {
    payload: z.strictObject({ path: zPath, kind: zSaveKind.default("graph") }),
    reply: z.object({ existing: z.array(z.string()) }),
  },
  /**
   * Lists a directory for the in-app picker (folders, and the files `kind` opens); defaults to the
   * working directory.
   */
  "file.list": {
    payload: z.strictObject({ dir: zPath.optional(), kind: zOpenKind.default("graph") }),
    reply: zDirListing,
  },
  /** Native open dialog (Electron only) for a graph or a data file; null when cancelled. */
  "dialog.open": {
    payload: z.strictObject({ kind: zOpenKind.default("graph") }),
    reply: z.object({ path: z.string().nullable() }),
  },
  /** Native save dialog (Electron only) for a graph or an exported model; null when cancelled. */
  "dialog.save": {
    payload: z.strictObject({ suggestedName: z.string().max(255), kind: zSaveKind.default("graph") }),
    reply: z.object({ path: z.string().nullable() }),
  },
  "recent.list": { payload: none, reply: z.array(zRecentFile) },
  "recent.clear": { payload: none, reply: z.array(zRecentFile) },
  /**
   * Keeps the latest unsaved graph of one editor's session, so a crash loses at most a few seconds
   * of work. BUSY when another open editor holds the session (a duplicated tab).
   */
  "autosave.write": {
    payload: z.strictObject({ session: zSession, doc: zGraphDocument, path: z.string().nullable() }),
    reply: z.object({ savedAt: z.string() }),
  },
  /**
   * Claims `session` for the asking editor and returns the work to offer back: the session's own
   * autosave first (after a reload or a crash of the tab), then every autosave no open editor holds,
   * newest first. BUSY when another open editor holds the session: the asker takes a new id.
   */
  "autosave.read": { payload: z.strictObject({ session: zSession }), reply: z.array(zAutosave) },
  /** Removes a session's autosave (saved, or discarded); BUSY when another open editor holds it. */
  "autosave.clear": { payload: z.strictObject({ session: zSession }), reply: z.object({}) },
  /** Tells the host the window title and whether there are unsaved changes (close prompt, macOS dot). */
  "window.state": {
    payload: z.strictObject({ title: z.string().max(500), dirty: z.boolean() }),
    reply: z.object({}),
  },
  ...trainingRequests,
} as const;

/** Every event the back end pushes. Training progress arrives here as `training.event`. */
export const events = {
  /** A native menu item was chosen. `path` is set for `file.openRecent`. */
  "menu.command": z.object({ command: zMenuCommand, path: z.string().optional() }),
  ...trainingEvents,
} as const;

/** The name of a request channel, e.g. `file.open`. */
export type RequestName = keyof typeof requests;
/** The name of an event, e.g. `menu.command`. */
export type EventName = keyof typeof events;
/** What a caller passes (defaults may be left out). */
export type PayloadOf<C extends RequestName> = z.input<(typeof requests)[C]["payload"]>;
/** What a handler receives after parsing. */
export type ParsedPayloadOf<C extends RequestName> = z.output<(typeof requests)[C]["payload"]>;
/** What a request resolves to. */
export type ReplyOf<C extends RequestName> = z.output<(typeof requests)[C]["reply"]>;
/** What an event carries. */
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;

/** Every request channel. */
export const REQUEST_NAMES = Object.keys(requests) as RequestName[];
/** Every event name. */
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Whether a value names a request channel (own keys only: `__proto__` is not one). */
export function isRequestName(name: unknown): name is RequestName {
  return typeof name === "string" && Object.hasOwn(requests, name);
}

/** Whether a value names an event. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === "string" && Object.hasOwn(events, name);
}

/**
 * Why a request failed. `BAD_REQUEST`: the payload broke the contract; `UNSUPPORTED`: not on this
 * host; `BUSY`: a run is still training, or another open editor holds an autosave session; `ENGINE`:
 * the training engine refused or failed the request;
 * `EXISTS`: a save would replace files the user has not agreed to replace (named in the message);
 * `FORBIDDEN`: the path lies outside the folder `netloom serve` was started for (its workspace root).
 */
export const API_ERROR_CODES = [
  "UNKNOWN_CHANNEL",
  "BAD_REQUEST",
  "NOT_FOUND",
  "EXISTS",
  "FORBIDDEN",
  "BUSY",
  "ENGINE",
  "IO",
  "UNSUPPORTED",
  "INTERNAL",
  "DISCONNECTED",
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
/** An error reply's body. */
export const zApiError = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  /** One line per broken field, for `BAD_REQUEST`. */
  issues: z.array(z.string()).optional(),
});
export type ApiErrorInfo = z.infer<typeof zApiError>;

/** A failed request, thrown by handlers on the back end and by API clients in the UI. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: string[],
  ) {
    super(message);
    this.name = "ApiError";
  }

  toJSON(): ApiErrorInfo {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/** The reply to one request, as both transports carry it: a value or an error, never a throw. */
export const zReplyEnvelope = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: zApiError }),
]);
export type ReplyEnvelope = z.infer<typeof zReplyEnvelope>;

/** WebSocket frame from the UI: one request, matched to its reply by `id`. */
export const zClientFrame = z.object({ id: z.int().min(0), channel: z.string().max(100), payload: z.unknown() });
export type ClientFrame = z.infer<typeof zClientFrame>;

/** WebSocket frame from the back end: a reply to request `id`, or a pushed event. */
export const zServerFrame = z.union([
  /** `id` is null when the request was too broken to read its id. */
  z.object({ type: z.literal("reply"), id: z.int().min(0).nullable(), reply: zReplyEnvelope }),
  z.object({ type: z.literal("event"), event: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof zServerFrame>;

/** What the Electron preload exposes as `window.netloom`: the same two calls as the WebSocket. */
export interface NetloomBridge {
  request(channel: string, payload: unknown): Promise<ReplyEnvelope>;
  /** Subscribes to pushed events; returns the unsubscribe function. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}
