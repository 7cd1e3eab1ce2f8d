import { expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { applicantKey } from '../../src/domain/iin.js';

it('the applicant key is an HMAC of the IIN under APPLICANT_KEY_SECRET: stable, and not computable without the secret', () => {
  const iin = '870412300129';
  const secret = 'k'.repeat(40);
  expect(applicantKey(iin, secret)).toBe(applicantKey(iin, secret));
  expect(applicantKey(iin, secret)).toBe(
    createHmac('sha256', secret).update(`housing-assistance:${iin}`).digest('hex').slice(0, 32),
  );
  expect(applicantKey(iin, secret)).not.toBe(applicantKey(iin, 'x'.repeat(40)));
  expect(applicantKey(iin, secret)).not.toBe(applicantKey(iin));
  expect(applicantKey(iin, secret)).not.toContain(iin);
});
