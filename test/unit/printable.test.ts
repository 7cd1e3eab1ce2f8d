import { expect, it } from '@jest/globals';
import { printable } from '../../src/domain/text.js';

it('shows control characters from the engine as ? so a business key cannot drive the terminal', () => {
  expect(printable('key\u001b[31mRED\u0007\r\n')).toBe('key?[31mRED???');
  expect(printable('\u009b2J')).toBe('?2J');
  expect(printable('Айгерим 2026-12-03 <b>')).toBe('Айгерим 2026-12-03 <b>');
});
