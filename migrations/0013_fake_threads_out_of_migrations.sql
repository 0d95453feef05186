-- The fake Threads API's tables leave the migrations: a production database must not carry a
-- stand-in for Meta's service (issue 10, hardening). The fake now creates them itself on first
-- use, and only a build that bundles the fake can run it (workers/fake-threads/schema.ts).
-- A local database loses its fake Threads state here (containers, fake posts, tokens the fake's
-- OAuth flow issued). Ad-hoc `fake-<name>` tokens keep working (the fake derives their user from
-- the name); a persona linked through the fake's OAuth flow links again.
DROP TABLE IF EXISTS fake_threads_media;
DROP TABLE IF EXISTS fake_threads_containers;
DROP TABLE IF EXISTS fake_threads_tokens;
DROP TABLE IF EXISTS fake_threads_users;
