/** What the analytics endpoints answer: how many events of the request were recorded. */
import { z } from 'zod';

export const Accepted = z.object({ accepted: z.number().int() });
export type Accepted = z.infer<typeof Accepted>;
