import { app, type Session } from "electron";

/** The policy of the app's page; index.html carries the same one as a meta tag. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'";

/**
 * Electron's security checklist for every page the app creates: no navigation, no new windows,
 * no webviews, no permissions, no remote content.
 */
export function hardenApp(session: Session): void {
  app.on("web-contents-created", (_event, contents) => {
    contents.on("will-navigate", (e) => e.preventDefault());
    // will-navigate covers only the main frame; a frame inside the page must not navigate either.
    contents.on("will-frame-navigate", (e) => e.preventDefault());
    contents.on("will-redirect", (e) => e.preventDefault());
    contents.on("will-attach-webview", (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: "deny" }));
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: ["http://*/*", "https://*/*", "ws://*/*", "wss://*/*"] }, (_d, cb) =>
    cb({ cancel: true }),
  );
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, "Content-Security-Policy": [CSP] } });
  });
}
