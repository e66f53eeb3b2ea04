import crypto from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/database.ts';
import { DATA_VERSION_CHANNEL, readDataVersion } from '../db/data-version.ts';

/** Subscribes to a PostgreSQL notification channel; resolves to an unsubscribe function. */
export type Listen = (channel: string, onMessage: (payload: string) => void) => Promise<() => Promise<void>>;

/**
 * The committed data version, read fresh for every request that asks (a request never uses an
 * answer from a query that started before it arrived: a write the caller saw commit is always
 * seen). Requests arriving while a read is running share the next one, so 50 concurrent
 * readers cost about two queries, not fifty.
 */
export class DataVersionReader {
  private running: Promise<number> | null = null;
  private queued: Promise<number> | null = null;

  constructor(private readonly query: () => Promise<number>) {}

  read(): Promise<number> {
    if (!this.running) return this.start();
    // The running query may have taken its snapshot before this request's caller committed.
    return (this.queued ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    ));
  }

  private startQueued(): Promise<number> {
    this.queued = null;
    return this.start();
  }

  private start(): Promise<number> {
    const p = this.query();
    this.running = p;
    const clear = () => {
      if (this.running === p) this.running = null;
    };
    p.then(clear, clear);
    return p;
  }
}

interface Entry {
  version: number;
  etag: string;
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

type Encoding = 'br' | 'gzip' | 'identity';
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);
/** Below this a compressed body saves less than its headers cost. */
const COMPRESS_MIN_BYTES = 1024;

export interface ReadCacheStats {
  hits: number;
  misses: number;
  notModified: number;
  entries: number;
  bytes: number;
  version: number;
}

/**
 * Computed reads (scorecards, heatmaps…) kept serialized and compressed, keyed by the data
 * version and what the answer depends on. Bounded by bytes (NORTHSTAR_CACHE_MB), least
 * recently used out first. Permission is checked before a request gets here; routes whose
 * answer depends on the caller put that in their key (RouteDef.cache.vary).
 */
export class ReadCache {
  private readonly lru: LRUCache<string, Entry>;
  private readonly computing = new Map<string, Promise<Entry>>();
  private readonly versions: DataVersionReader;
  /** The newest version seen (read or announced): entries of older ones are dead. */
  private latest = 0;
  readonly stats = { hits: 0, misses: 0, notModified: 0 };

  constructor(
    db: Db,
    maxBytes: number,
    private readonly counter?: { inc(labels: { outcome: string }): void },
  ) {
    this.lru = new LRUCache<string, Entry>({
      maxSize: Math.max(1, maxBytes),
      sizeCalculation: (e, key) => e.body.length + (e.gzip?.length ?? 0) + (e.br?.length ?? 0) + key.length + 100,
    });
    this.versions = new DataVersionReader(() => readDataVersion(db));
  }

  /** Other processes' commits (LISTEN on PostgreSQL): superseded entries go at once. */
  async subscribe(listen: Listen): Promise<() => Promise<void>> {
    return listen(DATA_VERSION_CHANNEL, (payload) => {
      const v = Number(payload);
      if (Number.isFinite(v)) this.advance(v);
    });
  }

  async version(): Promise<number> {
    const v = await this.versions.read();
    this.advance(v);
    return v;
  }

  private advance(v: number) {
    if (v <= this.latest) return;
    this.latest = v;
    for (const [key, entry] of this.lru.entries()) if (entry.version < v) this.lru.delete(key);
  }

  getStats(): ReadCacheStats {
    return { ...this.stats, entries: this.lru.size, bytes: this.lru.calculatedSize, version: this.latest };
  }

  clear() {
    this.lru.clear();
  }

  /**
   * Answers from the cache, computing (once, however many ask at the same time) on a miss.
   * The version is read before the computation, so an entry is never older than its version.
   */
  async serve(req: Request, res: Response, key: string, compute: () => Promise<unknown>): Promise<void> {
    const version = await this.version();
    const fullKey = `${version}|${key}`;
    let entry = this.lru.get(fullKey);
    let hit = true;
    if (!entry) {
      hit = false;
      let pending = this.computing.get(fullKey);
      if (!pending) {
        pending = (async () => {
          const body = Buffer.from(JSON.stringify(await compute()));
          const made: Entry = { version, body, etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
          // A newer version arrived meanwhile: hand this one to its waiters, keep nothing dead.
          if (version >= this.latest) this.lru.set(fullKey, made);
          return made;
        })();
        this.computing.set(fullKey, pending);
        pending.then(
          () => this.computing.delete(fullKey),
          () => this.computing.delete(fullKey),
        );
      }
      entry = await pending;
    }
    res.setHeader('ETag', entry.etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.vary('Accept-Encoding');
    res.setHeader('X-Northstar-Cache', hit ? 'hit' : 'miss');
    if (hit) this.stats.hits++;
    else this.stats.misses++;
    this.counter?.inc({ outcome: hit ? 'hit' : 'miss' });
    if (matches(req.headers['if-none-match'], entry.etag)) {
      this.stats.notModified++;
      this.counter?.inc({ outcome: 'not_modified' });
      res.status(304).end();
      return;
    }
    const encoding: Encoding = entry.body.length < COMPRESS_MIN_BYTES ? 'identity' : negotiate(req.headers['accept-encoding']);
    const body = encoding === 'identity' ? entry.body : await this.compressed(fullKey, entry, encoding);
    res.status(200);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', String(body.length));
    res.end(body);
  }

  /** The compressed body, made on first demand and kept with the entry (its size counted). */
  private async compressed(key: string, entry: Entry, encoding: 'br' | 'gzip'): Promise<Buffer> {
    const have = entry[encoding];
    if (have) return have;
    const made =
      encoding === 'br'
        ? await brotli(entry.body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length } })
        : await gzip(entry.body, { level: 6 });
    entry[encoding] = made;
    // Set again so the LRU counts the new bytes (only if the entry is still the live one).
    if (this.lru.peek(key) === entry) this.lru.set(key, entry);
    return made;
  }
}

/** br when the client takes it at least as gladly as gzip (smaller), else gzip, else as is. */
export function negotiate(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = weight ? Number(weight.slice(2)) : 1;
    if (name) q.set(name, Number.isFinite(value) ? value : 0);
  }
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  const br = of('br');
  const gz = of('gzip');
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return 'identity';
}

/** If-None-Match against a strong ETag (weak comparison, as RFC 9110 asks for GET). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
