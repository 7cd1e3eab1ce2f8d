import { describe, expect, it } from '@jest/globals';
import { checkDocuments, checkFiles } from '../../src/domain/documents.js';

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
    expect(checkDocuments(base, owner, '2026-11-25')).toEqual({
      complete: true,
      missing: [],
      expired: [],
      unknown: [],
    });
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

describe('condition 3: the electronic copies', () => {
  const b64 = (bytes: number[] | string) => Buffer.from(bytes as never).toString('base64');
  const PDF = b64('%PDF-1.7\n...');
  const PNG = b64([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const JPEG = b64([0xff, 0xd8, 0xff, 0xe0, 0]);
  const file = (mediaType: string, content: string) => ({ type: 'application', file: { mediaType, content } });

  it('accepts PDF, PNG and JPEG whose content is what they claim, within the limit', () => {
    expect(checkFiles([file('application/pdf', PDF), file('image/png', PNG), file('image/jpeg', JPEG)], 100)).toEqual(
      [],
    );
  });

  it('names each problem: no copy, a type not accepted, empty, too large, content of another type', () => {
    expect(
      checkFiles(
        [
          { type: 'application' },
          file('text/html', PDF),
          file('application/pdf', ''),
          file('application/pdf', b64(`%PDF-${'x'.repeat(200)}`)),
          file('application/pdf', PNG),
          file('image/jpeg', PDF),
        ],
        100,
      ).map((p) => p.problem),
    ).toEqual(['file-missing', 'type-not-allowed', 'empty', 'too-large', 'unreadable', 'unreadable']);
  });
});
