// Vite's `?raw` imports (a file's text), used by the docs-table test.
declare module "*?raw" {
  const text: string;
  export default text;
}
