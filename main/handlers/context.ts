import type {
  AppInfo,
  EventName,
  EventOf,
  OpenKind,
  ParsedPayloadOf,
  RecentFile,
  ReplyOf,
  RequestName,
  SaveKind,
} from "../../shared/api";
import type { TrainingService } from "./runService";
import type { Connection, SessionClaims } from "./sessions";

/** What the host (Electron shell or `netloom serve`) gives the handlers. */
export interface HostServices {
  host: AppInfo["host"];
  version: string;
  startup: AppInfo["startup"];
  /** Where recent files and the autosave live. */
  dataDir: string;
  /**
   * The folder (a real path) `netloom serve` confines every file a request names to; absent in the
   * Electron app, whose native dialogs choose files. See resolveInWorkspace.
   */
  workspaceRoot?: string;
  /** The folder of the example graphs and their data; a source checkout's `examples/` when absent. */
  examplesDir?: string;
  /** Native dialogs; absent in the browser, where the editor shows its own picker. */
  dialogs?: {
    open(kind: OpenKind): Promise<string | null>;
    save(suggestedName: string, kind: SaveKind): Promise<string | null>;
  };
  /** Receives the window title and unsaved flag; absent in the browser, where the page sets its title. */
  setWindowState?(state: { title: string; dirty: boolean }): void;
  /** Called after the recent-files list changed (the Electron menu rebuilds "Open Recent"). */
  onRecentChanged?(files: RecentFile[]): void;
  /** The training engine; absent where nothing may train (some tests). */
  training?: TrainingService;
  /** Which open editor holds which autosave session; one per process. */
  sessions?: SessionClaims;
}

/** Sends an event to the UI that made the request. */
export type Emit = <E extends EventName>(event: E, payload: EventOf<E>) => void;

/** Everything a handler may use: host services plus an event sink for its caller. */
export interface HandlerContext extends HostServices {
  emit: Emit;
  /** The editor that asks (a WebSocket, a window), alive while it is open. */
  connection?: Connection;
}

/** A handler gets the payload already parsed by the contract's schema. */
export type Handler<C extends RequestName> = (
  payload: ParsedPayloadOf<C>,
  ctx: HandlerContext,
) => Promise<ReplyOf<C>> | ReplyOf<C>;

/** One handler per contract channel: a missing or extra channel is a type error. */
export type Handlers = { [C in RequestName]: Handler<C> };
