// IPC channel names the preload and the main-process adapter share: a module of its own, with no
// imports, because the sandboxed preload can load nothing but `electron`.

/** Page to main: one contract request (`channel`, `payload`), answered with a reply envelope. */
export const IPC_REQUEST = "netloom:request";
/** Main to page: a contract event (`name`, `payload`). */
export const IPC_EVENT = "netloom:event";
