import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from '@jest/globals';
import pLimit from 'p-limit';
import { ROOT } from '../../src/paths.js';

const run = promisify(execFile);
// Two at a time: twenty Node processes at once outlast any timeout on a loaded two-core machine.
const limit = pLimit(2);
const commands = readdirSync(join(ROOT, 'src', 'cli')).filter((f) => f.endsWith('.ts'));

it('every command answers --help with what it does, and refuses an unknown option with exit 2', async () => {
  expect(commands.length).toBeGreaterThanOrEqual(15);
  const answers = await Promise.all(
    commands.map((file) =>
      limit(async () => {
        const entry = join(ROOT, 'src', 'cli', file);
        const help = await run(process.execPath, ['--import', 'tsx', entry, '--help'], { cwd: ROOT, timeout: 60_000 });
        const bad = await run(process.execPath, ['--import', 'tsx', entry, '--no-such-option'], {
          cwd: ROOT,
          timeout: 60_000,
        }).then(
          () => ({ code: 0, stderr: '' }),
          (e: { code: number; stderr: string }) => e,
        );
        return { file, help: help.stdout, badCode: bad.code, badText: bad.stderr };
      }),
    ),
  );
  for (const a of answers) {
    expect({ file: a.file, usage: a.help.startsWith('Usage: npm ') }).toEqual({ file: a.file, usage: true });
    expect({ file: a.file, code: a.badCode, said: a.badText.includes("unknown option '--no-such-option'") }).toEqual({
      file: a.file,
      code: 2,
      said: true,
    });
  }
}, 300_000);
