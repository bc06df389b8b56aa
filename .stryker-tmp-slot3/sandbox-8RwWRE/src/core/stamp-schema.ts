/** The zod schema of a stamp in its encoded (sortable string) form, for every boundary that reads one back. */
// @ts-nocheck

import { z } from 'zod';
import { decodeStamp } from './stamp.ts';

export const encodedStampSchema = z.string().refine(
  (s) => {
    try {
      decodeStamp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an encoded stamp "<15 digits>.<8 digits>.<deviceId>"' },
);
