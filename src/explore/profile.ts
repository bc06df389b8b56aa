/**
 * Swarm profiles. A profile fixes some options (`base`) and gives ranges for others (`ranges`); each
 * seed draws its own mix from the ranges, each range with a stream of its own (named after the
 * profile, the seed and the knob, so adding a knob redraws no other), so every seed stresses a
 * different combination of faults, and the draw is a pure function of (profile, seed).
 *
 * A profile is checked whole when it is loaded, on the main thread before any seed runs: every
 * option it names exists, every end of every range and every choice is a valid value, and the
 * cross-field rules hold at every corner of the ranges (the rules are monotone, so the corners hold
 * the worst case). A loaded profile therefore cannot draw invalid options for any seed.
 *
 * A profile may also name variants: correlated draws for a share of its seeds (swarm testing's
 * insight that a bug needing several quiet knobs at once is rare when each is drawn alone). A seed
 * falls in a variant by a stream of its own; it then runs the variant's fixed values for those knobs,
 * in place of the profile's base or range, and draws every other knob exactly as any seed does.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { loadFile } from '../io/load-file.ts';
import { UsageError } from '../io/usage-error.ts';
import { CROSS_FIELD_OPTIONS, OptionsError, resolveSimOptions, simOptionsSchema } from '../sim/options.ts';
import type { SimOptions } from '../sim/options.ts';
import { RandomStream } from '../sim/random.ts';
import { errorText } from '../io/error-text.ts';
import { CHECKER_IDS, isCheckerId } from '../spec/checker-ids.ts';

export const PROFILE_DIR = fileURLToPath(new URL('../../simulations/profiles/', import.meta.url));

const KNOWN_OPTIONS = Object.keys(simOptionsSchema.shape);

const rangeSchema = z.union([
  z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= hi, 'a numeric range is [min, max] with min <= max'),
  z.array(z.string()).min(1),
]);

export const profileSchema = z
  .object({
    /** Also names the result files and the draw stream, so it is kept to safe characters. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes (at most 64)'),
    description: z.string().min(1),
    /** Options every seed gets. */
    base: z.record(z.string(), z.unknown()).default({}),
    /** Options drawn per seed: [min, max] (integers when both ends are) or a list of choices. */
    ranges: z.record(z.string(), rangeSchema).default({}),
    /**
     * Findings the profile declares expected, each with why: a violation of `checker` in a seed drawn
     * with this `stampMode` is counted apart (summary `expected`), never a failure; every other
     * checker still judges that seed. For what a mode shows on purpose (`wall` stamps lose causally
     * later writes to clock skew), so the mode can be explored without a red that is no bug.
     */
    expectedFindings: z
      .array(z.object({ checker: z.string(), stampMode: z.enum(['hlc', 'wall']), why: z.string().min(1) }).strict())
      .default([]),
    /** Correlated draws for a share of the seeds: `percent` of them run `base` for those knobs (the shares add up to at most 100). */
    variants: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes (at most 64)'),
            percent: z.number().gt(0).max(100),
            why: z.string().min(1),
            base: z.record(z.string(), z.unknown()).refine((b) => Object.keys(b).length > 0, 'expected at least one knob'),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;
type Variant = Profile['variants'][number];

/** The profile as a seed of `variant` sees it: the variant's knobs fixed, out of the ranges. */
function withVariant(profile: Profile, variant: Variant): Profile {
  const ranges = Object.fromEntries(Object.entries(profile.ranges).filter(([key]) => !(key in variant.base)));
  return { ...profile, base: { ...profile.base, ...variant.base }, ranges, variants: [] };
}

/** The variant a seed falls in, or undefined (drawn only when the profile has variants, from a stream of its own). */
export function variantOf(profile: Profile, seed: number): Variant | undefined {
  if (profile.variants.length === 0) return undefined;
  let roll = new RandomStream(seed, `profile/${profile.name}/variant`).float() * 100;
  for (const variant of profile.variants) {
    if (roll < variant.percent) return variant;
    roll -= variant.percent;
  }
  return undefined;
}

/** The profile and each of its variants as a seed of it sees them: what every reader of the draws must cover. */
export function profileMixes(profile: Profile): Profile[] {
  return [profile, ...profile.variants.map((v) => withVariant(profile, v))];
}

