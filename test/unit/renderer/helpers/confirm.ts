import { expect, vi } from "vitest";
import { editorStore } from "../../../../renderer/store";

/** Answers the in-app question the editor shows, returning its text; fails when none is asked. */
export async function answerConfirm(ok: boolean): Promise<string> {
  await vi.waitFor(() => expect(editorStore.getState().dialog?.type).toBe("confirm"));
  const dialog = editorStore.getState().dialog;
  if (dialog?.type !== "confirm") throw new Error("no question asked");
  dialog.resolve(ok);
  return dialog.message;
}
