import { describe, expect, it } from "vitest";
import { type ThreadsApiError, ThreadsClient } from "../../workers/providers/threads/index.ts";
import { caught, fakeThreads } from "../support/fake-threads.ts";

/** A client whose fetch answers every call with `respond()`. */
function scripted(respond: (url: string) => Response | Promise<Response>, timeoutMs = 15_000) {
  const urls: string[] = [];
  const client = new ThreadsClient({
    baseUrl: "https://graph.example",
    timeoutMs,
    fetch: async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      urls.push(url);
      return respond(url);
    },
  });
  return { client, urls };
}

const graphError = (status: number, error: Record<string, unknown>) => () => Response.json({ error }, { status });

describe("Graph error mapping", () => {
  it("maps 190 to auth", async () => {
    const { client } = fakeThreads({ fail: "me:190" });
    const err = await caught<ThreadsApiError>(() => client.getMe("fake-a"));
    expect(err).toMatchObject({ kind: "auth", code: 190, retryable: false });
  });

  it.each([4, 17, 32, 613])("maps %i to throttled with a retry delay", async (code) => {
    const { client } = fakeThreads({ fail: `me:${code}` });
    const err = await caught<ThreadsApiError>(() => client.getMe("fake-a"));
    expect(err.kind).toBe("throttled");
    expect(err.code).toBe(code);
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(err.retryable).toBe(true);
  });

  it("honours a Retry-After header on throttling", async () => {
    const { client } = scripted(() =>
      Response.json({ error: { code: 613, message: "slow down" } }, { status: 400, headers: { "retry-after": "7" } }),
    );
    const err = await caught<ThreadsApiError>(() => client.getMe("tok-abcdef"));
    expect(err).toMatchObject({ kind: "throttled", retryAfterMs: 7000 });
  });

  it.each([
    ["code 1", "me:1", 1, undefined],
    ["code 2", "me:2", 2, undefined],
    ["subcode 4279009", "me:4279009", 24, 4279009],
  ])("maps %s to transient", async (_, fail, code, subcode) => {
    const { client } = fakeThreads({ fail });
    const err = await caught<ThreadsApiError>(() => client.getMe("fake-a"));
    expect(err).toMatchObject({ kind: "transient", code, subcode });
  });

  it("maps a bare 5xx to transient, and marks a failed write as outcome-unknown", async () => {
    const { client } = fakeThreads({ fail: "me:502,publish:502" });
    const read = await caught<ThreadsApiError>(() => client.getMe("fake-a"));
    expect(read).toMatchObject({ kind: "transient", httpStatus: 502, outcomeUnknown: false });
    const write = await caught<ThreadsApiError>(() => client.publish("me", "fake-a", "123"));
    expect(write).toMatchObject({ kind: "transient", httpStatus: 502, outcomeUnknown: true });
  });

  it("maps a timeout to transient", async () => {
    const { client } = fakeThreads({ fail: "me:timeout", hangMs: 300 }, { timeoutMs: 50 });
    const err = await caught<ThreadsApiError>(() => client.getMe("fake-a"));
    expect(err).toMatchObject({ kind: "transient", timeout: true });
    expect(err.message).toContain("timed out after 50 ms");
  });

  it("maps a network failure to transient", async () => {
    const { client } = scripted(() => {
      throw new TypeError("Network connection lost");
    });
    const err = await caught<ThreadsApiError>(() => client.createContainer("1", "tok-abcdef", { text: "hi" }));
    expect(err).toMatchObject({ kind: "transient", outcomeUnknown: true });
  });

  it("keeps the Graph message of a permanent error", async () => {
    const { client } = fakeThreads();
    const err = await caught<ThreadsApiError>(() => client.createContainer("me", "fake-a", { text: "x".repeat(501) }));
    expect(err.kind).toBe("permanent");
    expect(err.code).toBe(100);
    expect(err.message).toContain("text must be at most 500 characters long");
  });

  it("prefers error_user_msg when Graph sends one, and keeps fbtrace_id", async () => {
    const { client } = scripted(
      graphError(400, {
        message: "Invalid parameter",
        code: 100,
        error_user_msg: "The image is too large.",
        fbtrace_id: "AbC",
      }),
    );
    const err = await caught<ThreadsApiError>(() => client.getMe("tok-abcdef"));
    expect(err).toMatchObject({ kind: "permanent", fbtraceId: "AbC" });
    expect(err.message).toBe("Threads getMe failed: The image is too large.");
  });

  // Threads documents no publishing-limit error code; 9/2207042 is Instagram's. It is an ordinary
  // refusal here, and the publisher re-checks threads_publishing_limit instead.
  it("does not treat Instagram's quota code 9/2207042 as a throttle", async () => {
    const { client } = scripted(graphError(400, { message: "limit", code: 9, error_subcode: 2207042 }));
    const err = await caught<ThreadsApiError>(() => client.publish("1", "tok-abcdef", "2"));
    expect(err).toMatchObject({ kind: "permanent", code: 9 });
  });

  // https://developers.facebook.com/docs/graph-api/overview/rate-limiting/ (usage headers) and
  // https://developers.facebook.com/documentation/threads/overview (per app-and-user, rolling 24 h).
  it("reads the wait from X-Business-Use-Case-Usage (minutes), and a full X-App-Usage as throttled", async () => {
    const buc = JSON.stringify({
      "123": [
        { type: "threads", call_count: 100, total_time: 20, total_cputime: 10, estimated_time_to_regain_access: 12 },
      ],
    });
    const a = scripted(() =>
      Response.json(
        { error: { code: 4, message: "Application request limit reached" } },
        { status: 400, headers: { "x-business-use-case-usage": buc } },
      ),
    );
    expect(await caught<ThreadsApiError>(() => a.client.getMe("tok-abcdef"))).toMatchObject({
      kind: "throttled",
      retryAfterMs: 12 * 60_000,
    });
    const full = JSON.stringify({ call_count: 100, total_time: 5, total_cputime: 5 });
    const b = scripted(() =>
      Response.json(
        { error: { code: 100, message: "Some refusal" } },
        { status: 400, headers: { "x-app-usage": full } },
      ),
    );
    expect(await caught<ThreadsApiError>(() => b.client.getMe("tok-abcdef"))).toMatchObject({
      kind: "throttled",
      retryAfterMs: 3_600_000,
    });
    const low = JSON.stringify({ call_count: 40, total_time: 5, total_cputime: 5 });
    const c = scripted(() =>
      Response.json(
        { error: { code: 100, message: "Some refusal" } },
        { status: 400, headers: { "x-app-usage": low } },
      ),
    );
    expect(await caught<ThreadsApiError>(() => c.client.getMe("tok-abcdef"))).toMatchObject({ kind: "permanent" });
  });

  // The code exchange documents a flat error: https://developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions
  it("reads the flat OAuth error of the code exchange", async () => {
    const { client } = scripted(() =>
      Response.json(
        { error_type: "OAuthException", code: 400, error_message: "Matching code was not found or was already used" },
        { status: 400 },
      ),
    );
    const err = await caught<ThreadsApiError>(() =>
      client.exchangeCode({
        clientId: "1",
        clientSecret: "s3cr3t-app",
        redirectUri: "https://x.example/cb",
        code: "c0de-123",
      }),
    );
    expect(err).toMatchObject({
      kind: "permanent",
      message: "Threads exchangeCode failed: Matching code was not found or was already used",
    });
  });
});

