import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { attr, child, children, parseXml, type XmlElement } from '../../../src/core/xml.js';
import { opendapRouter } from '../../../src/protocols/opendap/router.js';
import { sharedPath } from '../../support/shared.js';

const DAP = 'http://xml.opendap.org/ns/DAP/3.2#';
const app = express().use(
  '/opendap',
  opendapRouter({ roots: [{ name: 'fixtures', path: sharedPath('fixtures', 'netcdf') }], maxResponseBytes: 1e9, log: pino({ level: 'silent' }) }),
);

async function ddx(path: string): Promise<XmlElement> {
  const response = await request(app).get(`/opendap/fixtures/${path}`);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/xml/);
  expect(response.headers['content-description']).toBe('dods_ddx');
  return parseXml(response.text);
}

const named = (elements: readonly XmlElement[], name: string): XmlElement | undefined => elements.find((e) => attr(e, 'name') === name);
const values = (attribute: XmlElement | undefined): string[] => children(attribute, DAP, 'value').map((v) => v.text);

describe('the DDX', () => {
  it('gives a Grid with its attributes, Array and Maps, and coordinate variables as Arrays', async () => {
    const dataset = await ddx('basin_mask_netcdf4.nc.ddx');
    expect(dataset.local).toBe('Dataset');
    expect(attr(dataset, 'dapVersion')).toBe('3.2');
    expect(values(named(children(named(children(dataset, DAP, 'Attribute'), 'NC_GLOBAL'), DAP, 'Attribute'), 'Conventions'))).toEqual(['IRIDL']);
    const grid = named(children(dataset, DAP, 'Grid'), 'basin')!;
    expect(values(named(children(grid, DAP, 'Attribute'), 'missing_value'))).toEqual(['-100']);
    const array = child(grid, DAP, 'Array')!;
    expect(array.children.map((c) => c.local)).toEqual(['Byte', 'dimension', 'dimension', 'dimension']);
    expect(children(array, DAP, 'dimension').map((d) => [attr(d, 'name'), attr(d, 'size')])).toEqual([
      ['Z', '33'],
      ['Y', '180'],
      ['X', '360'],
    ]);
    expect(children(grid, DAP, 'Map').map((m) => attr(m, 'name'))).toEqual(['Z', 'Y', 'X']);
    const x = named(children(dataset, DAP, 'Array'), 'X')!;
    expect(values(named(children(x, DAP, 'Attribute'), 'units'))).toEqual(['degree_east']);
    expect(child(x, DAP, 'Float32')).toBeDefined();
  });

  it('gives texts unescaped, scalars as typed elements, char arrays as String arrays and the unlimited dimension in DODS_EXTRA', async () => {
    const dataset = await ddx('madis-sao_netcdf3-classic.nc.ddx');
    const globals = children(named(children(dataset, DAP, 'Attribute'), 'NC_GLOBAL'), DAP, 'Attribute');
    expect(values(named(globals, 'ICR_reference'))).toEqual(["IC check #'s defined in IC check table"]);
    expect(values(named(children(named(children(dataset, DAP, 'Attribute'), 'DODS_EXTRA'), DAP, 'Attribute'), 'Unlimited_Dimension'))).toEqual(['recNum']);
    const scalar = dataset.children.find((e) => attr(e, 'name') === 'nStaticIds')!;
    expect(scalar.local).toBe('Int32');
    const stations = named(children(dataset, DAP, 'Array'), 'stationName')!;
    expect(child(stations, DAP, 'String')).toBeDefined();
    expect(children(stations, DAP, 'dimension').map((d) => attr(d, 'name'))).toEqual(['recNum']);
  });

  it('follows the constraint like the DDS', async () => {
    const dataset = await ddx('basin_mask_netcdf4.nc.ddx?X%5B0:9%5D');
    expect(dataset.children.filter((e) => e.local !== 'Attribute').map((e) => [e.local, attr(e, 'name')])).toEqual([['Array', 'X']]);
    expect(attr(child(named(children(dataset, DAP, 'Array'), 'X'), DAP, 'dimension'), 'size')).toBe('10');
  });
});
