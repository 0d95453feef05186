import type { Db } from "../db/client.ts";
import type { PersonaVectors } from "../dedup/persona-vectors.ts";
import { personaPostIds } from "./erase-rows.ts";

/**
 * Removes a persona's vectors from Vectorize. Vectorize cannot drop a namespace, so they go by
 * id (a vector's id is its post's id), before the post rows are deleted or renamed. The local
 * index needs nothing here: it lives in the agent's storage, which the agent empties.
 */
export async function eraseVectorizeVectors(db: Db, vectors: PersonaVectors, personaId: string): Promise<number> {
  const ids = await personaPostIds(db, personaId);
  await vectors.remove(personaId, ids);
  return ids.length;
}