describe("secrets never leak into errors", () => {
  const TOKEN = "THQVJSECRETTOKEN123456";
  const SECRET = "appsecret-987654";

  it("redacts the token from network error messages that carry the URL", async () => {
    const { client, urls } = scripted((url) => {
      throw new TypeError(`fetch failed: ${url}`);
    });
    const err = await caught<ThreadsApiError>(() => client.getPost("42", TOKEN));
    expect(urls[0]).toContain(TOKEN); // it was sent...
    const everything = `${err.message} ${err.stack ?? ""} ${JSON.stringify(err)} ${String(err)}`;
    expect(everything).not.toContain(TOKEN); // ...but never reported
    expect(err.message).toContain("access_token=[REDACTED]");
  });

  it("redacts tokens and client secrets echoed by the server", async () => {
    const { client } = scripted(
      graphError(400, { code: 100, message: `bad token ${TOKEN} with secret ${SECRET} in ?access_token=${TOKEN}` }),
    );
    const err = await caught<ThreadsApiError>(() => client.exchangeForLongLived(TOKEN, SECRET));
    const everything = `${err.message} ${JSON.stringify(err)}`;
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(SECRET);
  });

  it("redacts the OAuth code and secret from a failed code exchange", async () => {
    const { client } = scripted(
      (url) => new Response(`<html>upstream error for ${url} code=AUTHCODE-XYZ</html>`, { status: 500 }),
    );
    const err = await caught<ThreadsApiError>(() =>
      client.exchangeCode({
        clientId: "1",
        clientSecret: SECRET,
        redirectUri: "https://x.example/cb",
        code: "AUTHCODE-XYZ",
      }),
    );
    expect(err.kind).toBe("transient");
    expect(JSON.stringify(err) + err.message).not.toMatch(/AUTHCODE-XYZ|appsecret-987654/);
  });

  it("sends the OAuth code exchange as a form body, not in the URL", async () => {
    const { client, urls } = scripted(() => new Response('{"access_token":"t","user_id":17841400000000001}'));
    const res = await client.exchangeCode({
      clientId: "1",
      clientSecret: SECRET,
      redirectUri: "https://x.example/cb",
      code: "c0de",
    });
    expect(res.userId).toBe("17841400000000001");
    expect(urls[0]).toBe("https://graph.example/oauth/access_token");
  });
});
