import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from '../../src/paths.js';

/** README.md and every page under docs/ (the helpers' notes in docs/notes/ too), from the repository's root. */
function pages(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(ROOT, dir)).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(join(ROOT, path)).isDirectory()) return walk(path);
      return name.endsWith('.md') ? [path] : [];
    });
  return ['README.md', ...walk('docs')];
}

const text = (page: string) => readFileSync(join(ROOT, page), 'utf8');

/** A page without its fenced code blocks and inline code: what is left is what a reader sees as prose and links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
}

interface Link {
  target: string;
  image: boolean;
}

/** Inline links and images, `[text](target)` and `![alt](target)`, and reference definitions `[x]: target`. */
function links(markdown: string): Link[] {
  const body = prose(markdown);
  const inline = [...body.matchAll(/(!?)\[(?:[^\]]|\][^(])*?\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => ({
    target: m[2],
    image: m[1] === '!',
  }));
  const references = [...body.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => ({
    target: m[1],
    image: false,
  }));
  const html = [...body.matchAll(/<(img|a)\s[^>]*?(?:src|href)="([^"]+)"/g)].map((m) => ({
    target: m[2],
    image: m[1] === 'img',
  }));
  return [...inline, ...references, ...html];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const m of markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]
      .replace(/`/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n ? `${base}-${n}` : base);
  }
  return result;
}

const all = pages().map((page) => ({ page, markdown: text(page) }));

describe('the docs (README.md and docs/)', () => {
  it('are there: the README and a page for each kind of reader', () => {
    const names = all.map((p) => p.page);
    for (const page of [
      'docs/analysts.md',
      'docs/operators.md',
      'docs/integrators.md',
      'docs/district-staff.md',
      'docs/architecture.md',
    ])
      expect(names).toContain(page);
  });

  it('keep the README to its first screen: under 80 lines, naming the two commands', () => {
    const readme = text('README.md');
    expect(readme.split('\n').length).toBeLessThan(80);
    expect(readme).toMatch(/^npm start\b/m);
    expect(readme).toMatch(/^npm test\b/m);
  });

  it('link nowhere outside the repository (no http or https link, in text or in a link)', () => {
    const external = all.flatMap(({ page, markdown }) =>
      [...prose(markdown).matchAll(/\bhttps?:\/\/[^\s)>\]]+/g)].map((m) => `${page}: ${m[0]}`),
    );
    expect(external).toEqual([]);
  });

  it('link only to files that exist, and to headings that exist', () => {
    const broken = all.flatMap(({ page, markdown }) =>
      links(markdown)
        .filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l.target))
        .flatMap(({ target }) => {
          const [path, anchor] = target.split('#', 2);
          const file = path ? join(dirname(page), decodeURIComponent(path)) : page;
          if (!existsSync(join(ROOT, file))) return [`${page}: ${target} (no file ${file})`];
          if (anchor === undefined || !file.endsWith('.md')) return [];
          return anchors(text(file)).has(decodeURIComponent(anchor)) ? [] : [`${page}: ${target} (no heading)`];
        }),
    );
    expect(broken).toEqual([]);
  });

  it('show only images that exist, in the repository', () => {
    const images = all.flatMap(({ page, markdown }) =>
      links(markdown)
        .filter((l) => l.image)
        .map((l) => ({ page, target: l.target, file: relative(ROOT, join(ROOT, dirname(page), l.target)) })),
    );
    expect(images.length).toBeGreaterThan(0);
    const missing = images.filter((i) => /^[a-z]+:/i.test(i.target) || !existsSync(join(ROOT, i.file)));
    expect(missing).toEqual([]);
  });

  it('name every npm script of package.json', () => {
    const scripts = Object.keys((JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts);
    const docs = all.map((p) => p.markdown).join('\n');
    const named = (script: string) =>
      ['start', 'test'].includes(script)
        ? new RegExp(`\\bnpm ${script}\\b`).test(docs)
        : new RegExp(`\\bnpm run (-s )?${script.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w:-])`).test(docs);
    expect(scripts.filter((s) => !named(s))).toEqual([]);
  });
});

describe('the checks of the docs test', () => {
  it('see links and images, but not in code', () => {
    const found = links('[a](x.md) ![b](y.png) `[c](z.md)`\n```\n[d](w.md)\n```\n[e]: v.md\n');
    expect(found).toEqual([
      { target: 'x.md', image: false },
      { target: 'y.png', image: true },
      { target: 'v.md', image: false },
    ]);
  });

  it("make GitHub's anchors", () => {
    expect([...anchors('# End of life\n## The commission, the out-tray (steps 4–6)\n## Tests\n## Tests\n')]).toEqual([
      'end-of-life',
      'the-commission-the-out-tray-steps-46',
      'tests',
      'tests-1',
    ]);
  });
});
