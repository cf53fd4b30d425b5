import { Ajv } from 'ajv';
import { MeridianError } from '../src/core/errors.js';
import type { SourceConfig } from '../src/core/harvest.js';
import { aerisSourceSchema } from './aeris/source.js';
import { cswSourceSchema } from './csw/source.js';
import { esgfSourceSchema } from './esgf/source.js';
import { geonetworkSourceSchema } from './geonetwork/source.js';
import { oaiPmhSourceSchema } from './oai-pmh/source.js';
import { nextFireTime, parseCron } from './runner/schedule.js';
import { esgfNgSourceSchema, stacApiSourceSchema } from './stac-api/source.js';
import { threddsSourceSchema } from './thredds/source.js';

/** The `sources:` list of a configuration file: one variant per source kind, chosen by `kind`. */
export const sourcesSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['kind'],
    discriminator: { propertyName: 'kind' },
    oneOf: [oaiPmhSourceSchema, cswSourceSchema, aerisSourceSchema, geonetworkSourceSchema, threddsSourceSchema, stacApiSourceSchema, esgfSourceSchema, esgfNgSourceSchema],
  },
} as const;

const validate = new Ajv({ allErrors: true, discriminator: true }).compile(sourcesSchema);
const KINDS = sourcesSchema.items.oneOf.map((s) => s.properties.kind.const).join(', ');

/** Validates a `sources:` list (each error with its path), checks that source ids are unique and schedules valid. */
export function parseSources(value: unknown, origin: string): SourceConfig[] {
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) =>
      e.keyword === 'discriminator' ? `/sources${e.instancePath}/kind must be one of ${KINDS}` : `/sources${e.instancePath} ${e.message ?? 'is invalid'}`,
    );
    throw new MeridianError('InvalidParameter', `invalid sources in ${origin}: ${problems.join('; ')}`);
  }
  const sources = value as unknown as SourceConfig[];
  const ids = new Set<string>();
  for (const source of sources) {
    if (ids.has(source.id)) throw new MeridianError('InvalidParameter', `invalid sources in ${origin}: the id "${source.id}" is used twice`);
    ids.add(source.id);
    if (source.schedule !== undefined) {
      try {
        nextFireTime(parseCron(source.schedule), new Date(0));
      } catch (error) {
        throw new MeridianError('InvalidParameter', `invalid sources in ${origin}: source "${source.id}": ${(error as Error).message}`, { cause: error });
      }
    }
  }
  return sources;
}
