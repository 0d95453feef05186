// `npm run bench -- --only experiments --audience a,b,… | --audiences N`: bench/lib/args.ts reads
// the flags (node:util, which workerd lacks) and audiencesFromArgs turns them into the audiences
// the experiments bench runs against; a bad value stops the bench before it starts.
import { describe, expect, it } from "vitest";
import { audiencesFromArgs, DEFAULT_RANDOM_AUDIENCES } from "../../bench/experiments/audiences.ts";

describe("the experiments bench's audiences", () => {
  it("takes named audiences, N random ones, or a default number of random ones", () => {
    expect(audiencesFromArgs({ audience: "random:7, contrarian", quick: false })).toEqual(["random:7", "contrarian"]);
    expect(audiencesFromArgs({ audiences: "3", quick: false })).toEqual(["random:1", "random:2", "random:3"]);
    expect(audiencesFromArgs({ quick: false })).toHaveLength(DEFAULT_RANDOM_AUDIENCES.full);
    expect(audiencesFromArgs({ quick: true })).toHaveLength(DEFAULT_RANDOM_AUDIENCES.quick);
  });

  it("rejects what FAKE_THREADS_AUDIENCE would reject, and a bad count", () => {
    expect(() => audiencesFromArgs({ audience: "random:1,shouty", quick: false })).toThrow(/unknown audience 'shouty'/);
    expect(() => audiencesFromArgs({ audience: ",", quick: false })).toThrow(/at least one audience/);
    expect(() => audiencesFromArgs({ audiences: "0", quick: false })).toThrow(/an integer from 1 to 1000/);
    expect(() => audiencesFromArgs({ audiences: "2", audience: "plain", quick: false })).toThrow(/give one of them/);
  });
});
