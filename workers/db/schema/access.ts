import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const API_SCOPES = ["read", "write", "admin"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** API keys as rows (migrations/0015): only the SHA-256 of the token is kept. */
export const apiKeys = sqliteTable("api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  hash: text("hash").notNull().unique(),
  scopes: text("scopes", { mode: "json" }).$type<ApiScope[]>().notNull(),
  personaIds: text("persona_ids", { mode: "json" }).$type<string[] | null>(),
  createdAt: integer("created_at").notNull(),
  lastUsedAt: integer("last_used_at"),
  revokedAt: integer("revoked_at"),
});
export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** One row per mutating call that passed authentication (workers/api/audit-mutations.ts). */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: integer("at").notNull(),
    keyId: text("key_id").notNull(),
    keyName: text("key_name").notNull(),
    method: text("method").notNull(),
    route: text("route").notNull(),
    path: text("path").notNull(),
    targetIds: text("target_ids", { mode: "json" }).$type<string[]>().notNull(),
    status: integer("status").notNull(),
    requestId: text("request_id").notNull(),
  },
  (t) => [index("audit_log_at").on(t.at, t.id), index("audit_log_key_at").on(t.keyId, t.at)],
);
export type AuditRow = typeof auditLog.$inferSelect;
