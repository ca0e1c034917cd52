/**
 * IPC channel names the preload and the main-process adapter share. A module of its own, with
 * no imports, because the sandboxed preload can load nothing but `electron`.
 */
export const IPC_REQUEST = "netloom:request";
export const IPC_EVENT = "netloom:event";
