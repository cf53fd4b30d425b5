/** The DDS: the dataset's (or a constraint's) variables with their DAP2 types and shapes. */
import { assertNever } from '../../../core/errors.js';
import type { DapArray } from './dapModel.js';
import type { SelectedArray, Selection } from './bindConstraint.js';
import { escapeDapName } from './dapText.js';

function declaration(part: SelectedArray, indent: string): string {
  const dims = part.array.dimensions.map((d, k) => `[${escapeDapName(d.name)} = ${part.slab[k]!.count}]`).join('');
  return `${indent}${part.array.type} ${escapeDapName(part.array.name)}${dims};\n`;
}

/** One name per member: a Grid's components carry their own names. */
const memberName = (array: DapArray): string => escapeDapName(array.name);

export function renderDds(datasetName: string, selections: readonly Selection[]): string {
  let out = 'Dataset {\n';
  for (const s of selections) {
    switch (s.kind) {
      case 'array':
        out += declaration(s.part, '    ');
        break;
      case 'grid':
        out += '    Grid {\n      ARRAY:\n';
        out += declaration(s.array, '        ');
        out += '      MAPS:\n';
        for (const m of s.maps) out += declaration(m, '        ');
        out += `    } ${memberName(s.variable.array)};\n`;
        break;
      case 'structure':
        out += '    Structure {\n';
        for (const m of s.members) out += declaration(m, '        ');
        out += `    } ${memberName(s.variable.array)};\n`;
        break;
      default:
        assertNever(s, 'selection');
    }
  }
  return `${out}} ${escapeDapName(datasetName)};\n`;
}
