import { getTableColumns, is, sql, SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * The SELECT of `INSERT INTO table (…) SELECT … WHERE condition`: one row as a select of its
 * values, in the order drizzle's insert lists the table's columns, with the same defaults for
 * what the row leaves out. The insert then happens only while `condition` holds, decided inside
 * the statement itself, with no read before it (the pipeline's store batch, db/posts.ts). The
 * WHERE is also what SQLite needs to tell such a SELECT from an ON CONFLICT clause after it.
 */
export function rowWhere<T extends SQLiteTable>(table: T, row: T["$inferInsert"], condition: SQL): SQL {
  const values = row as Record<string, unknown>;
  const list = Object.entries(getTableColumns(table))
    // Generated columns are not inserted (drizzle's own test; untyped there).
    .filter(([, col]) => !(col as unknown as { shouldDisableInsert(): boolean }).shouldDisableInsert())
    .map(([key, col]) => {
      const v = values[key];
      if (v !== undefined) return sql.param(v, col);
      if (col.default !== undefined && col.default !== null)
        return is(col.default, SQL) ? col.default : sql.param(col.default, col);
      if (col.defaultFn !== undefined) {
        const d = col.defaultFn();
        return is(d, SQL) ? d : sql.param(d, col);
      }
      return sql`null`;
    });
  return sql`select ${sql.join(list, sql`, `)} where ${condition}`;
}
