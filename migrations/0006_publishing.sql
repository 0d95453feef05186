-- Publishing: the Threads account linked to each persona (token encrypted at rest) and the
-- one-time OAuth `state` values of the connect flow. Times are epoch milliseconds (UTC).
CREATE TABLE threads_accounts (
  persona_id TEXT PRIMARY KEY NOT NULL,
  threads_user_id TEXT NOT NULL,
  username TEXT,
  -- AES-256-GCM, key TOKEN_ENCRYPTION_KEY, bound to the persona id (workers/publishing/token-crypto.ts).
  token_enc TEXT NOT NULL,
  token_issued_at INTEGER NOT NULL,
  token_expires_at INTEGER NOT NULL,
  -- active | needs_reauth (Threads rejected the token: posting stops until the account is reconnected)
  status TEXT NOT NULL DEFAULT 'active',
  status_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX threads_accounts_status ON threads_accounts (status);

CREATE TABLE threads_oauth_states (
  state TEXT PRIMARY KEY NOT NULL,
  persona_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
