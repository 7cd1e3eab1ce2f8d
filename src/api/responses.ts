import { z } from 'zod';
import { APPLICATION_STATUSES, CHANNELS, districtSchema } from '../domain/application.js';
import { documentCheckSchema } from '../domain/documents.js';
import { calculationSchema } from '../domain/eligibility.js';
import { edsProblemSchema, fileCheckSchema, receiptSchema, recordedBreachSchema } from '../domain/step-results.js';
import { textSchema } from '../domain/text.js';
import { cabinetMessageSchema, handOverSchema, outTrayItemSchema } from '../domain/trays.js';
import { acceptedBySchema } from '../store/applications.js';
import { almatyFields } from './almaty-times.js';

/**
 * What the API answers on success, one schema each: the routes' bodies are typed by them, and
 * the OpenAPI document (src/api/openapi.ts) publishes them, so a generated client types them too.
 */

const utc = z.string().meta({ description: 'ISO 8601, UTC', examples: ['2026-12-03T09:05:00.000Z'] });
const id = z.string().meta({ description: 'The application’s id (a UUID)' });
const statusUrl = z.string().meta({ description: 'Where to ask for its status (GET /applications/{id})' });
const applicationStatus = z.enum(APPLICATION_STATUSES);

/** 202 to POST /applications; `duplicate` when the Idempotency-Key was seen (the first one's id). */
export const submittedSchema = z.object({ id, status: z.enum(['received', 'duplicate']), statusUrl });

export const applicationListSchema = z.object({
  applications: z.array(
    z.object({
      id,
      channel: z.enum(CHANNELS),
      status: applicationStatus,
      receivedAt: utc,
      registrationNumber: z.string().nullable(),
      statusUrl,
    }),
  ),
  unreadable: z
    .array(z.object({ id, statusUrl }))
    .meta({ description: 'Applications whose stored record cannot be read now: their status answers 503' }),
});

const stepRow = {
  step: z.string().meta({ description: 'The step of §6, e.g. "4"' }),
  waitingFor: z
    .string()
    .optional()
    .meta({ description: 'A step a person does: the group it waits for and since when (never a name)' }),
  citation: z.string().meta({ description: 'The clause, e.g. "§6 step 4 / §9 4) / §10 5)"' }),
  elementId: z.string(),
  name: z.string().nullable(),
  startedAt: utc,
  endedAt: utc.nullable(),
  limit: z.string().nullable().meta({ description: 'The regulation’s limit, an ISO 8601 duration' }),
  limitOf: z.string().nullable().meta({ description: 'The step whose limit it is' }),
  deadline: utc.nullable(),
  late: z.boolean(),
};
export const stepViewSchema = z.object({
  ...stepRow,
  ...almatyFields(stepRow, 'startedAt', 'endedAt', 'deadline'),
});
export type StepView = z.infer<typeof stepViewSchema>;

const figures = z.object({
  periodIncome: z.number(),
  familyMembers: z.number(),
  onlyDwelling: z.boolean(),
  permanentlyRegistered: z.boolean(),
});
const receipt = { ...receiptSchema.shape, ...almatyFields(receiptSchema.shape, 'issuedAt') };
const reason = textSchema.nullable();

/** §16: how it ended, by the kind of end; null while it runs. */
export const outcomeSchema = z
  .union([
    z.object({
      decision: z.enum(['assigned', 'refused']),
      amount: z.number().nullable().meta({ description: 'Tenge a month, when assigned' }),
      ground: z.string().nullable(),
      calculation: calculationSchema.nullable(),
      decidedBy: z.enum(['commission', 'calculation']),
      minutes: z.object({ number: z.string(), date: z.string() }).nullable(),
      enteredBy: z
        .string()
        .nullable()
        .optional()
        .meta({ description: 'State Corporation operators only: the commission member who entered it' }),
      notification: textSchema.nullable(),
      deliveredTo: z.enum(['cabinet', 'state-corporation']).nullable(),
    }),
    z.object({ decision: z.literal('intake-refused'), receipt: z.object(receipt).nullable() }),
    z.object({ decision: z.literal('authorization-refused'), reason }),
    z.object({ decision: z.literal('eds-refused'), problems: z.array(edsProblemSchema), reason }),
    z.object({
      decision: z.literal('documents-refused'),
      reason,
      missing: documentCheckSchema.shape.missing,
      expired: documentCheckSchema.shape.expired,
      unknown: documentCheckSchema.shape.unknown,
      files: z.array(fileCheckSchema),
    }),
  ])
  .nullable();

