import type { NetcdfAttribute, NetcdfVariable } from '../../src/netcdf/datasetHeader.js';
import { CMIP6_FIELDS } from '../esgf/mappings.js';
import { attributeNumbers, attributeText } from './attributeValues.js';

/**
 * CMIP6 global attributes (the CMIP6 data request's required set, written by CMOR) to the properties
 * of the cmip6 STAC extension v3.0.2, with its names and types: `activity_id`, `realm`,
 * `source_type` and `conventions` are arrays, the ripf indices are strings.
 */

/** cmip6 v3.0.2 lists these licences only. */
const CMIP6_LICENSES = new Set(['CC-BY-4.0', 'CC-BY-NC-SA-4.0', 'CC-BY-SA-4.0', 'CC0-1.0']);

/** Extension fields whose global attribute has another name, or that are computed. */
const SOURCES: Readonly<Record<string, string>> = { 'cmip6:conventions': 'Conventions' };

const FIELDS = Object.entries(CMIP6_FIELDS).sort(([a], [b]) => (a < b ? -1 : 1));

export function isCmip6(attrs: readonly NetcdfAttribute[]): boolean {
  return attributeText(attrs, 'mip_era') === 'CMIP6' || attributeText(attrs, 'project_id') === 'CMIP6';
}

/** The cmip6 properties a header gives, in the extension's (alphabetical) order. */
export function cmip6Properties(attrs: readonly NetcdfAttribute[], variables: readonly NetcdfVariable[], spdx: string | undefined): Record<string, unknown> {
  const variableId = attributeText(attrs, 'variable_id');
  const variable = variables.find((v) => v.name === variableId)?.attributes ?? [];
  const variant = attributeText(attrs, 'variant_label');
  const subExperiment = attributeText(attrs, 'sub_experiment_id');
  const computed: Readonly<Record<string, unknown>> = {
    'cmip6:license': spdx !== undefined && CMIP6_LICENSES.has(spdx) ? spdx : undefined,
    'cmip6:member_id': variant === undefined ? undefined : subExperiment === undefined || subExperiment === 'none' ? variant : `${subExperiment}-${variant}`,
    'cmip6:variable_cf_standard_name': attributeText(variable, 'standard_name'),
    'cmip6:variable_long_name': attributeText(variable, 'long_name'),
    'cmip6:variable_units': attributeText(variable, 'units'),
    // The dataset PID is not in the files (their tracking_id is the file's own PID).
    'cmip6:pid': undefined,
  };
  const out: Record<string, unknown> = {};
  for (const [field, spec] of FIELDS) {
    let value: unknown;
    if (field in computed) {
      value = computed[field];
    } else {
      const name = SOURCES[field] ?? field.slice('cmip6:'.length);
      const text = attributeText(attrs, name);
      const number = attributeNumbers(attrs, name)?.[0];
      if (spec.kind === 'array') value = text === undefined ? undefined : text.split(/[\s,]+/).filter((s) => s !== '');
      else value = text ?? (number !== undefined && Number.isInteger(number) ? String(number) : undefined);
    }
    if (value !== undefined) out[field] = value;
  }
  return out;
}
