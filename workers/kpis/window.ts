import { badRequest } from "../errors.ts";
import type { KpiWindowDays } from "./compute.ts";

/** The `window` query parameter of /v1/kpis: "7d" (default) or "30d"; anything else is a 400. */
export function parseKpiWindow(raw: string | undefined): KpiWindowDays {
  if (raw === undefined || raw === "" || raw === "7d") return 7;
  if (raw === "30d") return 30;
  throw badRequest("window", 'must be "7d" or "30d"');
}
