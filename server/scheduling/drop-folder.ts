import fs from 'node:fs';
import path from 'node:path';

/**
 * Where file-drop jobs may read (and move) files: folders inside `NORTHSTAR_DATA_DIR/drop/`,
 * named relative to it, or inside one of the absolute folders listed in `NORTHSTAR_DROP_ROOTS`
 * (separated by `:`; `;` on Windows), named by their absolute path. Nothing else: a job's
 * folder decides which files the server imports and then moves away, so `../x`, `/etc` or a
 * symbolic link out of a root would let whoever may save a job read or move any file the server
 * can. The syntax is checked when a job is saved; the real location (after following links)
 * each time it runs.
 */
export const DROP_SUBFOLDER = 'drop';

/** The absolute folders listed in NORTHSTAR_DROP_ROOTS (relative entries are ignored). */
export function extraDropRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.NORTHSTAR_DROP_ROOTS ?? '')
    .split(path.delimiter)
    .map((r) => r.trim())
    .filter((r) => r !== '' && path.isAbsolute(r))
    .map((r) => path.resolve(r));
}

const inside = (root: string, candidate: string) => {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/** Why a configured folder is not allowed (checked when a job is saved), or null. */
export function dropFolderProblem(folder: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (folder.includes('\0')) return 'must not contain NUL characters';
  if (path.isAbsolute(folder)) {
    const roots = extraDropRoots(env);
    if (roots.some((root) => inside(root, path.resolve(folder)))) return null;
    return roots.length
      ? `an absolute folder must lie inside one of NORTHSTAR_DROP_ROOTS (${roots.join(', ')})`
      : `must be a folder relative to NORTHSTAR_DATA_DIR/${DROP_SUBFOLDER}/ (absolute folders need NORTHSTAR_DROP_ROOTS)`;
  }
  const normal = path.normalize(folder);
  if (normal === '..' || normal.startsWith(`..${path.sep}`)) return `must stay inside NORTHSTAR_DATA_DIR/${DROP_SUBFOLDER}/ (no ..)`;
  return null;
}

export class DropFolderError extends Error {}

/**
 * The folder a job polls, resolved and checked: relative names inside `dataDir/drop/`, absolute
 * ones inside a listed root, and (when the folder exists) its real path, links followed, still
 * inside the real path of that root. Throws DropFolderError otherwise.
 */
export function resolveDropFolder(dataDir: string, folder: string, env: NodeJS.ProcessEnv = process.env): string {
  const problem = dropFolderProblem(folder, env);
  if (problem) throw new DropFolderError(`The folder "${folder}" is refused: it ${problem}`);
  const base = path.resolve(dataDir, DROP_SUBFOLDER);
  const resolved = path.isAbsolute(folder) ? path.resolve(folder) : path.resolve(base, folder);
  const roots = path.isAbsolute(folder) ? extraDropRoots(env).filter((r) => inside(r, resolved)) : [base];
  if (!fs.existsSync(resolved)) return resolved;
  const real = fs.realpathSync(resolved);
  const realRoots = roots.map((r) => (fs.existsSync(r) ? fs.realpathSync(r) : r));
  if (!realRoots.some((root) => inside(root, real))) throw new DropFolderError(`The folder "${folder}" is refused: it leads (through a symbolic link) outside the drop folders`);
  return resolved;
}

/** A sub-folder (archive/, rejected/) that is a real folder, not a link to somewhere else. */
export async function ensurePlainSubfolder(folder: string, sub: string): Promise<string> {
  const dir = path.join(folder, sub);
  const stat = await fs.promises.lstat(dir).catch(() => null);
  if (stat && !stat.isDirectory()) throw new DropFolderError(`${sub}/ in the drop folder is not a plain folder (a link or a file); files are not moved there`);
  if (!stat) await fs.promises.mkdir(dir, { recursive: true });
  return dir;
}
