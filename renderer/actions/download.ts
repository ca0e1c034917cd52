import { zipSync } from "fflate";

/** A file to hand to the browser: its path inside what is downloaded (`/` between names), and its bytes. */
export interface DownloadFile {
  path: string;
  data: Uint8Array<ArrayBuffer>;
}

/** Bytes from base64, as the back end sends file contents. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const chars = atob(text);
  const bytes = new Uint8Array(chars.length);
  for (let i = 0; i < chars.length; i++) bytes[i] = chars.charCodeAt(i);
  return bytes;
}

/**
 * What the browser saves for these files: one file as it is; several as one zip, their paths kept,
 * all under one folder (`name` without its extension, when they are not in one already), so
 * unpacking it makes one folder. Returns the download's file name and the paths inside it.
 */
export function downloadOf(
  files: readonly DownloadFile[],
  name: string,
): { fileName: string; blob: Blob; entries: string[] } {
  const [only] = files;
  if (only && files.length === 1) return { fileName: only.path, blob: new Blob([only.data]), entries: [only.path] };
  const tops = new Set(files.map((f) => (f.path.includes("/") ? f.path.slice(0, f.path.indexOf("/")) : null)));
  const shared = tops.size === 1 ? [...tops][0] : null;
  const folder = shared ?? name.replace(/\.[^.]+$/, "");
  const entries = files.map((f) => (shared ? f.path : `${folder}/${f.path}`));
  const zip = zipSync(Object.fromEntries(entries.map((path, i) => [path, (files[i] as DownloadFile).data])));
  return { fileName: `${folder}.zip`, blob: new Blob([zip]), entries };
}

/** Hands a file to the browser, which saves it in its downloads folder (or asks where, if set so). */
export function saveDownload(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob when the download starts, which may be after this task.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
