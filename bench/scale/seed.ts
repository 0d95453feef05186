// Seeds a migrated local D1 (the SQLite file wrangler dev persists) directly, far faster than the
// API could: personas on autopilot with a linked (fake) Threads account, published posts spread
// over the last 60 days, each with one insights reading, and a follower count per persona.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { defaultGuardrails } from "../../workers/api/schemas/personas.ts";
import { stableUserId } from "../../workers/fake-threads/prng.ts";
import { encryptToken } from "../../workers/publishing/token-crypto.ts";

export interface SeedResult {
  dbFile: string;
  /** page_count x page_size before and after seeding the product's rows (the fake's media come after). */
  bytesEmpty: number;
  bytes: number;
  seconds: number;
}

/** The local D1 database file of a state directory (miniflare names it by a hash). */
export function d1File(stateDir: string): string {
  const dir = join(stateDir, "v3", "d1", "miniflare-D1DatabaseObject");
  const file = readdirSync(dir).find((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (!file) throw new Error(`no D1 database under ${dir}`);
  return join(dir, file);
}

const dbBytes = (db: DatabaseSync) => {
  const pages = db.prepare("PRAGMA page_count").get() as { page_count: number };
  const size = db.prepare("PRAGMA page_size").get() as { page_size: number };
  return pages.page_count * size.page_size;
};

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = (
  "pricing hiring churn founders customers revenue landing page onboarding retention email inbox morning focus " +
  "meetings calendar deep work coffee sleep habits writing threads audience growth content hooks stories lessons " +
  "mistakes startup bootstrapped funding investors product launch feedback users support refunds discounts annual " +
  "monthly plans trial conversion funnel marketing sales outreach cold warm leads demo pipeline quota team remote " +
  "office culture manager feedback burnout vacation weekend health walking running gym reading books podcasts"
).split(" ");

/** A plausible post: a few sentences of topic words, distinct per seed. */
export function postText(next: () => number): { hook: string; body: string } {
  const pick = () => WORDS[Math.floor(next() * WORDS.length)] as string;
  const sentence = (n: number) => Array.from({ length: n }, pick).join(" ");
  return { hook: `${sentence(6)}.`, body: `${sentence(12)}. ${sentence(10)}. ${sentence(8)}.` };
}

const hex = (next: () => number) =>
  Array.from({ length: 4 }, () =>
    Math.floor(next() * 2 ** 32)
      .toString(16)
      .padStart(8, "0"),
  ).join("");

export const scalePersonaId = (i: number) => `scale-${String(i).padStart(5, "0")}`;

export async function seedScale(
  stateDir: string,
  opts: {
    personas: number;
    posts: number;
    tokenKey: string;
    now: number;
    extraPersona?: { id: string; posts: number };
  },
): Promise<SeedResult> {
  const started = Date.now();
  const file = d1File(stateDir);
  const db = new DatabaseSync(file);
  const bytesEmpty = dbBytes(db);
  const next = rng(opts.personas * 31 + opts.posts);
  const { now } = opts;
  const day = 86_400_000;
  const guardrails = JSON.stringify(defaultGuardrails(undefined));
  const schedule = JSON.stringify({ kind: "times", times: ["09:00", "17:30"], timezone: "UTC" });
  const insertPersona = db.prepare(
    `INSERT INTO personas (id, name, tone, topics, guardrails, created_at, updated_at, schedule, autopilot)
     VALUES (?, ?, 'warm', '["pricing","hiring","churn"]', ?, ?, ?, ?, ?)`,
  );
  const insertAccount = db.prepare(
    `INSERT INTO threads_accounts (persona_id, threads_user_id, username, token_enc, token_issued_at, token_expires_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFollowers = db.prepare(
    "INSERT INTO follower_snapshots (persona_id, captured_at, followers_count) VALUES (?, ?, ?)",
  );
  const insertPost = db.prepare(
    `INSERT INTO posts (id, persona_id, hook, body, text, topic, status, prompt_tokens, completion_tokens, cost_usd, models,
       threads_media_id, permalink, published_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 120, 240, 0.0004, '[]', ?, ?, ?, ?, ?)`,
  );
  const insertMetrics = db.prepare(
    `INSERT INTO post_metrics (post_id, persona_id, captured_at, views, likes, replies, reposts, quotes, shares)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const personas = [
    ...Array.from({ length: opts.personas }, (_, i) => ({ id: scalePersonaId(i + 1), autopilot: 1 })),
    ...(opts.extraPersona ? [{ id: opts.extraPersona.id, autopilot: 0 }] : []),
  ];
  const tokens = await Promise.all(personas.map((p) => encryptToken(`fake-${p.id}`, opts.tokenKey, p.id)));
  db.exec("BEGIN");
  personas.forEach((p, i) => {
    insertPersona.run(p.id, `Scale ${p.id}`, guardrails, now - 90 * day, now - 90 * day, schedule, p.autopilot);
    insertAccount.run(
      p.id,
      stableUserId(`fake-${p.id}`),
      p.id,
      tokens[i] as string,
      now - day,
      now + 50 * day,
      now - day,
      now - day,
    );
    insertFollowers.run(p.id, now - 2 * 3_600_000, 1000 + Math.floor(next() * 5000));
  });
  // The fake Threads' own table (workers/fake-threads/schema.ts creates it the same way), so the
  // insights poll finds the seeded posts there; written after the D1 size is taken.
  db.exec(`CREATE TABLE IF NOT EXISTS fake_threads_media (
    id TEXT PRIMARY KEY NOT NULL, user_id TEXT NOT NULL, container_id TEXT NOT NULL UNIQUE, media_type TEXT NOT NULL,
    text TEXT, image_url TEXT, topic_tag TEXT, shortcode TEXT NOT NULL, published_at INTEGER NOT NULL)`);
  const media: [string, string, number][] = [];
  const writePosts = (personaOf: (i: number) => string, count: number, status: string) => {
    for (let i = 0; i < count; i++) {
      const personaId = personaOf(i);
      const { hook, body } = postText(next);
      const id = `pst_${hex(next)}`;
      const publishedAt = now - Math.floor(next() * 60 * day);
      const published = status === "published";
      insertPost.run(
        id,
        personaId,
        hook,
        body,
        `${hook}\n\n${body}`,
        "pricing",
        status,
        published ? `1800${String(i).padStart(13, "0")}` : null,
        published ? `https://www.threads.net/@${personaId}/post/${id}` : null,
        published ? publishedAt : null,
        publishedAt - 3_600_000,
        publishedAt,
      );
      if (published) {
        media.push([`1800${String(i).padStart(13, "0")}`, personaId, publishedAt]);
        const views = 200 + Math.floor(next() * 5000);
        const likes = Math.floor(views * next() * 0.08);
        insertMetrics.run(
          id,
          personaId,
          Math.min(now, publishedAt + day),
          views,
          likes,
          Math.floor(likes / 5),
          Math.floor(likes / 10),
          0,
          Math.floor(likes / 20),
        );
      }
      if (i % 50_000 === 49_999) {
        db.exec("COMMIT");
        db.exec("BEGIN");
      }
    }
  };
  writePosts((i) => scalePersonaId((i % opts.personas) + 1), opts.posts, "published");
  db.exec("COMMIT");
  const bytes = dbBytes(db);
  db.exec("BEGIN");
  const extra = opts.extraPersona;
  if (extra) writePosts(() => extra.id, extra.posts, "draft");
  const insertMedia = db.prepare(
    "INSERT INTO fake_threads_media (id, user_id, container_id, media_type, text, shortcode, published_at) VALUES (?, ?, ?, 'TEXT', '', ?, ?)",
  );
  for (const [id, personaId, at] of media)
    insertMedia.run(id, stableUserId(`fake-${personaId}`), `c${id}`, `s${id}`, at);
  db.exec("COMMIT");
  db.exec("ANALYZE");
  db.close();
  return { dbFile: file, bytesEmpty, bytes, seconds: (Date.now() - started) / 1000 };
}

export const fileBytes = (file: string) => statSync(file).size;
