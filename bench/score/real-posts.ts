// The real public posts (test/fixtures/real-posts/, SOURCE.md there), split by time BEFORE
// anything is tuned. Only bench/score/fit-prior.ts reads rOpenSci's train split to choose and fit
// the prior; its test split and the second account are read by the bench line and unit test alone.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TrainingPost } from "../../workers/score/learned.ts";
import { fixturePosts, timeSplit } from "./fixture-posts.ts";

export { timeSplit } from "./fixture-posts.ts";

const postsOf = (name: string): TrainingPost[] =>
  fixturePosts(
    JSON.parse(readFileSync(fileURLToPath(new URL(`../../test/fixtures/real-posts/${name}`, import.meta.url)), "utf8")),
  );

/** rOpenSci's posts: the train split fits the prior, the test split is the bench's held-out set. */
export const realPosts = (): TrainingPost[] => postsOf("ropensci-tweets.json");

/** A second account (Lisa DeBruine, 2021), never read while building or tuning anything. */
export const otherAccountPosts = (): TrainingPost[] => postsOf("lisadebruine-tweets.json");

export const realSplit = () => timeSplit(realPosts());
