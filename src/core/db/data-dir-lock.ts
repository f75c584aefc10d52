// PGlite is one process's database: two processes opening one data directory
// silently lose data. A lock file holding the owner's pid stops the second one.
// A pid file (rather than a lock refreshed on a timer) lets a restart right
// after a crash reclaim the directory at once: a dead pid is a stale lock.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { conflict } from '../errors.js';

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(lockPath: string): DataDirLock {
  if (!tryCreate(lockPath)) {
    const owner = readOwner(lockPath);
    if (owner !== undefined && isAlive(owner)) {
      throw conflict(
        'data_dir_in_use',
        'the data directory is in use by another Lotline process (pid {{pid}}); ' +
          'stop it, or set LOTLINE_DATA_DIR to another directory',
        { pid: String(owner) },
      );
    }
    unlinkSync(lockPath);
    if (!tryCreate(lockPath)) {
      throw conflict(
        'data_dir_taken',
        'another Lotline process took the data directory while it was being unlocked',
      );
    }
  }
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      if (readOwner(lockPath) === process.pid) unlinkSync(lockPath);
    },
  };
}

function tryCreate(lockPath: string): boolean {
  try {
    const fd = openSync(lockPath, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readOwner(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
