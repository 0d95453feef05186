// An account's posts from before it was linked (FAKE_THREADS_HISTORY_POSTS, docs/fake-threads.md
// "History"): the first time a user's post list is read, the fake gives that user N posts spread
// over the 365 days before, at hours and with texts drawn from the seed, so a history sync has a
// year of posts (and their insights, from the engagement model) to import. Deterministic in
// (seed, user): the same ids and texts every time, inserted once (ON CONFLICT DO NOTHING).
import { fakeThreadsMedia } from "./schema.ts";
import { hash32, seededRandom, stableUserId } from "./prng.ts";
import type { FakeDb } from "./store.ts";

const DAY_MS = 86_400_000;
/** Media rows per insert statement: 9 columns, under D1's 100 bound parameters. */
const ROWS_PER_INSERT = 10;

const HOOKS = [
  "Most founders price too low.",
  "Why do customers churn in month three?",
  "Stop hiring for culture fit.",
  "3 things I learned from 100 sales calls:",
  "Nobody tells you how lonely bootstrapping is.",
  "Unpopular opinion: free trials are a tax on focus.",
  "How to write a cold email people answer",
  "I was wrong about annual plans.",
  "Here's what our first $10k MRR taught us.",
  "What would you do with one more hour a day?",
  "The best feature we shipped was a delete button.",
  "Your pricing page is a conversation.",
];
const BODIES = [
  "Raise the price, watch who stays, and talk to the ones who leave.",
  "- Listen first\n- Write it down\n- Follow up within a day",
  "We doubled prices in 2024 and lost 4 customers out of 60. Revenue went up 70%.",
  "The answer is rarely the product. It is usually the promise you made on the landing page.",
  "Hire the person who asks better questions than you did in the interview.",
  "Do you reply to every support email yourself? We did until customer 200.",
  "1. Pick one channel\n2. Post every day for 30 days\n3. Keep what worked",
  "Small teams win on speed. Spend it.",
  "If a customer asks twice, it is a feature. If ten ask once, it is a market.",
  "We cut our onboarding from 9 steps to 3 and activation rose by a third.",
];

export interface HistoryPost {
  id: string;
  containerId: string;
  text: string;
  publishedAt: number;
  shortcode: string;
}

/** The user's N history posts as of `now`, newest last. */
export function historyPostsFor(seed: string, userId: string, n: number, now: number): HistoryPost[] {
  const rand = seededRandom(`${seed}|history|${userId}`);
  // The account's habit: most posts near two favourite hours (UTC), the rest anywhere.
  const favourite = [Math.floor(rand() * 24), Math.floor(rand() * 24)];
  // Anchored to whole days (so the same user gets the same posts whichever hour it is first read)
  // and ending two days back, so none counts toward the publishing quota's last 24 hours.
  const end = Math.floor(now / DAY_MS) * DAY_MS - 2 * DAY_MS;
  const out: HistoryPost[] = [];
  for (let i = 0; i < n; i++) {
    const day = Math.floor((i * 365) / Math.max(1, n));
    const hour = rand() < 0.7 ? (favourite[i % 2] ?? 9) : Math.floor(rand() * 24);
    const minute = Math.floor(rand() * 60);
    const hook = HOOKS[Math.floor(rand() * HOOKS.length)] ?? "";
    const body = BODIES[Math.floor(rand() * BODIES.length)] ?? "";
    const key = `${seed}|history|${userId}|${i}`;
    out.push({
      id: stableUserId(key).replace(/^17841/, "18027"),
      containerId: `hist-${hash32(key).toString(16)}-${i}`,
      // Numbered so no two history posts of an account read the same.
      text: `${hook}\n\n${body}\n\n#${i + 1}`,
      publishedAt: end - day * DAY_MS + hour * 3_600_000 + minute * 60_000,
      shortcode: `H${hash32(key).toString(36)}`.slice(0, 11),
    });
  }
  return out;
}

// Users whose history this isolate has written (the insert is idempotent; this only saves the work).
const seeded = new Set<string>();

const insertMedia = (db: FakeDb, rows: (typeof fakeThreadsMedia.$inferInsert)[]) =>
  db.insert(fakeThreadsMedia).values(rows).onConflictDoNothing();

export async function ensureHistory(db: FakeDb, seed: string, userId: string, n: number, now: number): Promise<void> {
  const key = `${seed}|${userId}|${n}`;
  if (n <= 0 || seeded.has(key)) return;
  const posts = historyPostsFor(seed, userId, n, now);
  const statements: ReturnType<typeof insertMedia>[] = [];
  for (let i = 0; i < posts.length; i += ROWS_PER_INSERT) {
    const rows = posts.slice(i, i + ROWS_PER_INSERT).map((p) => ({
      id: p.id,
      userId,
      containerId: p.containerId,
      mediaType: "TEXT",
      text: p.text,
      imageUrl: null,
      topicTag: null,
      shortcode: p.shortcode,
      publishedAt: p.publishedAt,
    }));
    statements.push(insertMedia(db, rows));
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  seeded.add(key);
}
