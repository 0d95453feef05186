import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const ACCOUNT_STATUSES = ["active", "needs_reauth"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** One Threads account per persona; the token is only ever stored encrypted. */
export const threadsAccounts = sqliteTable(
  "threads_accounts",
  {
    personaId: text("persona_id").primaryKey(),
    threadsUserId: text("threads_user_id").notNull(),
    username: text("username"),
    tokenEnc: text("token_enc").notNull(),
    tokenIssuedAt: integer("token_issued_at").notNull(),
    tokenExpiresAt: integer("token_expires_at").notNull(),
    status: text("status").$type<AccountStatus>().notNull().default("active"),
    statusReason: text("status_reason"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("threads_accounts_status").on(t.status)],
);

export type ThreadsAccountRow = typeof threadsAccounts.$inferSelect;

/** One-time `state` of the OAuth connect flow: binds the callback to the persona that asked. */
export const threadsOauthStates = sqliteTable("threads_oauth_states", {
  state: text("state").primaryKey(),
  personaId: text("persona_id").notNull(),
  redirectUri: text("redirect_uri").notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  /** SHA-256 of the secret in the starting browser's cookie (workers/publishing/oauth-binding.ts). */
  browserHash: text("browser_hash"),
});
