// The baseline for the API benchmark: a Worker that does no work at all and answers every
// request with the same small JSON body, served by the same `wrangler dev --local`. Whatever
// the product is slower by is the cost of its own code, D1 and the queue.
const BODY = JSON.stringify({ task_id: "tsk_00000000000000000000000000000000", status: "queued" });

export default {
  // No types from workerd here: the file is also type-checked with the Node-side bench code.
  fetch: (): Response => new Response(BODY, { status: 200, headers: { "content-type": "application/json" } }),
};
