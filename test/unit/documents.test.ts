import { describe, expect, it } from '@jest/globals';
import type { IncomeSource } from '../../src/domain/application.js';
import {
  checkDocuments,
  checkDossierFiles,
  checkFiles,
  DOCUMENT_SPECS,
  handedOver,
  type DocumentContext,
} from '../../src/domain/documents.js';
import { dossier } from '../support/fixtures.js';

const bills = [{ type: 'housing-maintenance-bill' }, { type: 'utility-bills' }];
const base = [{ type: 'application' }, ...bills];
const owner: DocumentContext = {
  channel: 'state-corporation',
  tenure: 'owner',
  claimsTelecom: false,
  incomeKinds: ['salary'],
};
const complete = { complete: true, missing: [], expired: [], unknown: [] };

describe('§9 documents', () => {
  it('at a centre an owner without telecom costs hands over the application and the bills, nothing else', () => {
    expect(checkDocuments(base, owner, '2026-11-25')).toEqual(complete);
    expect(checkDocuments(bills, owner, '2026-11-25').missing).toEqual(['application']);
  });

  it('a tenant of state housing must add the lease; telecom costs need their bill', () => {
    const check = checkDocuments(base, { ...owner, tenure: 'state-rent', claimsTelecom: true }, '2026-11-25');
    expect(check.complete).toBe(false);
    expect(check.missing).toEqual(['telecom-bill', 'lease-agreement']);
  });

  it('an expired bill makes the set incomplete; one expiring today is still valid', () => {
    const dated = [{ type: 'application' }, { type: 'housing-maintenance-bill', validUntil: '2030-01-01' }, bills[1]];
    expect(checkDocuments(dated, owner, '2030-01-02').expired).toEqual(['housing-maintenance-bill']);
    expect(checkDocuments(dated, owner, '2030-01-01').complete).toBe(true);
  });

  it('reports documents that are not on the list', () => {
    expect(checkDocuments([...base, { type: 'selfie' }], owner, '2026-11-25').unknown).toEqual(['selfie']);
  });
});

describe('§11: what the state registers supply is never asked for', () => {
  const everyKind: IncomeSource[] = ['salary', 'pension', 'social-payment', 'business', 'alimony', 'other'];

  it('neither the identity document nor income certificates are required, whatever incomes are declared', () => {
    for (const kind of everyKind)
      expect(checkDocuments(base, { ...owner, incomeKinds: [kind] }, '2026-11-25')).toEqual(complete);
    expect(DOCUMENT_SPECS.find((s) => s.type === 'identity-document')!.need(owner)).toBe('supplied');
    expect(DOCUMENT_SPECS.find((s) => s.type === 'family-income')!.need({ ...owner, incomeKinds: everyKind })).toBe(
      'supplied',
    );
  });

  it('an expired identity document handed over anyway is kept and no ground to refuse', () => {
    const handed = [...base, { type: 'identity-document', validUntil: '2020-01-01' }, { type: 'family-income' }];
    expect(checkDocuments(handed, owner, '2026-11-25')).toEqual(complete);
  });

  it('on the portal the signed request is the application: none is asked for, one attached is not checked', () => {
    const portal = { ...owner, channel: 'portal' as const };
    expect(checkDocuments(bills, portal, '2026-11-25')).toEqual(complete);
    const attached = [{ type: 'application' }, { type: 'identity-document' }, { type: 'utility-bills' }];
    expect(handedOver(attached, portal)).toEqual([{ type: 'utility-bills' }]);
    expect(handedOver(attached, owner)).toEqual([{ type: 'application' }, { type: 'utility-bills' }]);
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

  it('a copy of what the state supplies is not needed, but one attached must be sound to be kept', () => {
    const portal = dossier({ channel: 'portal' });
    const bills = portal.documents.map((d) => ({ ...d, file: { mediaType: 'application/pdf', content: PDF } }));
    expect(checkDossierFiles({ ...portal, documents: bills }, 100)).toEqual([]);
    const withCopies = [
      ...bills,
      { type: 'identity-document', file: { mediaType: 'text/html', content: b64('<script>') } },
      { type: 'application', file: { mediaType: 'application/pdf', content: PNG } },
      { type: 'family-income' },
    ];
    expect(checkDossierFiles({ ...portal, documents: withCopies }, 100)).toEqual([
      { type: 'identity-document', problem: 'type-not-allowed' },
      { type: 'application', problem: 'unreadable' },
    ]);
  });
});
