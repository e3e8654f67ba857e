// Validity windows, all relative to the kit's generation time (rounded down to the second), so two kits
// generated at different times have the same shape. Every window that a variant's point is not about
// contains "now"; every deliberately wrong window overlaps its issuer's, so `openssl verify -attime`
// can show that the certificate is otherwise fine.

import type { Validity } from "./authority.ts";

const DAY = 24 * 3600_000;

export interface KitWindows {
  /** Authorities: from 30 days ago for ten years. */
  authority: Validity;
  /** Leaves: from 7 days ago for a year. */
  leaf: Validity;
  /** Expired leaves and authorities: from 30 days ago until yesterday. */
  expired: Validity;
  /** Not-yet-valid leaves: from tomorrow for a year. */
  future: Validity;
}

export function kitWindows(now: Date): KitWindows {
  const t = Math.floor(now.getTime() / 1000) * 1000;
  const window = (fromDays: number, toDays: number): Validity => ({
    notBefore: new Date(t + fromDays * DAY),
    notAfter: new Date(t + toDays * DAY),
  });
  return {
    authority: window(-30, 3650),
    leaf: window(-7, 365),
    expired: window(-30, -1),
    future: window(1, 366),
  };
}
