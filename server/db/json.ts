import { type RawBuilder, sql } from 'kysely';

/**
 * A jsonb parameter that both drivers read the same way. The value travels as text and is
 * cast on the server: postgres.js would otherwise JSON-encode a string a second time.
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value ?? null)}::text as jsonb)`;
}
