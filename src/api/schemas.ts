import { z } from 'zod';
import { CHANNELS, type Dossier } from '../domain/application.js';
import { DISTRICT_IDS } from '../domain/districts.js';
import { iinProblem } from '../domain/iin.js';

const IIN_PROBLEMS = {
  format: 'an IIN is 12 digits',
  'birth-date': 'the first six digits of an IIN are a date of birth (YYMMDD)',
  'check-digit': 'the check digit does not match: the IIN is mistyped',
} as const;

export const iin = z.string().superRefine((value, ctx) => {
  const problem = iinProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: IIN_PROBLEMS[problem] });
});

const name = z.string().trim().min(1).max(200);
const tenge = z.number().finite().min(0).max(1e10);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'an ISO date, YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');

export const applicationSchema = z
  .object({
    channel: z.enum(CHANNELS as [string, ...string[]]),
    applicant: z.object({ iin, fullName: name, phone: z.string().regex(/^\+?\d{10,15}$/, 'a phone number, digits only').optional() }).strict(),
    address: z.object({ district: z.enum(DISTRICT_IDS as [string, ...string[]]), line: z.string().trim().min(1).max(300) }).strict(),
    household: z
      .object({
        tenure: z.enum(['owner', 'state-rent']),
        areaM2: z.number().finite().positive().max(10_000),
        onlyDwelling: z.boolean(),
        permanentlyRegistered: z.boolean(),
      })
      .strict(),
    familyMembers: z.array(z.object({ fullName: name, relation: z.string().trim().min(1).max(50), iin: iin.optional() }).strict()).max(30),
    incomes: z.array(z.object({
      source: z.enum(['salary', 'pension', 'social-payment', 'business', 'alimony', 'other']),
      amount: tenge,
      memberIin: iin.optional(),
    }).strict()).max(100),
    housingCosts: z.object({ maintenance: tenge, utilities: tenge, communication: tenge, capitalRepair: tenge, rent: tenge }).strict(),
    documents: z.array(z.object({ type: z.string().trim().min(1).max(64), validUntil: isoDate.optional() }).strict()).max(50),
    serviceCentre: z.string().trim().min(1).max(100).optional(),
    signature: z.object({ certificate: z.string().min(1).max(20_000), value: z.string().min(1).max(10_000) }).strict().optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.channel === 'state-corporation' && !a.serviceCentre) {
      ctx.addIssue({ code: 'custom', path: ['serviceCentre'], message: 'required for the state-corporation channel: the service centre that accepted the documents' });
    }
  });

export type ApplicationInput = z.infer<typeof applicationSchema>;

export function toDossier(input: ApplicationInput): Dossier {
  return input as Dossier;
}

export interface FieldError {
  field: string;
  message: string;
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.join('.') || '(body)',
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}
