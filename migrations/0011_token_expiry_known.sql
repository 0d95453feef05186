-- Whether threads_accounts.token_expires_at is known (from Threads: an exchange, a refresh or
-- debug_token) or only assumed (a pasted token Threads would not describe). Assumed expiries are
-- refreshed at the first chance after 24 h instead of waiting for the last 7 days
-- (docs/conformance.md, "OAuth and tokens"). Mirrors workers/db/schema/threads-accounts.ts.
ALTER TABLE threads_accounts ADD COLUMN token_expiry_known INTEGER NOT NULL DEFAULT 1;
