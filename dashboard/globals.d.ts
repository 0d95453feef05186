// index.html loads uPlot as a classic script (vendor/uPlot.iife.min.js), which defines a global.
declare const uPlot: typeof import("uplot").default;
