import { z } from "zod";

// Projected monthly revenue. Threads itself pays nothing, so revenue comes from what the
// audience is worth to the business; the operator picks the model in REVENUE_MODEL (JSON, parsed
// with the other settings in workers/settings/; a malformed one falls back to the default and is reported):
//
//  {"kind":"per_follower","monthly_value_per_follower_usd":0.05}
//     revenue = projected followers in 30 days × value per follower per month, where
//     projected followers = current followers + followers gained in the window × 30/window_days
//     (sponsorships, creator funds: value scales with audience size).
//
//  {"kind":"conversion","conversion_rate":0.01,"price_usd":29,"basis":"views"}
//     revenue = audience over 30 days × conversion_rate × price_usd, where audience is
//     views in the window × 30/window_days (basis "views", the default) or followers gained
//     × 30/window_days (basis "new_followers"): a product sold to a share of the reach.
//
// A projection is null when its input is unknown (no follower snapshots, no insights).

const perFollower = z.object({
  kind: z.literal("per_follower"),
  monthly_value_per_follower_usd: z.number().nonnegative(),
});
const conversion = z.object({
  kind: z.literal("conversion"),
  conversion_rate: z.number().min(0).max(1),
  price_usd: z.number().nonnegative(),
  basis: z.enum(["views", "new_followers"]).default("views"),
});
export const revenueModelSchema = z.discriminatedUnion("kind", [perFollower, conversion]);

export type RevenueModel = z.infer<typeof revenueModelSchema>;

export const DEFAULT_REVENUE_MODEL: RevenueModel = { kind: "per_follower", monthly_value_per_follower_usd: 0.05 };

export type RevenueInputs = {
  window_days: number;
  followers_current: number | null;
  followers_gained: number | null;
  views: number | null;
};

export type RevenueProjection = {
  revenue_monthly_usd: number | null;
  model: RevenueModel;
  /** The extrapolated audience the model was applied to (followers or views over 30 days). */
  audience_30d: number | null;
  audience_basis: "followers" | "views" | "new_followers";
};

export function projectMonthlyRevenue(model: RevenueModel, inp: RevenueInputs): RevenueProjection {
  const scale = 30 / inp.window_days;
  if (model.kind === "per_follower") {
    const audience =
      inp.followers_current === null ? null : Math.max(0, inp.followers_current + (inp.followers_gained ?? 0) * scale);
    return {
      model,
      audience_basis: "followers",
      audience_30d: audience,
      revenue_monthly_usd: audience === null ? null : audience * model.monthly_value_per_follower_usd,
    };
  }
  const base = model.basis === "views" ? inp.views : inp.followers_gained;
  const audience = base === null ? null : Math.max(0, base * scale);
  return {
    model,
    audience_basis: model.basis,
    audience_30d: audience,
    revenue_monthly_usd: audience === null ? null : audience * model.conversion_rate * model.price_usd,
  };
}
