import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRegulation } from '../../src/config.js';
import { refusalGroundOptions } from '../../src/domain/commission.js';
import { DOCUMENT_TYPES } from '../../src/domain/documents.js';
import {
  acceptanceMessage,
  amountNeedsReason,
  API_MESSAGES,
  AUTHORIZATION_REFUSAL,
  COMMISSION_PROBLEMS,
  documentsRefusal,
  edsRefusal,
  groundNotListed,
  minutesInFuture,
  notAMember,
  refusalReceipt,
  reroutedText,
  STATE_FINDINGS,
  UNCONFIRMED_BECAUSE,
  unconfirmedMember,
  tooLarge,
  tooManySubmissions,
} from '../../src/domain/messages.js';
import { ROOT } from '../../src/paths.js';
import { expectKkAndRu } from '../support/languages.js';

const regulation = loadRegulation();
const check = { complete: false, missing: [DOCUMENT_TYPES[0]], expired: [DOCUMENT_TYPES[1]], unknown: [] };

describe('every message a person reads is in Kazakh and Russian', () => {
  it("the registers' findings a member reads on the case sheet (§11), and the routing note (§1)", () => {
    const findings = {
      ...STATE_FINDINGS,
      identityExpired: STATE_FINDINGS.identityExpired('2025-01-01'),
      outsideCity: STATE_FINDINGS.outsideCity('astana'),
      unemployed: STATE_FINDINGS.unemployed('2026-03-01'),
      unemployedUndated: STATE_FINDINGS.unemployed(),
      rerouted: reroutedText(
        { kk: 'Алмалы ауданы', ru: 'Алмалинский район' },
        { kk: 'Медеу ауданы', ru: 'Медеуский район' },
      ),
    };
    for (const [name, text] of Object.entries(findings)) expectKkAndRu(name, text);
    for (const because of Object.keys(UNCONFIRMED_BECAUSE) as Array<keyof typeof UNCONFIRMED_BECAUSE>)
      for (const relation of ['spouse', 'child', 'parent', null] as const)
        expectKkAndRu(`${because} ${relation}`, unconfirmedMember(2, relation, because));
  });

  it("the API's errors: a sentence in each language beside the English one", () => {
    const messages = {
      ...API_MESSAGES,
      tooLarge: tooLarge('2mb', '16kb'),
      tooManyFromCentre: tooManySubmissions('centre', 300),
      tooManyFromAccount: tooManySubmissions('account', 5),
    };
    for (const [name, message] of Object.entries(messages)) {
      expectKkAndRu(name, message);
      expect({ name, en: /^[\x20-\x7e§’]+$/.test(message.en) }).toEqual({ name, en: true });
    }
  });

  it("the commission's reasons to send a decision back, for its member", () => {
    const problems = {
      ...COMMISSION_PROBLEMS,
      minutesInFuture: minutesInFuture('2026-12-01'),
      amountNeedsReason: amountNeedsReason('18000.00', '17500.00'),
      groundNotListed: groundNotListed(['not-only-dwelling']),
      notAMember: notAMember('ALM-C01'),
      nobody: notAMember(null),
    };
    for (const [name, text] of Object.entries(problems)) expectKkAndRu(name, text);
  });

  it("the applicant's refusals, receipts and the cabinet's status message (§11–§13)", () => {
    expectKkAndRu('authorization refusal', AUTHORIZATION_REFUSAL);
    expectKkAndRu('EDS refusal', edsRefusal(['certificate-revoked', 'iin-mismatch']));
    expectKkAndRu('documents refusal', documentsRefusal({ ...check, files: [{ type: 'x', problem: 'too-large' }] }));
    expectKkAndRu('refusal receipt', refusalReceipt(check, 'R-BOS-2026-000001', '2026-03-02'));
    expectKkAndRu('§13 acceptance', acceptanceMessage(new Date('2026-03-12T06:00:00Z')));
  });

  it("the refusal grounds the commission's form offers: each of bpmn/regulation.yaml, in both languages", () => {
    const options = refusalGroundOptions(regulation.refusalGrounds);
    expect(options.map((o) => o.value)).toEqual(regulation.refusalGrounds.map((g) => g.id));
    for (const [i, ground] of regulation.refusalGrounds.entries()) {
      expectKkAndRu(ground.id, ground);
      expect(options[i].label).toContain(ground.kk);
      expect(options[i].label).toContain(ground.ru);
    }
  });

  it("the commission's form: every label and text in Kazakh / Russian", () => {
    const form = JSON.parse(readFileSync(join(ROOT, 'bpmn', 'commission-decision.form'), 'utf8')) as {
      components: Array<Record<string, unknown> & { values?: Array<{ label: string }> }>;
    };
    const shown = form.components.flatMap((c) => [
      ...(['label', 'dateLabel', 'text'] as const)
        .map((key) => c[key])
        .filter((v): v is string => typeof v === 'string' && !/^\{\{\w+\}\}$/.test(v)),
      ...(c.values ?? []).map((v) => v.label),
    ]);
    expect(shown.length).toBeGreaterThan(10);
    for (const line of shown.flatMap((text) => text.split('\n'))) {
      const [kk, ...rest] = line.split(' / ');
      expectKkAndRu(line, { kk, ru: rest.join(' / ') });
    }
  });
});
