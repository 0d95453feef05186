// POST /v1/tasks with source_url or source_item_id: the persona's source item the post
// repurposes. A URL that is not yet among the persona's sources is added as one first (fetched
// in the persona's Durable Object), so "write a post from this article" is one request.
import type { Db } from "../db/client.ts";
import { getPersona } from "../db/personas.ts";
import type { SourceItemRow } from "../db/schema/index.ts";
import { findItemByUrl, findSourceByUrl, getItem, itemsOf } from "../db/sources.ts";
import { personaAgent } from "../durable/persona-agent.ts";
import { AppError } from "../errors.ts";
import { inspectText } from "../guardrails/checks.ts";
import { unwrapRpc } from "../rpc-result.ts";
import type { Settings } from "../settings/index.ts";
import { urlPolicy } from "../sources/manage.ts";
import { checkSourceUrl } from "../sources/url-safety.ts";

export interface TaskSourceItem {
  id: string;
  /** The item's title as the task's topic, when the task names none and the title is clean. */
  topic: string | null;
}

async function byUrl(env: Env, db: Db, s: Settings, personaId: string, raw: string): Promise<SourceItemRow> {
  const url = checkSourceUrl(raw, urlPolicy(s), "source_url").href;
  const item = await findItemByUrl(db, personaId, url);
  if (item) return item;
  let source = await findSourceByUrl(db, personaId, url);
  if (!source) source = unwrapRpc(await personaAgent(env, personaId).addSource(personaId, { url })).source;
  if (source.status === "failed")
    throw new AppError("unprocessable", `source_url: could not be read: ${source.lastError ?? "unknown error"}`, {
      field: "source_url",
      source_id: source.id,
    });
  const newest = (await itemsOf(db, source.id))[0];
  if (!newest) throw new AppError("unprocessable", "source_url: the source has no items yet", { field: "source_url" });
  return newest;
}

export async function sourceItemFor(
  env: Env,
  db: Db,
  s: Settings,
  body: { persona_id: string; source_url?: string; source_item_id?: string },
): Promise<TaskSourceItem | null> {
  if (!body.source_url && !body.source_item_id) return null;
  const persona = await getPersona(db, body.persona_id);
  if (!persona) throw new AppError("not_found", `persona_id: no persona '${body.persona_id}'`, { field: "persona_id" });
  let item: SourceItemRow | null;
  if (body.source_item_id) {
    item = await getItem(db, persona.id, body.source_item_id);
    if (!item)
      throw new AppError(
        "not_found",
        `source_item_id: no item '${body.source_item_id}' in persona '${persona.id}'s sources`,
        {
          field: "source_item_id",
        },
      );
  } else item = await byUrl(env, db, s, persona.id, body.source_url ?? "");
  const title = item.title?.trim() || null;
  const clean = title && !inspectText(title, { personalData: persona.guardrails.block_personal_data });
  return { id: item.id, topic: clean ? title.slice(0, 280) : null };
}
