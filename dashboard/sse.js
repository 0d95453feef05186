import { apiFetch } from "./api.js";
import { readEvents } from "./event-stream.js";

// EventSource cannot send an Authorization header, so Server-Sent Events are read from a
// fetch() body stream (event-stream.js parses them).
export async function streamEvents(path, onEvent, signal) {
  const res = await apiFetch(path, { headers: { Accept: "text/event-stream" }, signal });
  if (!res.ok || !res.body) throw new Error(`event stream: ${res.status}`);
  for await (const { event, data } of readEvents(res.body)) onEvent(event, data);
}
