// The real public posts (test/fixtures/real-posts/, SOURCE.md there), split by time into committed
// train and test files BEFORE anything was fitted (bench/score/split-fixture.ts). Only
// bench/score/fit-prior.ts fits anything, and it reads the train files alone (trainSplits); the
// test files are read by the bench line and the unit test.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TrainingPost } from "../../workers/score/learned.ts";
import { fixturePosts } from "./fixture-posts.ts";

/** The accounts, primary first (the bench's headline line is on its test split). */
export const ACCOUNTS = ["ropensci-tweets", "lisadebruine-tweets"] as const;
export type AccountName = (typeof ACCOUNTS)[number];

const postsOf = (file: string): TrainingPost[] =>
  fixturePosts(
    JSON.parse(readFileSync(fileURLToPath(new URL(`../../test/fixtures/real-posts/${file}`, import.meta.url)), "utf8")),
  );

/** An account's train split only: what the prior may be fitted and tuned on. */
export const trainSplit = (name: AccountName): TrainingPost[] => postsOf(`${name}.train.json`);

/** Every account's train split, for bench/score/fit-prior.ts. */
export const trainSplits = () => ACCOUNTS.map((name) => ({ name, posts: trainSplit(name) }));

/** An account's two splits: for evaluation only. */
export const accountSplit = (name: AccountName): { train: TrainingPost[]; test: TrainingPost[] } => ({
  train: trainSplit(name),
  test: postsOf(`${name}.test.json`),
});
