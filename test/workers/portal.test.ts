import { expect, it } from '@jest/globals';
import { applicantKey } from '../../src/domain/iin.js';
import cabinetAcceptance from '../../workers/cabinet-acceptance.js';
import documentsCheck from '../../workers/documents-check.js';
import edsCheck from '../../workers/eds-check.js';
import portalAuthorization from '../../workers/portal-authorization.js';
import { COMPLETE_DOCUMENTS, dossier } from '../support/fixtures.js';
import { memoryApplication, runStep, shippedSettings } from '../support/memory-effects.js';

const settings = shippedSettings();

it('condition 1: the account that sent the request must be the applicant it names', async () => {
  const d = dossier({ channel: 'portal' });
  const own = applicantKey(d.applicant.iin, settings.APPLICANT_KEY_SECRET);
  expect(await runStep(portalAuthorization, memoryApplication(d, {}, { account: own }), { settings })).toEqual({
    kind: 'complete',
    variables: { authorized: true },
  });

  const other = memoryApplication(d, {}, { account: 'someone-else' });
  expect(await runStep(portalAuthorization, other, { settings })).toEqual({
    kind: 'complete',
    variables: { authorized: false },
  });
  expect(other.status).toBe('authorization-refused');
  expect(other.cabinet.get('someone-else')).toEqual([
    expect.objectContaining({ kind: 'refusal', applicationId: 'app-1' }),
  ]);
});

it('condition 2: the EDS problems found refuse the request, in the sender’s cabinet', async () => {
  const app = memoryApplication(dossier({ channel: 'portal' }));
  const checked: string[] = [];
  const services = {
    checkEds: async ({ applicantIin }: { applicantIin: string }) => (
      checked.push(applicantIin),
      ['certificate-revoked' as const]
    ),
  };
  expect(await runStep(edsCheck, app, { services })).toEqual({
    kind: 'complete',
    variables: { edsValid: false },
  });
  expect(checked).toEqual([app.facts.dossier.applicant.iin]);
  expect(app.results.eds).toMatchObject({ edsValid: false, problems: ['certificate-revoked'] });
  expect(app.cabinet.get('acc-1')![0].text.ru).toBeTruthy();
  expect(app.status).toBe('eds-refused');
});

it('condition 2: a valid EDS passes without a cabinet message', async () => {
  const app = memoryApplication(dossier({ channel: 'portal' }));
  expect(await runStep(edsCheck, app, { services: { checkEds: async () => [] } })).toEqual({
    kind: 'complete',
    variables: { edsValid: true },
  });
  expect(app.cabinet.size).toBe(0);
});

it('condition 3: a missing document refuses, and says which', async () => {
  const app = memoryApplication(
    dossier({ channel: 'portal', documents: COMPLETE_DOCUMENTS.filter((d) => d.type !== 'utility-bills') }),
  );
  expect(await runStep(documentsCheck, app)).toEqual({
    kind: 'complete',
    variables: { documentsConform: false },
  });
  expect(app.results.documents).toMatchObject({ documentsConform: false, missing: ['utility-bills'] });
  expect(app.status).toBe('documents-refused');
  expect(app.cabinet.get('acc-1')).toHaveLength(1);
});

it('§13: the cabinet is told the request is accepted and the ready-by date, once', async () => {
  const app = memoryApplication(dossier({ channel: 'portal' }));
  const variables = { receivedAt: '2026-03-02T05:00:00.000Z' };
  await runStep(cabinetAcceptance, app, { variables });
  await runStep(cabinetAcceptance, app, { variables });
  const messages = app.cabinet.get('acc-1')!;
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatchObject({ kind: 'accepted', readyBy: app.results.acceptance!.readyBy });
  expect(Date.parse(messages[0].readyBy!)).toBeGreaterThan(Date.parse(variables.receivedAt));
});
