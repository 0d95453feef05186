// The scopes the Threads OAuth connect flow asks for.
// threads_keyword_search: the research step's keyword search (GET /keyword_search) needs it.
// https://developers.facebook.com/documentation/threads/keyword-search (updated 2026-01-21).
export const THREADS_SCOPES = [
  "threads_basic",
  "threads_content_publish",
  "threads_read_replies",
  "threads_manage_insights",
  "threads_keyword_search",
];
