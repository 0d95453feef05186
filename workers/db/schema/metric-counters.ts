import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

// Durable Prometheus counters (and histogram _bucket/_sum/_count parts). `labels` is the
// canonical JSON of the label set, see workers/metrics/labels.ts.
export const metricCounters = sqliteTable(
  "metric_counters",
  {
    name: text("name").notNull(),
    labels: text("labels").notNull(),
    value: real("value").notNull().default(0),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.name, t.labels] })],
);
