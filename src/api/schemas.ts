import { z } from 'zod';
import { calendarDate } from '../domain/almaty.js';
import { CHANNELS, districtSchema, INCOME_SOURCES, type Dossier } from '../domain/application.js';
import { MAX_FILE_BYTES, TENURES } from '../domain/documents.js';
import { METERED_SERVICES } from '../domain/eligibility.js';
import { iinProblem } from '../domain/iin.js';

const IIN_PROBLEMS = {
  format: 'an IIN is 12 digits',
  'birth-date': 'the first six digits of an IIN are a date of birth (YYMMDD)',
  'check-digit': 'the check digit does not match: the IIN is mistyped',
} as const;

export const iin = z
  .string()
  .superRefine((value, ctx) => {
    const problem = iinProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: IIN_PROBLEMS[problem] });
  })
  .meta({
    description: 'IIN (ЖСН / ИИН): 12 digits, the first six the date of birth (YYMMDD), the last a check digit',
    pattern: '^[0-9]{12}$',
    examples: ['870412300129'],
  });

const name = z.string().trim().min(1).max(200);
const MAX_FILE_BASE64 = Math.ceil(MAX_FILE_BYTES / 3) * 4;
const tenge = z.number().finite().min(0).max(1e10);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/, 'an ISO date, YYYY-MM-DD')
  .refine((s) => calendarDate(s) !== null, 'not a real date');

export const applicationSchema = z
  .object({
    /** Optional: the credential decides it (an API key submits for the State Corporation, a session on the portal). */
    channel: z.enum(CHANNELS).optional(),
    applicant: z
      .object({
        iin,
        fullName: name,
        phone: z
          .string()
          .regex(/^\+?\d{10,15}$/, 'a phone number, digits only')
          .optional(),
      })
      .strict(),
    address: z.object({ district: districtSchema, line: z.string().trim().min(1).max(300) }).strict(),
    household: z
      .object({
        tenure: z.enum(TENURES),
        areaM2: z.number().finite().positive().max(10_000),
        onlyDwelling: z.boolean(),
        permanentlyRegistered: z.boolean(),
      })
      .strict(),
    familyMembers: z
      .array(z.object({ fullName: name, relation: z.string().trim().min(1).max(50), iin: iin.optional() }).strict())
      .max(30),
    incomes: z
      .array(
        z
          .object({
            source: z.enum(INCOME_SOURCES),
            amount: tenge,
            memberIin: iin.optional(),
          })
          .strict(),
      )
      .max(100),
    housingCosts: z
      .object({
        maintenance: tenge,
        /** Utilities billed by area (heating); metered ones go in `metered`. */
        utilities: tenge,
        communication: tenge,
        capitalRepair: tenge,
        rent: tenge,
        metered: z
          .array(
            z
              .object({
                service: z.enum(METERED_SERVICES),
                amount: tenge,
                consumed: z.number().finite().min(0).max(1e7),
              })
              .strict(),
          )
          .max(10)
          .optional(),
      })
      .strict(),
    documents: z
      .array(
        z
          .object({
            type: z.string().trim().min(1).max(64),
            validUntil: isoDate.optional(),
            /** Portal: the electronic copy (§12 process 3); condition 3 checks its type, size and content. */
            file: z
              .object({
                mediaType: z.string().max(100),
                content: z.base64().max(MAX_FILE_BASE64, `at most ${MAX_FILE_BYTES / 1024 / 1024} MB`),
              })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .max(20)
      .meta({
        description:
          'The §9 documents the applicant hands over: the bills (housing maintenance, utilities, telecom when `communication` is claimed) and, for a tenant, the lease; at a State Corporation centre also the `application`. What the state registers supply (§11: `identity-document`, `family-income` for every income kind the form takes) is never asked for: one sent anyway is kept, not checked, and never a ground to refuse. On the portal the signed request is the application: an `application` file is not needed (one sent is kept).',
      }),
    /** State Corporation: §15 home visit and §11 electronic queue. */
    intake: z
      .object({
        homeVisit: z
          .object({ contactCentreCallAt: z.iso.datetime({ offset: true }).optional() })
          .strict()
          .optional(),
        queue: z
          .object({
            ticket: z.string().regex(/^[A-Z0-9-]{1,20}$/, 'a queue ticket such as A-017'),
            bookedOnPortal: z.boolean(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    signature: z
      .object({ cms: z.base64().min(1).max(40_000) })
      .strict()
      .optional(),
    /**
     * §11: the applicant's consent to the use of information protected by law, on the State
     * Corporation's form (its version). On the portal it is part of the signed request; at a centre
     * the operator records that the signed form was taken.
     */
    consent: z
      .object(
        {
          given: z.literal(true, {
            error:
              'the applicant must consent to the use of information protected by law (§11) before the provider can ask the state registers',
          }),
          formVersion: z.string().trim().min(1).max(40),
          signedFormTaken: z.boolean().optional(),
        },
        {
          error:
            'the applicant’s consent to the use of information protected by law (§11) is required: {given: true, formVersion}',
        },
      )
      .strict(),
  })
  .strict();

export type ApplicationInput = z.infer<typeof applicationSchema>;

export function toDossier(input: ApplicationInput, channel: Dossier['channel'], serviceCentre?: string): Dossier {
  const { intake: _intake, ...rest } = input;
  return { ...rest, channel, ...(serviceCentre ? { serviceCentre } : {}) };
}

const password = z.string().min(10, 'at least 10 characters').max(128);
/** Registration or a password reset: the IIN's holder signs the challenge with their EDS (detached CMS over its UTF-8 bytes). */
export const accountSchema = z
  .object({
    iin,
    password,
    challenge: z.string().min(1).max(200),
    signature: z.object({ cms: z.base64().min(1).max(40_000) }).strict(),
  })
  .strict();
export const sessionSchema = z.object({ iin: z.string().max(20), password: z.string().max(128) }).strict();
export const applicationIdSchema = z.uuid();

/** One invalid field of a request: its path (`(body)` for the body itself) and the reason. */
export const fieldErrorSchema = z.object({
  field: z.string().meta({ examples: ['applicant.iin'] }),
  message: z.string().meta({ examples: ['the check digit does not match: the IIN is mistyped'] }),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.join('.') || '(body)',
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}
