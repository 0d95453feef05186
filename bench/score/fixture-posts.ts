// A real-posts fixture (test/fixtures/real-posts/) as training posts, sorted by time, and the one
// time split every consumer uses: the earliest 80% train, the latest 20% test.
import type { TrainingPost } from "../../workers/score/learned.ts";

export interface FixturePost {
  published_at: string;
  text: string;
  views: number;
  likes: number;
  reposts: number;
  replies: number;
}

export const TEST_SHARE = 0.2;

export const fixturePosts = (fixture: { posts: FixturePost[] }): TrainingPost[] =>
  fixture.posts
    .map((p) => ({
      text: p.text,
      at: Date.parse(p.published_at),
      views: p.views,
      interactions: p.likes + p.reposts + p.replies,
    }))
    .sort((a, b) => a.at - b.at);

export const timeSplit = (all: TrainingPost[]): { train: TrainingPost[]; test: TrainingPost[] } => {
  const nTest = Math.floor(all.length * TEST_SHARE);
  return { train: all.slice(0, all.length - nTest), test: all.slice(all.length - nTest) };
};
