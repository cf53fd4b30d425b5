/**
 * The DDX (DAP 3.2): the DDS and the DAS in one XML document, as libdap writes it and THREDDS serves
 * it at `.ddx`, for the clients and metadata crawlers that read it. An array is an `<Array>` holding
 * its attributes, a prototype element of its type and its `<dimension>`s; a Grid holds its Array and
 * Maps; the containers that are not a variable's (`NC_GLOBAL`, groups, `DODS_EXTRA`) are Container
 * attributes of the Dataset.
 */
import { assertNever } from '../../../core/errors.js';
import { escapeXml } from '../../../core/xml.js';
import type { SelectedArray, Selection } from './bindConstraint.js';
import type { DapModel } from './dapModel.js';
import { datasetContainers, variableAttributes, type DasAttribute } from './renderDas.js';

const NAMESPACE = 'http://xml.opendap.org/ns/DAP/3.2#';
const SCHEMA = 'http://xml.opendap.org/dap/dap3.2.xsd';

/** A DAS string value (quoted, `\"` and `\\` escaped) as its text. */
const unquote = (value: string): string => value.slice(1, -1).replace(/\\(["\\])/g, '$1');

/** The text without the control characters XML 1.0 cannot carry at all, even escaped (tab and line ends stay). */
const xmlCharacters = (text: string): string =>
  [...text].filter((c) => c >= ' ' || c === '\t' || c === '\n' || c === '\r').join('');

function attributeXml(a: DasAttribute, indent: string): string {
  const values = a.type === 'String' ? a.values.map(unquote) : a.values;
  const body = values.map((v) => `${indent}    <value>${escapeXml(xmlCharacters(v))}</value>\n`).join('');
  return `${indent}<Attribute name="${escapeXml(a.name)}" type="${a.type}">\n${body}${indent}</Attribute>\n`;
}

function containerXml(name: string, attributes: readonly DasAttribute[], indent: string): string {
  const body = attributes.map((a) => attributeXml(a, `${indent}    `)).join('');
  return `${indent}<Attribute name="${escapeXml(name)}" type="Container">\n${body}${indent}</Attribute>\n`;
}

/** An array (or scalar) as `<tag>`: its attributes when given, its type's prototype, its dimensions. */
function arrayXml(part: SelectedArray, tag: string, attributes: readonly DasAttribute[], indent: string): string {
  const { array, slab } = part;
  const inner = `${indent}    `;
  const attributesXml = attributes.map((a) => attributeXml(a, inner)).join('');
  if (array.dimensions.length === 0 && tag === 'Array') {
    return `${indent}<${array.type} name="${escapeXml(array.name)}">\n${attributesXml}${indent}</${array.type}>\n`;
  }
  const dimensions = array.dimensions.map((d, k) => `${inner}<dimension name="${escapeXml(d.name)}" size="${slab[k]!.count}"/>\n`).join('');
  return `${indent}<${tag} name="${escapeXml(array.name)}">\n${attributesXml}${inner}<${array.type}/>\n${dimensions}${indent}</${tag}>\n`;
}

export function renderDdx(datasetName: string, model: DapModel, selections: readonly Selection[]): string {
  let out =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Dataset name="${escapeXml(datasetName)}" xmlns="${NAMESPACE}" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${NAMESPACE} ${SCHEMA}" dapVersion="3.2">\n`;
  for (const c of datasetContainers(model)) out += containerXml(c.name, c.attributes, '    ');
  for (const s of selections) {
    const attributes = variableAttributes(s.variable.array);
    switch (s.kind) {
      case 'array':
        out += arrayXml(s.part, 'Array', attributes, '    ');
        break;
      case 'grid':
        out += `    <Grid name="${escapeXml(s.variable.name)}">\n${attributes.map((a) => attributeXml(a, '        ')).join('')}`;
        out += arrayXml(s.array, 'Array', [], '        ');
        for (const m of s.maps) out += arrayXml(m, 'Map', [], '        ');
        out += '    </Grid>\n';
        break;
      case 'structure':
        out += `    <Structure name="${escapeXml(s.variable.name)}">\n${attributes.map((a) => attributeXml(a, '        ')).join('')}`;
        for (const m of s.members) out += arrayXml(m, 'Array', [], '        ');
        out += '    </Structure>\n';
        break;
      default:
        assertNever(s, 'selection');
    }
  }
  return `${out}</Dataset>\n`;
}
