import { z } from 'zod';

const code = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only, starting with a letter or digit');
export const usernameSchema = z.string().regex(/^[a-zA-Z0-9._@-]{2,64}$/, 'a username (letters, digits, . _ @ -)');

/**
 * One `owners:` entry of the model file (DESIGN.md §3): an indicator or an objective, for the
 * whole organisation (no unit) or a unit's subtree; the narrowest entry holding for a unit wins.
 */
export const ownerEntrySchema = z
  .object({
    indicator: code.optional(),
    objective: code.optional(),
    unit: code.nullable().optional(),
    owner: usernameSchema.nullable().optional(),
    updaters: z.array(usernameSchema).max(50).default([]),
  })
  .strict()
  .superRefine((e, ctx) => {
    if ((e.indicator === undefined) === (e.objective === undefined)) ctx.addIssue({ code: 'custom', path: ['indicator'], message: 'name exactly one of indicator or objective' });
    if (!e.owner && e.updaters.length === 0) ctx.addIssue({ code: 'custom', path: ['owner'], message: 'name an owner, updaters, or both' });
    if (new Set(e.updaters).size !== e.updaters.length) ctx.addIssue({ code: 'custom', path: ['updaters'], message: 'a user is named twice' });
  });

export type OwnerEntryInput = z.infer<typeof ownerEntrySchema>;
