import { expect, it } from '@jest/globals';
import { admissionProblems } from '../../src/domain/admission.js';

const documents = { complete: true, missing: [], expired: [], unknown: [] };
const portalPassed = {
  authorization: { authorized: true },
  eds: { edsValid: true, problems: [] },
  documents: { ...documents, files: [], documentsConform: true },
};

it('a State Corporation application is admitted once A1 accepted its documents, and not before', () => {
  expect(
    admissionProblems('state-corporation', { intake: { ...documents, checkedAt: '2026-03-02T05:00:00Z' } }),
  ).toEqual([]);
  expect(admissionProblems('state-corporation', {})).toHaveLength(1);
  expect(
    admissionProblems('state-corporation', {
      intake: { ...documents, complete: false, missing: ['application'], checkedAt: '2026-03-02T05:00:00Z' },
    }),
  ).toHaveLength(1);
  // Conditions of the portal do not stand in for A1.
  expect(admissionProblems('state-corporation', portalPassed)).toHaveLength(1);
});

it('a portal application is admitted once conditions 1, 2 and 3 passed, each named when it has not', () => {
  expect(admissionProblems('portal', portalPassed)).toEqual([]);
  expect(admissionProblems('portal', {})).toEqual([
    'condition 1 (authorization, §12) has not passed',
    'condition 2 (EDS, §12) has not passed',
    'condition 3 (documents, §12) has not passed',
  ]);
  expect(
    admissionProblems('portal', { ...portalPassed, eds: { edsValid: false, problems: ['certificate-revoked'] } }),
  ).toEqual(['condition 2 (EDS, §12) has not passed']);
});
