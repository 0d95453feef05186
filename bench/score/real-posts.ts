// The real public posts (test/fixtures/real-posts/, SOURCE.md there) as training posts, split
// by time BEFORE anything is tuned: the earliest 80% train, the latest 20% test. Only
// bench/score/fit-prior.ts reads the train split to choose and fit the prior; the test split is
// read by the bench line and the unit test alone.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TrainingPost } from "../../workers/score/learned.ts";

interface FixturePost {
  published_at: string;
  text: string;
  views: number;
  likes: number;
  reposts: number;
  replies: number;
}

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/real-posts/${name}`, import.meta.url));
export const TEST_SHARE = 0.2;

/** rOpenSci's posts: the train split fits the prior, the test split is the bench's held-out set. */
export const realPosts = (): TrainingPost[] => postsOf("ropensci-tweets.json");

/**
 * A second account (Lisa DeBruine, 2021), never read while building or tuning anything: the
 * cold-start check on an audience the prior never saw.
 */
export const otherAccountPosts = (): TrainingPost[] => postsOf("lisadebruine-tweets.json");

export const timeSplit = (all: TrainingPost[]): { train: TrainingPost[]; test: TrainingPost[] } => {
  const nTest = Math.floor(all.length * TEST_SHARE);
  return { train: all.slice(0, all.length - nTest), test: all.slice(all.length - nTest) };
};

function postsOf(name: string): TrainingPost[] {
  const { posts } = JSON.parse(readFileSync(fixture(name), "utf8")) as { posts: FixturePost[] };
  return posts
    .map((p) => ({
      text: p.text,
      at: Date.parse(p.published_at),
      views: p.views,
      interactions: p.likes + p.reposts + p.replies,
    }))
    .sort((a, b) => a.at - b.at);
}

export const realSplit = () => timeSplit(realPosts());
