import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { DomainError } from '../http/errors.ts';

/**
 * One process owns an embedded data directory (PGlite is one connection in one process: a
 * second process on the same files silently diverges). The lock is proper-lockfile's: a
 * directory whose mtime the owner refreshes, so a crashed owner's lock turns stale on its own;
 * a lock whose recorded owner process no longer exists on this machine is stale at once.
 * Beside it, `northstar.owner.json` says who holds it, so the refusal can say what to do.
 */
const STALE_MS = 60_000;
const UPDATE_MS = 15_000;

export interface DataDirOwner {
  pid: number;
  hostname: string;
  role: 'server' | 'cli';
  command: string;
  startedAt: string;
  /** The server's address once it listens. */
  url: string | null;
}

export interface DataDirClaim {
  role: 'server' | 'cli';
  /** What this process runs (`serve`, `token create`, …), recorded for the next one to read. */
  command: string;
  /** How to do the same through the running server's API (`POST /api/v1/tokens …`). */
  apiHint?: string;
}

export interface DataDirLock {
  /** Records the server's URL for processes that are refused. */
  setUrl(url: string): void;
  release(): Promise<void>;
}

const lockPath = (dataDir: string) => path.join(dataDir, 'northstar.lock');
const ownerPath = (dataDir: string) => path.join(dataDir, 'northstar.owner.json');

export function readDataDirOwner(dataDir: string): DataDirOwner | null {
  try {
    return JSON.parse(fs.readFileSync(ownerPath(dataDir), 'utf8')) as DataDirOwner;
  } catch {
    return null;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data directory for this process or throws a 409 that says who holds it and what to do. */
export async function lockDataDir(dataDir: string, claim: DataDirClaim): Promise<DataDirLock> {
  fs.mkdirSync(dataDir, { recursive: true });
  const options = {
    lockfilePath: lockPath(dataDir),
    stale: STALE_MS,
    update: UPDATE_MS,
    realpath: false,
    // Someone else took the directory (this process stalled past the stale time): two
    // writers would corrupt it, so stop here.
    onCompromised: (err: Error) => {
      process.stderr.write(`northstar: lost the lock on ${dataDir} (${err.message}); stopping so that two processes never write it\n`);
      process.exit(75);
    },
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const owner = readDataDirOwner(dataDir);
    const ownerGone = owner !== null && owner.hostname === os.hostname() && owner.pid !== process.pid && !processIsAlive(owner.pid);
    if (!ownerGone) throw dataDirBusy(dataDir, owner, claim);
    fs.rmSync(lockPath(dataDir), { recursive: true, force: true });
    release = await lockfile.lock(dataDir, options).catch((again) => {
      if ((again as NodeJS.ErrnoException).code === 'ELOCKED') throw dataDirBusy(dataDir, readDataDirOwner(dataDir), claim);
      throw again;
    });
  }
  const owner: DataDirOwner = { pid: process.pid, hostname: os.hostname(), role: claim.role, command: claim.command, startedAt: new Date().toISOString(), url: null };
  const writeOwner = () => fs.writeFileSync(ownerPath(dataDir), JSON.stringify(owner, null, 2) + '\n');
  writeOwner();
  let released = false;
  return {
    setUrl(url) {
      owner.url = url;
      writeOwner();
    },
    async release() {
      if (released) return;
      released = true;
      fs.rmSync(ownerPath(dataDir), { force: true });
      await release();
    },
  };
}

function dataDirBusy(dataDir: string, owner: DataDirOwner | null, claim: DataDirClaim): DomainError {
  const shown = path.relative(process.cwd(), dataDir) || '.';
  const where = shown.startsWith('..') ? dataDir : `./${shown}`;
  const who = !owner
    ? 'Another Northstar process'
    : owner.role === 'server'
      ? `The Northstar server (pid ${owner.pid}${owner.url ? ` at ${owner.url}` : ''})`
      : `A northstar command (pid ${owner.pid}: ${owner.command})`;
  let advice: string;
  if (owner?.role === 'cli') advice = 'wait for it to finish';
  else if (claim.role === 'server') advice = 'stop it first, or give this server its own NORTHSTAR_DATA_DIR (or a PostgreSQL DATABASE_URL)';
  else {
    const api = owner?.url ? `${owner.url}/api/v1` : '/api/v1';
    const hint = claim.apiHint ? claim.apiHint.replaceAll('{api}', api) : `see ${owner?.url ?? ''}/api/docs`;
    advice = `stop it, or do this through its API while it runs: ${hint}`;
  }
  return new DomainError('data_dir_in_use', `${who} holds the embedded database in ${where}; ${advice}`, { dataDir, owner }, 409);
}
