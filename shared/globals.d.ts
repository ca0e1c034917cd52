/**
 * The few globals shared/ uses that every host it runs in (browsers, Node 20, Electron) provides,
 * declared here because tsconfig.shared.json includes neither the DOM nor Node's types.
 */
declare function structuredClone<T>(value: T): T;
