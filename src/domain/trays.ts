import { z } from 'zod';
import { signedDocumentSchema } from './provider-signer.js';
import { textSchema } from './text.js';

/** Where results wait for people: a State Corporation centre's out-tray and an applicant's cabinet. */
export const cabinetMessageSchema = z.object({
  applicationId: z.string(),
  kind: z.enum(['accepted', 'refusal', 'result']),
  at: z.string(),
  text: textSchema,
  readyBy: z.string().optional(),
  /** The result as a document signed by the district's department (§12, §14). */
  document: signedDocumentSchema.optional(),
});
export type CabinetMessage = z.infer<typeof cabinetMessageSchema>;

export const outTrayItemSchema = z.object({
  applicationId: z.string(),
  registrationNumber: z.string().optional(),
  kind: z.enum(['notification', 'refusal-receipt']),
  at: z.string(),
  text: textSchema,
  /** §3: the result is electronic, so the State Corporation's copy is signed as the cabinet's is. */
  document: signedDocumentSchema.optional(),
});
export type OutTrayItem = z.infer<typeof outTrayItemSchema>;

/** Step 6: the employee's mark that the applicant came to the desk, or took the result. */
export const handOverSchema = z.object({ at: z.string(), operator: z.string() });
export type HandOver = z.infer<typeof handOverSchema>;

export type DeskMark = 'at-desk' | 'handed-over';
