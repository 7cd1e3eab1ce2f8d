import { z } from 'zod';

/** Every text the applicant reads is in Kazakh and Russian (§13 of the Standard). */
export const textSchema = z.object({ kk: z.string(), ru: z.string() });
export type Text = z.infer<typeof textSchema>;

/** Text for an HTML page: the five characters HTML gives a meaning, as character references. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Text from the engine as a terminal shows it: control characters (an escape sequence in a business key) as `?`. */
// eslint-disable-next-line no-control-regex
export const printable = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
