/**
 * Swarm profiles. A profile fixes some options (`base`) and gives ranges for others (`ranges`); each
 * seed draws its own mix from the ranges with a stream of its own, so every seed stresses a
 * different combination of faults, and the draw is a pure function of (profile, seed).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../io/usage-error.ts';
import { OptionsError, resolveSimOptions } from '../sim/options.ts';
import type { SimOptions } from '../sim/options.ts';
import { RandomStream } from '../sim/random.ts';
import { errorText } from '../io/error-text.ts';

export const PROFILE_DIR = fileURLToPath(new URL('../../simulations/profiles/', import.meta.url));

const rangeSchema = z.union([
  z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= hi, 'a numeric range is [min, max] with min <= max'),
  z.array(z.string()).min(1),
]);

export const profileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().min(1),
    /** Options every seed gets. */
    base: z.record(z.string(), z.unknown()).default({}),
    /** Options drawn per seed: [min, max] (integers when both ends are) or a list of choices. */
    ranges: z.record(z.string(), rangeSchema).default({}),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;

export function builtInProfiles(): string[] {
  return readdirSync(PROFILE_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

/** Loads a profile by built-in name or by file path (YAML or JSON), validated. */
export function loadProfile(nameOrPath: string): Profile {
  const path = existsSync(nameOrPath) ? nameOrPath : join(PROFILE_DIR, `${nameOrPath}.yaml`);
  if (!existsSync(path)) {
    throw new UsageError(`--profile: ${JSON.stringify(nameOrPath)} is neither a file nor a built-in profile (${builtInProfiles().join(', ')})`);
  }
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = extname(path) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${errorText(error)}`);
  }
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${path}: field "${issue.path.join('.') || '(root)'}": ${issue.message}`);
  }
  // Fail now, naming the field, rather than on some seed later.
  drawOptions(parsed.data, 0, path);
  return parsed.data;
}

/** The options of one seed under a profile. */
export function drawOptions(profile: Profile, seed: number, source = `profile ${profile.name}`): SimOptions {
  const rng = new RandomStream(seed, `profile/${profile.name}`);
  const drawn: Record<string, unknown> = {};
  for (const key of Object.keys(profile.ranges).sort()) {
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
