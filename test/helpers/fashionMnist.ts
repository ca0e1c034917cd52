import { fashionMnistPaths } from "../../main/data/builtin";

/**
 * Why Fashion-MNIST cannot be loaded on this machine (the message names the missing files and
 * the Debian package), or null when its four IDX files are there. Tests that need it skip with it.
 */
export const fashionMissing: string | null = (() => {
  try {
    fashionMnistPaths();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
})();
