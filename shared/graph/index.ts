export * from "./document";
export * from "./migrations";
export * from "./serialize";
export * from "./variants";
