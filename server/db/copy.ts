import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompiledQuery } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';

/**
 * `COPY … FROM STDIN` on the connection a Kysely handle runs on, inside its transaction (a
 * bulk import stages its rows this way: one statement per chunk of text, no parameters to
 * parse, no arrays to build). Kysely has no COPY, so the statement travels as an ordinary
 * query whose one parameter is a CopySource; the drivers opened by database.ts recognise it
 * (withCopy below) and turn it into the driver's own COPY: postgres.js streams it over the
 * reserved connection, PGlite reads each chunk as `/dev/blob`.
 */
/** What copyFrom needs of a Kysely handle (database.ts's Db; not imported, which would close a circle). */
type Executor = { executeQuery(query: CompiledQuery): Promise<unknown> };

export async function copyFrom(db: Executor, statement: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
  if (!/^\s*copy\s[^;]*\sfrom\s+stdin\b[^;]*$/i.test(statement)) throw new Error(`copyFrom expects one COPY … FROM STDIN statement, got: ${statement}`);
  await db.executeQuery(CompiledQuery.raw(statement, [new CopySource(chunks)]));
}

/** Free text as a COPY text-format field: backslash, tab, newline and carriage return escaped. */
export function copyText(text: string): string {
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : text;
}

class CopySource {
  constructor(readonly chunks: Iterable<string> | AsyncIterable<string>) {}
}

const copySourceOf = (params: unknown): CopySource | null => (Array.isArray(params) && params.length === 1 && params[0] instanceof CopySource ? params[0] : null);

/** What Kysely's postgres.js connection reads from a result: rows (values()), command, count. */
function emptyResult(): unknown[] {
  return Object.assign([], { command: 'COPY', count: 0 });
}

/** A postgres.js client whose reserved connections (Kysely's transactions) understand copyFrom. */
export function withPostgresCopy(client: postgres.Sql): postgres.Sql {
  const reserve = async () => {
    const reserved = await client.reserve();
    return new Proxy(reserved, {
      get(target, prop, receiver) {
        if (prop !== 'unsafe') return Reflect.get(target, prop, receiver);
        return (query: string, params?: unknown[], options?: postgres.UnsafeQueryOptions) => {
          const source = copySourceOf(params);
          if (!source) return target.unsafe(query, params as postgres.ParameterOrJSON<never>[], options);
          const done = (async () => {
            const writable = await target.unsafe(query).writable();
            await pipeline(Readable.from(source.chunks, { objectMode: false }), writable);
            return emptyResult();
          })();
          return Object.assign(done, { cancel: () => undefined });
        };
      },
    });
  };
  return new Proxy(client, { get: (target, prop, receiver) => (prop === 'reserve' ? reserve : Reflect.get(target, prop, receiver)) });
}

/** A PGlite instance whose queries (in and outside transactions) understand copyFrom: each chunk is one `COPY … FROM '/dev/blob'`. */
export function withPGliteCopy(pglite: PGlite): PGlite {
  type Queryable = Pick<PGlite, 'query'>;
  const copying = (queryable: Queryable) =>
    (async (query: string, params?: unknown[], options?: Parameters<PGlite['query']>[2]) => {
      const source = copySourceOf(params);
      if (!source) return queryable.query(query, params as unknown[], options);
      const fromBlob = query.replace(/\bfrom\s+stdin\b/i, "from '/dev/blob'");
      for await (const chunk of source.chunks) {
        if (chunk.length > 0) await queryable.query(fromBlob, [], { blob: new Blob([chunk]) });
      }
      return { rows: [], fields: [], affectedRows: 0 };
    }) as PGlite['query'];
  return new Proxy(pglite, {
    get(target, prop) {
      if (prop === 'query') return copying(target);
      if (prop === 'transaction') {
        return <T>(callback: (tx: Parameters<Parameters<PGlite['transaction']>[0]>[0]) => Promise<T>) =>
          target.transaction((tx) => callback(new Proxy(tx, { get: (t, p) => (p === 'query' ? copying(t) : bound(t, p)) })));
      }
      return bound(target, prop);
    },
  });
}

/** Methods bound to the real object (PGlite keeps private fields that a proxy as `this` cannot reach). */
function bound(target: object, prop: string | symbol): unknown {
  const value = Reflect.get(target, prop, target);
  return typeof value === 'function' ? value.bind(target) : value;
}