export function builtInProfiles(): string[] {
  return readdirSync(PROFILE_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

/** Loads a profile by built-in name or by file path (YAML or JSON), validated whole. */
export function loadProfile(nameOrPath: string): Profile {
  const builtIn = /^[a-z0-9-]+$/.test(nameOrPath) && builtInProfiles().includes(nameOrPath);
  const path = builtIn ? join(PROFILE_DIR, `${nameOrPath}.yaml`) : nameOrPath;
  if (!builtIn && !existsSync(path)) {
    throw new UsageError(`--profile: ${JSON.stringify(nameOrPath)} is neither a file nor a built-in profile (${builtInProfiles().join(', ')})`);
  }
  const profile = loadFile(path, profileSchema, { what: 'profile file' });
  checkProfile(profile, path);
  return profile;
}

/** Every draw of the profile, in each of its variants, is valid options, or a UsageError names the field that is not. */
export function checkProfile(profile: Profile, source: string): void {
  checkMix(profile, source, '');
  const fail = (field: string, expected: string): never => {
    throw new UsageError(`${source}: field "${field}": ${expected}`);
  };
  let total = 0;
  for (const [i, variant] of profile.variants.entries()) {
    total += variant.percent;
    if (total > 100) fail(`variants.${i}.percent`, `the variants' shares add up to ${total}% of the seeds; expected at most 100`);
    if (profile.variants.findIndex((v) => v.name === variant.name) !== i) fail(`variants.${i}.name`, `${JSON.stringify(variant.name)} names an earlier variant too; expected names of their own`);
    // The share of seeds per stamp mode is the profile's (ranges.stampMode): expectedFindings and the engine's declared modes are judged on it.
    if ('stampMode' in variant.base) fail(`variants.${i}.base.stampMode`, 'a variant may not fix the stamp mode; expected it in the profile\'s base or ranges only');
    checkMix(withVariant(profile, variant), source, ` (for the seeds of variant ${variant.name}, variants.${i}, whose base values stand in for the profile's)`);
  }
}

/** One mix of knobs (the profile, or a variant's view of it, `where` saying which). */
function checkMix(profile: Profile, source: string, where: string): void {
  const fail = (field: string, expected: string): never => {
    throw new UsageError(`${source}: field "${field}"${where}: ${expected}`);
  };
  for (const [part, keys] of [['base', Object.keys(profile.base)], ['ranges', Object.keys(profile.ranges)]] as const) {
    for (const key of keys) {
      if (!KNOWN_OPTIONS.includes(key)) fail(`${part}.${key}`, `unknown option (known options: ${KNOWN_OPTIONS.join(', ')})`);
      // Each seed of the swarm is its own root seed; a fixed one would be overridden without a word.
      if (key === 'seed') fail(`${part}.seed`, 'the seed is set per run by explore (--from, --seeds); remove it');
    }
  }
  for (const key of Object.keys(profile.ranges)) {
    if (key in profile.base) fail(`ranges.${key}`, `also fixed in base; expected it in one of base or ranges`);
  }
  for (const [i, x] of profile.expectedFindings.entries()) {
    if (!isCheckerId(x.checker)) fail(`expectedFindings.${i}.checker`, `${JSON.stringify(x.checker)} is not a checker id (expected one of ${CHECKER_IDS.join(', ')})`);
  }
  for (const [key, value] of Object.entries(profile.base)) {
    const parsed = simOptionsSchema.shape[key as keyof SimOptions].safeParse(value);
    if (!parsed.success) fail(`base.${key}`, parsed.error.issues[0]!.message);
  }
  // Each end of a numeric range and each choice must be a valid value of its option on its own
  // (options' bounds are intervals, so the ends cover every draw between them).
  for (const [key, range] of Object.entries(profile.ranges)) {
    const values: readonly unknown[] = range;
    const field = simOptionsSchema.shape[key as keyof SimOptions];
    for (const [i, value] of values.entries()) {
      const parsed = field.safeParse(value);
      if (!parsed.success) fail(`ranges.${key}.${i}`, `${JSON.stringify(value)} can be drawn but is not a valid ${key}: ${parsed.error.issues[0]!.message}`);
    }
  }
  // The cross-field rules at every corner of the ranged fields they read.
  const ranged = CROSS_FIELD_OPTIONS.filter((key) => typeof profile.ranges[key]?.[0] === 'number');
  const fixedDraw: Record<string, unknown> = {};
  for (const [key, range] of Object.entries(profile.ranges)) fixedDraw[key] = range[0];
  for (let corner = 0; corner < 2 ** ranged.length; corner++) {
    const draw: Record<string, unknown> = { ...fixedDraw };
    ranged.forEach((key, bit) => {
      const [lo, hi] = profile.ranges[key] as [number, number];
      draw[key] = corner & (1 << bit) ? hi : lo;
    });
    try {
      resolveSimOptions({ ...profile.base, ...draw }, source);
    } catch (error) {
      if (!(error instanceof OptionsError)) throw error;
      const at = ranged.map((key) => `${key} = ${String(draw[key])}`).join(', ');
      const field = ranged.includes(error.field as (typeof ranged)[number]) ? `ranges.${error.field}` : error.field in profile.base ? `base.${error.field}` : error.field;
      fail(field, `${ranged.length > 0 ? `a seed can draw invalid options (at ${at})` : 'invalid options'}: ${error.expected}; narrow the ranges or change base`);
    }
  }
}

/** The options of one seed under a profile. */
export function drawOptions(whole: Profile, seed: number, source = `profile ${whole.name}`): SimOptions {
  const variant = variantOf(whole, seed);
  const profile = variant ? withVariant(whole, variant) : whole;
  const drawn: Record<string, unknown> = {};
  for (const key of Object.keys(profile.ranges).sort()) {
    // Each range from a stream of its own, named after its knob: adding, removing or changing one
    // range of a profile redraws no other knob of any seed.
    const rng = new RandomStream(seed, `profile/${profile.name}/${key}`);
    const range = profile.ranges[key]!;
    if (typeof range[0] === 'number') {
      const [lo, hi] = range as [number, number];
      drawn[key] = Number.isInteger(lo) && Number.isInteger(hi) ? rng.int(lo, hi) : lo + rng.float() * (hi - lo);
    } else {
      drawn[key] = rng.pick(range as string[]);
    }
  }
  try {
    return resolveSimOptions({ ...profile.base, ...drawn, seed }, source);
  } catch (error) {
    if (error instanceof OptionsError) throw new UsageError(error.message);
    throw error;
  }
}
