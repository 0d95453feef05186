import { DurableObject } from "cloudflare:workers";
export class PersonaAgent extends DurableObject<Env> { async ping() { return "pong"; } }
export default {
  async fetch(req, env) { return Response.json({ ok: true, ai: typeof env.AI, vec: typeof env.VECTORIZE, ae: typeof env.ANALYTICS }); },
} satisfies ExportedHandler<Env>;
