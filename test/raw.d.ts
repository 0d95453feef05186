// import.meta.glob (Vite), used by the CLI schema test to read the CLI's sources.
/// <reference types="vite/client" />
// Vite's `?raw` imports (a file's text), used by the docs-table test.
declare module "*?raw" {
  const text: string;
  export default text;
}
