// A real-posts fixture file (test/fixtures/real-posts/) as training posts, sorted by time; the
// share of each account that is its (later) test split.
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