const times = {
  receivedAt: utc,
  readyBy: utc.meta({ description: '§13: when the result is due' }),
  resultDeliveredAt: utc.nullable(),
};

/** §13, §16: where an application stands (GET /applications/{id}). */
export const applicationStatusSchema = z.object({
  id,
  channel: z.enum(CHANNELS),
  status: applicationStatus,
  district: districtSchema.meta({ description: '§1: the district whose department handles it' }),
  declaredDistrict: districtSchema
    .optional()
    .meta({ description: 'When the state data re-routed it: the district it was declared in' }),
  routing: z.string().optional().meta({ description: 'Why it was re-routed' }),
  ...times,
  ...almatyFields(times, 'receivedAt', 'readyBy', 'resultDeliveredAt'),
  term: z.string().meta({ description: '§6: the provider’s term, an ISO 8601 duration' }),
  termMet: z
    .boolean()
    .nullable()
    .meta({ description: 'true: the result arrived in time; false: late or overdue; null: it still may' }),
  stateData: z
    .object({ declared: figures, used: figures, differs: z.array(z.string()) })
    .nullable()
    .meta({ description: '§11: what was declared, what the calculation used, which fields the registers changed' }),
  registrationNumber: z.string().nullable(),
  currentStep: stepViewSchema.nullable(),
  steps: z.array(stepViewSchema),
  outcome: outcomeSchema,
  breaches: z.array(
    z.object({ ...recordedBreachSchema.shape, ...almatyFields(recordedBreachSchema.shape, 'recordedAt') }),
  ),
  engine: z
    .enum(['available', 'unavailable'])
    .meta({ description: 'unavailable: the engine did not answer, so the steps are missing' }),
  acceptedBy: acceptedBySchema
    .nullable()
    .optional()
    .meta({ description: 'State Corporation operators only: the centre and operator that accepted it' }),
});
export type ApplicationStatusView = z.infer<typeof applicationStatusSchema>;

const mark = z.object({ ...handOverSchema.shape, ...almatyFields(handOverSchema.shape, 'at') });
export const outTraySchema = z.object({
  centre: z.string(),
  items: z.array(
    z.object({
      ...outTrayItemSchema.shape,
      ...almatyFields(outTrayItemSchema.shape, 'at'),
      atDesk: mark.nullable(),
      handedOver: mark.nullable(),
    }),
  ),
});
export const atDeskSchema = z.object({ applicationId: id, atDesk: mark });
export const handedOverSchema = z.object({ applicationId: id, handedOver: mark });

export const challengeSchema = z.object({
  challenge: z.string().meta({ description: 'Sign its UTF-8 bytes with the EDS (detached CMS)' }),
  expiresAt: utc,
});
export const passwordSetSchema = z.object({
  status: z.literal('password-set'),
  message: z.string(),
  text: textSchema,
});
export const sessionTokenSchema = z.object({
  token: z.string().meta({ description: 'Send as `Authorization: Bearer <token>`' }),
  expiresAt: utc,
});
export const cabinetSchema = z.object({
  messages: z.array(
    z.object({ ...cabinetMessageSchema.shape, ...almatyFields(cabinetMessageSchema.shape, 'at', 'readyBy') }),
  ),
});
export const healthSchema = z.object({ status: z.literal('ok') });

/** The success bodies by the name the OpenAPI document gives them. */
export const RESPONSE_SCHEMAS = {
  Submitted: submittedSchema,
  ApplicationList: applicationListSchema,
  ApplicationStatus: applicationStatusSchema,
  OutTray: outTraySchema,
  AtDesk: atDeskSchema,
  HandedOver: handedOverSchema,
  Challenge: challengeSchema,
  PasswordSet: passwordSetSchema,
  SessionToken: sessionTokenSchema,
  Cabinet: cabinetSchema,
  Health: healthSchema,
};
export type Submitted = z.infer<typeof submittedSchema>;
export type ApplicationList = z.infer<typeof applicationListSchema>;
export type OutTray = z.infer<typeof outTraySchema>;
export type AtDesk = z.infer<typeof atDeskSchema>;
export type HandedOver = z.infer<typeof handedOverSchema>;
export type Challenge = z.infer<typeof challengeSchema>;
export type PasswordSet = z.infer<typeof passwordSetSchema>;
export type SessionToken = z.infer<typeof sessionTokenSchema>;
export type Cabinet = z.infer<typeof cabinetSchema>;
