import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { downloadOf, fromBase64 } from "../../../../renderer/actions/download";

const bytes = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;

async function unzip(blob: Blob): Promise<Record<string, string>> {
  const entries = unzipSync(new Uint8Array(await blob.arrayBuffer()));
  return Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, new TextDecoder().decode(v)]));
}

describe("a download of exported files", () => {
  it("is the file itself when there is one", async () => {
    const d = downloadOf([{ path: "net.model.json", data: bytes("{}") }], "net.model.json");
    expect(d.fileName).toBe("net.model.json");
    expect(d.entries).toEqual(["net.model.json"]);
    expect(await d.blob.text()).toBe("{}");
  });

  it("zips a folder's files under that folder", async () => {
    const files = [
      { path: "net-tfjs/model.json", data: bytes("m") },
      { path: "net-tfjs/weights.bin", data: bytes("w") },
    ];
    const d = downloadOf(files, "net-tfjs");
    expect(d.fileName).toBe("net-tfjs.zip");
    expect(d.entries).toEqual(["net-tfjs/model.json", "net-tfjs/weights.bin"]);
    expect(await unzip(d.blob)).toEqual({ "net-tfjs/model.json": "m", "net-tfjs/weights.bin": "w" });
  });

  it("puts files not in one folder into a folder named after the export, so unpacking makes one folder", async () => {
    const files = [
      { path: "net_train.py", data: bytes("py") },
      { path: "net_train.weights/model.json", data: bytes("m") },
    ];
    const d = downloadOf(files, "net_train.py");
    expect(d.fileName).toBe("net_train.zip");
    expect(Object.keys(await unzip(d.blob))).toEqual([
      "net_train/net_train.py",
      "net_train/net_train.weights/model.json",
    ]);
  });

  it("reads base64 back to the same bytes", () => {
    const data = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64(Buffer.from(data).toString("base64"))).toEqual(data);
  });
});
