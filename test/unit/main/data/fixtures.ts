import { join } from "node:path";

/** Path of a file under test/fixtures/data/. */
export const dataFixture = (name: string) => join(import.meta.dirname, "../../../fixtures/data", name);
