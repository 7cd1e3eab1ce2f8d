import { expect } from '@jest/globals';

/** Letters Kazakh writes and Russian does not: a Kazakh text has some, a Russian one none. */
export const KAZAKH = /[әғқңөұүһі]/i;
const CYRILLIC = /[а-яё]/i;

/** A text a person reads is in both languages: a Kazakh text and a different Russian one. */
export function expectKkAndRu(what: string, text: { kk?: unknown; ru?: unknown }): void {
  const { kk, ru } = text;
  expect({ what, kk: typeof kk === 'string' && KAZAKH.test(kk) }).toEqual({ what, kk: true });
  expect({
    what,
    ru: typeof ru === 'string' && CYRILLIC.test(ru) && !KAZAKH.test(ru) && ru !== kk,
  }).toEqual({ what, ru: true });
}
