-- The fake Threads API's tables leave the migrations: a production database must not carry a
-- stand-in for Meta's service (issue 10, hardening). The fake now creates them itself on first
-- use, and only a build that bundles the fake can run it (workers/fake-threads/schema.ts).
-- A local database loses its fake Threads state here (fake users, tokens, containers and posts);
-- a persona linked to the fake links again with `threads-agent account link <persona>` or the OAuth flow.
DROP TABLE IF EXISTS fake_threads_media;
DROP TABLE IF EXISTS fake_threads_containers;
DROP TABLE IF EXISTS fake_threads_tokens;
DROP TABLE IF EXISTS fake_threads_users;
