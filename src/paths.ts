import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder (where package.json is), whether we run from src/ or from compiled dist/. */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** Where `npm start` keeps its development credentials (engine passwords in engine-passwords/, one file per user). */
export const DEV_CREDENTIALS_DIR = join(ROOT, '.data', 'credentials');
