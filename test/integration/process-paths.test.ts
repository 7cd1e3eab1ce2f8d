import { beforeAll, describe, expect, it } from '@jest/globals';
import { apiWithWorkers, asOperator, type testApi } from '../support/api.js';
import { dossier } from '../support/fixtures.js';
import { counterValue, processEnded, registrations } from '../support/harness.js';
import { almatyYear } from '../../src/domain/almaty.js';
import { applicationStatusSchema } from '../../src/api/responses.js';

const running = apiWithWorkers();
let api: ReturnType<typeof testApi>;
beforeAll(() => {
  api = running.api;
});

async function submit(body: object, headers: Record<string, string> = {}) {
  const res = await api.http().post('/applications').set(asOperator()).set(headers).send(body);
  expect(res.status).toBe(202);
  const ended = await processEnded(api.camunda, (await api.applications.processInstanceId(res.body.id))!);
  const status = await api.http().get(`/applications/${res.body.id}`).set(asOperator());
  expect(status.status).toBe(200);
  // The body is what the OpenAPI document publishes, to the field: zod drops keys the schema lacks.
  expect(applicationStatusSchema.parse(status.body)).toEqual(status.body);
  return { id: res.body.id as string, ended, status: status.body };
}

const year = almatyYear(new Date());

describe('through the State Corporation (path A)', () => {
  it('complete documents and low income: assigned, with a number, an amount and a notification in Kazakh and Russian, every step in order', async () => {
    const { id, ended, status } = await submit(dossier());
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceAssigned']);
    expect(status.status).toBe('assigned');
    expect(status.registrationNumber).toMatch(new RegExp(`^BOS-${year}-\\d{6}$`));
    expect(status.outcome.amount).toBe(17_500);
    expect(status.outcome.notification.kk).toContain('17500.00 теңге');
    expect(status.outcome.notification.ru).toContain('назначена жилищная помощь в размере 17500.00 тенге');
    expect(status.outcome.notification.ru).toContain(status.registrationNumber);

    const history = await api.camunda.activityHistory(ended.id);
    const order = history
      .filter((a) => a.activityType === 'externalTask' || a.activityType === 'serviceTask')
      .map((a) => a.activityId);
    expect(order).toEqual([
      'Task_IntakeCheck',
      'Task_Registration',
      'Task_Resolution',
      'Task_StateData',
      'Task_CommissionTransfer',
      'Task_CommissionDecision',
      'Task_CommissionDecisionCheck',
      'Task_Notification',
      'Task_SendToStateCorporation',
    ]);
    // Step 4: the case sheet, the commission's decision (the harness's member accepts the recommendation), its check.
    expect(status.steps.map((s: { step: string }) => s.step)).toEqual([
      'A1',
      '1',
      '2',
      '3',
      '3 state data',
      '3 transfer',
      '4',
      '4 sheet',
      '4 decision',
      '4 check',
      '5',
      '5 → 6',
      '6 waiting',
      '6',
    ]);
    expect(status.steps.filter((s: { endedAt: string | null }) => Number.isNaN(Date.parse(s.endedAt ?? '')))).toEqual(
      [],
    );

    const tray = await api.trays.outTray('con-bostandyk');
    expect(tray.filter((t) => t.applicationId === id)).toHaveLength(1);
  });

  it('high income: refused by the commission, with a notification of refusal and the reason', async () => {
    const { ended, status } = await submit(dossier({ incomes: [{ source: 'salary', amount: 3_000_000 }] }));
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceRefused']);
    expect(status.status).toBe('refused');
    expect(status.outcome.ground).toBe('costs-within-allowable-share');
    expect(status.outcome.notification.ru).toContain('В назначении жилищной помощи отказано');
    expect(status.outcome.notification.kk).toContain('бас тартылды');
    expect(status.outcome.calculation.allowableShare).toBe(100_000);
  });

  it('a second dwelling: refused by the commission on that ground', async () => {
    const { ended, status } = await submit(
      dossier({ household: { tenure: 'owner', areaM2: 54, onlyDwelling: false, permanentlyRegistered: true } }),
    );
    expect(ended.endEvents).toEqual(['EndEvent_AssistanceRefused']);
    expect(status.outcome.ground).toBe('not-only-dwelling');
  });

  it('incomplete documents: the refusal receipt, no registration number used, nothing past intake', async () => {
    const counter = registrations('almaly', year);
    const before = await counterValue(api.redis, counter);
    const body = dossier({
      address: { district: 'almaly', line: 'пр. Абая, 1' },
      documents: [{ type: 'application' }, { type: 'housing-maintenance-bill', validUntil: '2020-01-01' }],
    });
    const { ended, status } = await submit(body);
    expect(ended.endEvents).toEqual(['EndEvent_RefusalReceipt']);
    expect(status.status).toBe('intake-refused');
    expect(status.registrationNumber).toBeNull();
    expect(status.outcome.receipt.missing).toEqual(['utility-bills', 'telecom-bill']);
    expect(status.outcome.receipt.expired).toEqual(['housing-maintenance-bill']);
    expect(status.outcome.receipt.number).toMatch(new RegExp(`^R-ALM-${year}-\\d{6}$`));
    expect(status.outcome.receipt.text.ru).toContain('Расписка об отказе в приеме документов');
    expect(await counterValue(api.redis, counter)).toBe(before);
    const history = await api.camunda.activityHistory(ended.id);
    expect(history.map((a) => a.activityId)).not.toContain('Task_Registration');
  });
});
