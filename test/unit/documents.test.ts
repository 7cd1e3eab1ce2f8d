import { describe, expect, it } from '@jest/globals';
import { checkDocuments } from '../../src/domain/documents.js';

const base = [
  { type: 'application' },
  { type: 'identity-document', validUntil: '2030-01-01' },
  { type: 'family-income' },
  { type: 'housing-maintenance-bill' },
  { type: 'utility-bills' },
];
const owner = { tenure: 'owner' as const, claimsTelecom: false };

describe('§9 documents', () => {
  it('a full set for an owner without telecom costs is complete', () => {
    expect(checkDocuments(base, owner, '2026-11-25')).toEqual({ complete: true, missing: [], expired: [], unknown: [] });
  });

  it('a tenant of state housing must add the lease; telecom costs need their bill', () => {
    const check = checkDocuments(base, { tenure: 'state-rent', claimsTelecom: true }, '2026-11-25');
    expect(check.complete).toBe(false);
    expect(check.missing).toEqual(['telecom-bill', 'lease-agreement']);
  });

  it('an expired document makes the set incomplete; one expiring today is still valid', () => {
    expect(checkDocuments(base, owner, '2030-01-02').expired).toEqual(['identity-document']);
    expect(checkDocuments(base, owner, '2030-01-01').complete).toBe(true);
  });

  it('reports documents that are not on the list', () => {
    expect(checkDocuments([...base, { type: 'selfie' }], owner, '2026-11-25').unknown).toEqual(['selfie']);
  });
});
